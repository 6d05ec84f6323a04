//! The code panel's languages: the engine's own Rust, and each strategy written
//! for this project in Python asyncio (the seed posts' style) and in plain
//! JavaScript. The texts are files the site serves and the panel fetches when
//! it opens, so they are not in the wasm: the Rust is src/engine/strategies/
//! itself, the others are public/snippets/{python,js}/ (edit them there).
#![deny(missing_docs)]
use crate::engine::Strategy;

/// A language the code panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// The engine's own code, the one that runs here.
    Rust,
    /// The same strategy in Python asyncio.
    Python,
    /// The same strategy in plain JavaScript.
    JavaScript,
}

impl Language {
    /// Every language, in tab order.
    pub const ALL: [Language; 3] = [Language::Rust, Language::Python, Language::JavaScript];

    /// `code-tab-{id}` is its tab's `data-testid`.
    pub fn id(self) -> &'static str {
        match self {
            Language::Rust => "rust",
            Language::Python => "python",
            Language::JavaScript => "js",
        }
    }

    /// Its tab's label.
    pub fn label(self) -> &'static str {
        match self {
            Language::Rust => "Rust (runs here)",
            Language::Python => "Python asyncio",
            Language::JavaScript => "JavaScript",
        }
    }
}

impl Language {
    /// The folder the site serves this language's files from, relative to
    /// its `<base>`: index.html's head copies `repo_folder` there.
    fn site_folder(self) -> &'static str {
        match self {
            Language::Rust => "strategies",
            Language::Python => "snippets/python",
            Language::JavaScript => "snippets/js",
        }
    }

    /// The folder in this repository that holds this language's files.
    fn repo_folder(self) -> &'static str {
        match self {
            Language::Rust => "src/engine/strategies",
            Language::Python => "public/snippets/python",
            Language::JavaScript => "public/snippets/js",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Language::Rust => "rs",
            Language::Python => "py",
            Language::JavaScript => "js",
        }
    }
}

/// Where the site serves `strategy`'s code in `language`, relative to the
/// page's `<base>`, so it works at an origin's root and under a sub-path.
pub fn site_path(strategy: Strategy, language: Language) -> String {
    format!(
        "{}/{}.{}",
        language.site_folder(),
        strategy.id(),
        language.extension()
    )
}

/// The same file's path in this repository, for the panel's caption and
/// for a reader whose page could not load it.
pub fn repo_path(strategy: Strategy, language: Language) -> String {
    format!(
        "{}/{}.{}",
        language.repo_folder(),
        strategy.id(),
        language.extension()
    )
}

/// `strategy`'s code in `language`, compiled in for native tests only.
#[cfg(test)]
pub fn code(strategy: Strategy, language: Language) -> &'static str {
    use Strategy::*;
    match language {
        Language::Rust => crate::engine::strategies::source(strategy),
        Language::Python => match strategy {
            Sequential => include_str!("../../public/snippets/python/sequential.py"),
            JoinAll => include_str!("../../public/snippets/python/join_all.py"),
            JoinAllLimited => include_str!("../../public/snippets/python/join_all_limited.py"),
            BufferUnordered => include_str!("../../public/snippets/python/buffer_unordered.py"),
            WorkerPool => include_str!("../../public/snippets/python/worker_pool.py"),
        },
        Language::JavaScript => match strategy {
            Sequential => include_str!("../../public/snippets/js/sequential.js"),
            JoinAll => include_str!("../../public/snippets/js/join_all.js"),
            JoinAllLimited => include_str!("../../public/snippets/js/join_all_limited.js"),
            BufferUnordered => include_str!("../../public/snippets/js/buffer_unordered.js"),
            WorkerPool => include_str!("../../public/snippets/js/worker_pool.js"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// index.html's head, where Trunk is told which folders to copy.
    const PAGE: &str = include_str!("../../index.html");

    #[test]
    fn the_site_serves_each_languages_folder_as_the_panel_asks_for_it() {
        for l in Language::ALL {
            let link = format!(
                r#"<link data-trunk rel="copy-dir" href="{}" data-target-path="{}" />"#,
                l.repo_folder(),
                l.site_folder()
            );
            assert!(PAGE.contains(&link), "index.html lacks {link}");
        }
    }

    #[test]
    fn every_served_file_is_the_file_in_the_repository() {
        let root = env!("CARGO_MANIFEST_DIR");
        for s in Strategy::ALL {
            for l in Language::ALL {
                let repo = repo_path(s, l);
                let on_disk = std::fs::read_to_string(format!("{root}/{repo}")).unwrap();
                // The Rust tab shows the very file the engine compiles.
                assert_eq!(on_disk, code(s, l), "{repo}");
                let served = site_path(s, l);
                assert_eq!(
                    served.strip_prefix(l.site_folder()),
                    repo.strip_prefix(l.repo_folder()),
                    "{served} is not {repo}"
                );
            }
        }
    }
}
