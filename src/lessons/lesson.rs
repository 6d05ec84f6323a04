//! What choosing a lesson does: finding it, its link, the form it sets,
//! and what its Compare runs.
use super::{h2, Claim, Lesson, LESSONS, REAL_HOST_RATE};
use crate::config::{Field, RawSettings};
use crate::engine::Strategy;

impl Lesson {
    /// The runs Compare adds in Python, the post's own language, each
    /// after Rust's run of the same strategy: (strategy, as blocking calls).
    /// Lesson 001's loop is blocking calls, and its "5 threads" have no
    /// Python twin (Pyodide has no threads); lesson 004's plan runs whole.
    pub fn python_twins(&self) -> Vec<(Strategy, bool)> {
        match (self.id, &self.claim) {
            ("001", _) => vec![(Strategy::Sequential, true), (Strategy::JoinAll, false)],
            (_, Claim::Ratios { .. }) => self.twin.plan.iter().map(|&s| (s, false)).collect(),
            _ => Vec::new(),
        }
    }

    /// The lesson whose button is `lesson-{id}`.
    pub fn find(id: &str) -> Option<&'static Lesson> {
        LESSONS.iter().find(|l| l.id == id)
    }

    /// The lesson a link names with `?lesson={id}` (the page's static shell
    /// links each lesson so).
    pub fn from_query(query: &str) -> Option<&'static Lesson> {
        crate::config::query_pairs(query)
            .into_iter()
            .find(|(key, _)| key == "lesson")
            .and_then(|(_, id)| Lesson::find(&id))
    }

    /// A share link's query while this lesson is chosen: `lesson={id}`, then
    /// every field of `form` that differs from what the lesson sets (its
    /// twin), so the link reopens the lesson and exactly this form.
    pub fn share_query(&self, form: &RawSettings) -> String {
        let base = self.settings(false);
        let mut pairs = vec![("lesson", self.id)];
        pairs.extend(
            Field::ALL
                .into_iter()
                .filter(|f| form.get(*f).trim() != base.get(*f).trim())
                .map(|f| (f.param(), form.get(f).trim())),
        );
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }

    /// Its button's `data-testid`: `lesson-{id}`.
    pub fn testid(&self) -> String {
        format!("lesson-{}", self.id)
    }

    /// Everything the lesson sets in the form: every field at its default but
    /// the twin's (a clean experiment), and on its real host, when `real` and
    /// it has one, that target at [`REAL_HOST_RATE`].
    pub fn settings(&self, real: bool) -> RawSettings {
        if self.claim == Claim::Http2 {
            return h2::settings();
        }
        let twin = self.twin;
        let mut raw = RawSettings::default();
        raw.set(Field::Requests, twin.n.to_string());
        raw.set(Field::Concurrency, twin.k.to_string());
        raw.set(Field::Delay, twin.source.delay_ms().to_string());
        raw.set(Field::CpuMs, twin.cpu_ms.to_string());
        raw.set(Field::Jitter, twin.jitter_ms.to_string());
        raw.set(Field::Strategy, twin.strategy.id());
        if let (true, Some(target)) = (real, self.real_target) {
            raw.set(Field::Target, target);
            raw.set(Field::Rate, REAL_HOST_RATE.to_string());
        }
        raw
    }

    /// What Compare runs for this lesson, when it is not sequential and
    /// [`Lesson::compare_with`]: join_all_limited at each of its k.
    pub fn lanes(&self) -> Option<&'static [usize]> {
        match self.claim {
            Claim::Lanes { ks } => Some(ks),
            _ => None,
        }
    }

    /// What Compare races against sequential for this lesson.
    pub fn compare_with(&self) -> Vec<Strategy> {
        self.twin
            .plan
            .iter()
            .copied()
            .filter(|s| *s != Strategy::Sequential)
            .collect()
    }
}
