//! The Python and JavaScript files the language worker runs, compiled in so
//! that the code panel shows exactly the file that runs (as it does for Rust).
use super::Language;
use crate::engine::Strategy;

macro_rules! sources {
    ($($strategy:ident => $id:literal),* $(,)?) => {
        /// `strategy`'s runnable file in `language`; `None` for Rust, whose
        /// code is the engine's own (`src/engine/strategies`).
        pub fn source(language: Language, strategy: Strategy) -> Option<&'static str> {
            match (language, strategy) {
                (Language::Rust, _) => None,
                $(
                    (Language::Python, Strategy::$strategy) => {
                        Some(include_str!(concat!("../../public/lang/python/", $id, ".py")))
                    }
                    (Language::JavaScript, Strategy::$strategy) => {
                        Some(include_str!(concat!("../../public/lang/javascript/", $id, ".mjs")))
                    }
                )*
            }
        }
    };
}

sources! {
    Sequential => "sequential",
    JoinAll => "join_all",
    JoinAllLimited => "join_all_limited",
    BufferUnordered => "buffer_unordered",
    WorkerPool => "worker_pool",
}

/// Where that file sits in the repository (and, under `lang/`, on the site).
pub fn path(language: Language, strategy: Strategy) -> String {
    match language {
        Language::Rust => format!("src/engine/strategies/{}.rs", strategy.id()),
        Language::Python => format!("public/lang/python/{}.py", strategy.id()),
        Language::JavaScript => format!("public/lang/javascript/{}.mjs", strategy.id()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_strategy_shows_the_file_its_id_names() {
        for s in Strategy::ALL {
            assert_eq!(source(Language::Rust, s), None);
            for l in [Language::Python, Language::JavaScript] {
                let text = source(l, s).unwrap_or_default();
                let on_disk = std::fs::read_to_string(
                    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path(l, s)),
                )
                .expect("the file is in the repository");
                assert_eq!(text, on_disk, "{}", path(l, s));
                assert!(text.contains("main("), "{} defines main", path(l, s));
            }
        }
    }
}
