//! Where a response handler's CPU work runs: on the page's one thread, or in
//! a pool of Web Workers (seed 004's fix for CPU-bound work, multiprocessing,
//! as a browser does it).

/// Where each response's CPU work (`cpu-ms`) runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CpuMode {
    /// On the page's one thread: handlers cannot overlap.
    #[default]
    Main,
    /// In a pool of Web Workers, one per `navigator.hardwareConcurrency`.
    Workers,
}

impl CpuMode {
    /// Every mode, in the select's order.
    pub const ALL: [CpuMode; 2] = [CpuMode::Main, CpuMode::Workers];
    /// The ids the `cpu-mode` field accepts, in the same order.
    pub const IDS: &'static [&'static str] = &["main", "workers"];

    /// The id the URL and the `cpu-mode` select carry.
    pub fn id(self) -> &'static str {
        match self {
            CpuMode::Main => "main",
            CpuMode::Workers => "workers",
        }
    }

    /// The mode named `id` (as typed in a link, spaces aside).
    pub fn from_id(id: &str) -> Option<CpuMode> {
        CpuMode::ALL.into_iter().find(|m| m.id() == id.trim())
    }

    /// The select's text for it.
    pub fn label(self) -> &'static str {
        match self {
            CpuMode::Main => "main (the page's one thread)",
            CpuMode::Workers => "workers (a pool of Web Workers)",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_match_the_list() {
        for (mode, id) in CpuMode::ALL.into_iter().zip(CpuMode::IDS) {
            assert_eq!(mode.id(), *id);
            assert_eq!(CpuMode::from_id(id), Some(mode));
        }
        assert_eq!(CpuMode::from_id(" workers "), Some(CpuMode::Workers));
        assert_eq!(CpuMode::from_id("threads"), None);
        assert_eq!(CpuMode::from_id("Workers"), None);
        assert_eq!(CpuMode::default(), CpuMode::Main);
    }
}
