//! The form's fields: one row each in [`FIELDS`], which everything else reads.

/// What a field holds, and so how it is checked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// Free text: the target URL template.
    Text,
    /// One of the strategy ids (`Strategy::ALL`).
    Strategy,
    /// One of the language ids (`Language::ALL`).
    Language,
    /// A number within a range.
    Number(Range),
    /// One of a fixed list of ids (a select), e.g. `CpuMode::IDS`.
    Choice(&'static [&'static str]),
}

/// The numbers a field accepts: `min..=max`, and only whole ones when `whole`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    /// The smallest number accepted.
    pub min: f64,
    /// The largest number accepted.
    pub max: f64,
    /// Whether only whole numbers are accepted.
    pub whole: bool,
}

/// Everything about one field: its row in [`FIELDS`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldSpec {
    /// The field this row describes.
    pub field: Field,
    /// The `data-testid` of its control.
    pub testid: &'static str,
    /// Its URL parameter name.
    pub param: &'static str,
    /// Its label in the form and in error messages.
    pub label: &'static str,
    /// The form's starting text; share links leave it out.
    pub default: &'static str,
    /// What it holds, and so how it is checked.
    pub kind: Kind,
    /// Only meaningful for the built-in simulated server.
    pub sim_only: bool,
}

const fn whole(min: f64, max: f64) -> Kind {
    Kind::Number(Range {
        min,
        max,
        whole: true,
    })
}

const fn fractional(min: f64, max: f64) -> Kind {
    Kind::Number(Range {
        min,
        max,
        whole: false,
    })
}

/// Declares `Field` and `FIELDS` from one list of rows, so adding a field is
/// one row, and `field as usize` is always the index of its own row.
macro_rules! fields {
    ($($field:ident { $($spec:tt)* })*) => {
        /// One form control; everything about it is its row in [`FIELDS`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Field {
            $(
                #[doc = concat!("The `", stringify!($field), "` control; its row in [`FIELDS`] says the rest.")]
                $field,
            )*
        }

        impl Field {
            /// How many fields the form has.
            pub const COUNT: usize = [$(Field::$field),*].len();
            /// Every field, in form order.
            pub const ALL: [Field; Field::COUNT] = [$(Field::$field),*];
        }

        /// One row per field, in the order of [`Field`]. A `static`, so
        /// [`Field::spec`] can lend a row out for good.
        pub static FIELDS: [FieldSpec; Field::COUNT] = [
            $(FieldSpec { field: Field::$field, $($spec)* },)*
        ];
    };
}

fields! {
    Target {
        testid: "target", param: "target", label: "Target URL",
        // Relative to the page's base: the simulated server under any sub-path.
        default: "__sim/{i}", kind: Kind::Text, sim_only: false,
    }
    Requests {
        testid: "requests", param: "n", label: "Requests (N)",
        default: "20", kind: whole(1.0, 100_000.0), sim_only: false,
    }
    Concurrency {
        testid: "concurrency", param: "k", label: "Concurrency limit (k)",
        default: "5", kind: whole(1.0, 100_000.0), sim_only: false,
    }
    // Host names for one server: `{shard}` in the target becomes 1..=H, and
    // each name gets the browser's own 6 HTTP/1.1 connections.
    Shards {
        testid: "shards", param: "shards", label: "Shards (host names, H)",
        default: "1", kind: whole(1.0, 16.0), sim_only: false,
    }
    Strategy {
        testid: "strategy", param: "strategy", label: "Strategy",
        default: "join_all_limited", kind: Kind::Strategy, sim_only: false,
    }
    // Which language's code runs the strategy: the engine, or a worker's file.
    Language {
        testid: "language", param: "lang", label: "Language",
        default: "rust", kind: Kind::Language, sim_only: false,
    }
    Delay {
        testid: "delay", param: "delay", label: "Server delay (ms)",
        default: "100", kind: whole(0.0, 60_000.0), sim_only: true,
    }
    Jitter {
        testid: "jitter", param: "jitter", label: "Jitter ± (ms)",
        default: "0", kind: whole(0.0, 60_000.0), sim_only: true,
    }
    FailRate {
        testid: "fail-rate", param: "fail", label: "HTTP 500 rate (%)",
        default: "0", kind: fractional(0.0, 100.0), sim_only: true,
    }
    Bytes {
        testid: "bytes", param: "bytes", label: "Body size (bytes)",
        default: "256", kind: whole(0.0, 10_000_000.0), sim_only: true,
    }
    // Really computed (the body hashed): the CPU-bound lesson.
    CpuMs {
        testid: "cpu-ms", param: "cpu", label: "CPU per response (ms)",
        default: "0", kind: whole(0.0, 10_000.0), sim_only: false,
    }
    // Where that work runs: the page's thread, or a pool of Web Workers.
    CpuMode {
        testid: "cpu-mode", param: "cpu_mode", label: "CPU mode",
        default: "main", kind: Kind::Choice(super::CpuMode::IDS), sim_only: false,
    }
    Timeout {
        testid: "timeout", param: "timeout", label: "Timeout per attempt (ms, 0 = none)",
        default: "0", kind: whole(0.0, 600_000.0), sim_only: false,
    }
    // Across retries, backoff and rate waits: the request's whole budget.
    Deadline {
        testid: "deadline", param: "deadline", label: "Deadline per request (ms, 0 = none)",
        default: "0", kind: whole(0.0, 3_600_000.0), sim_only: false,
    }
    // 500/s: the rate the page holds within 1% (tests/e2e/rate.test.mjs).
    // Above it the page's own pauses outlast the limiter's catch-up (1,000/s
    // reached 0.57–0.70 of it), and the ideal would book the shortfall as overhead.
    Rate {
        testid: "rate", param: "rate", label: "Max starts/s (0 = off)",
        default: "0", kind: fractional(0.0, 500.0), sim_only: false,
    }
    Retries {
        testid: "retries", param: "retries", label: "Retries",
        default: "0", kind: whole(0.0, 10.0), sim_only: false,
    }
    Backoff {
        testid: "backoff", param: "backoff", label: "Backoff base (ms)",
        default: "100", kind: whole(0.0, 60_000.0), sim_only: false,
    }
    // 2^53 - 1: the largest whole number an f64 (every field is parsed as one) holds exactly.
    Seed {
        testid: "seed", param: "seed", label: "Seed",
        default: "1", kind: whole(0.0, 9_007_199_254_740_991.0), sim_only: false,
    }
}

impl Field {
    /// Its row in [`FIELDS`].
    #[allow(
        clippy::indexing_slicing,
        reason = "in bounds by construction: `fields!` numbers the variants in row order"
    )]
    pub fn spec(self) -> &'static FieldSpec {
        &FIELDS[self.index()]
    }

    /// Its position in [`Field::ALL`] and [`FIELDS`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The field whose URL parameter is `param`.
    pub fn from_param(param: &str) -> Option<Field> {
        FIELDS.iter().find(|s| s.param == param).map(|s| s.field)
    }

    /// The `data-testid` of its control.
    pub fn testid(self) -> &'static str {
        self.spec().testid
    }

    /// Its URL parameter name.
    pub fn param(self) -> &'static str {
        self.spec().param
    }

    /// Its label in the form and in error messages.
    pub fn label(self) -> &'static str {
        self.spec().label
    }

    /// The form's starting text for it.
    pub fn default_value(self) -> &'static str {
        self.spec().default
    }

    /// The numbers it accepts; `None` for the text and the choices.
    pub fn range(self) -> Option<Range> {
        match self.spec().kind {
            Kind::Number(range) => Some(range),
            Kind::Text | Kind::Strategy | Kind::Language | Kind::Choice(_) => None,
        }
    }

    /// Only meaningful for the built-in simulated server.
    pub fn sim_only(self) -> bool {
        self.spec().sim_only
    }

    /// On the form's first screen; every other field is under "More options".
    pub fn first_screen(self) -> bool {
        matches!(
            self,
            Field::Target
                | Field::Requests
                | Field::Concurrency
                | Field::Strategy
                | Field::Language
        )
    }
}
