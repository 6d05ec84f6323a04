//! The data the in-flight chart and the latency histogram share, recomputed at
//! most 4 times a second while a run is live: rebuilding SVG and tables at
//! 60 Hz took main-thread time from the fetches being measured.
use crate::report::Focus;
use crate::state::Playground;
use leptos::prelude::*;
use std::sync::Arc;

const LIVE_GAP_MS: f64 = 250.0;

pub fn use_focus(pg: Playground) -> Signal<Option<Arc<Focus>>> {
    let focus = RwSignal::new(None);
    let last_live = StoredValue::new(f64::NEG_INFINITY);
    Effect::new(move |_| {
        pg.session.track_frames();
        let live = pg.session.is_running();
        // Tracked, so a change of runs or selection redraws.
        let _ = pg.history.shown();
        let now = crate::browser::clock::now_ms();
        if live && now - last_live.get_value() < LIVE_GAP_MS {
            return;
        }
        last_live.set_value(if live { now } else { f64::NEG_INFINITY });
        focus.set(untrack(|| pg.focus_untracked()).map(Arc::new));
    });
    focus.read_only().into()
}
