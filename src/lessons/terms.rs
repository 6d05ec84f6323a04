//! The terms of art the page uses, each with a one-line explanation, and
//! which of them a text uses: the page shows that line beside the text
//! where a term first appears (a tooltip would not show on a projector or
//! a touch screen). Pure, tested natively.
#![deny(missing_docs)]

/// A term, the words that name it in a text (lower case), and its gloss.
pub struct Term {
    /// The term as the gloss names it.
    pub name: &'static str,
    /// Lower-case words whose presence in a text means the term is used.
    pub used_as: &'static [&'static str],
    /// One line saying what it is.
    pub gloss: &'static str,
}

/// Every term of art, in the order a class meets them.
pub static TERMS: [Term; 7] = [
    Term {
        name: "twin",
        used_as: &["twin"],
        gloss: "the simulated server standing in for a post's, its delay worked out from the post's own numbers",
    },
    Term {
        name: "draws",
        used_as: &["draws", "drawn delays"],
        gloss: "the simulated server's seeded random delays and failures: the same seed gives the same ones, so every run of a Compare meets the same",
    },
    Term {
        name: "permit",
        used_as: &["permit"],
        gloss: "a semaphore's ticket: a request runs only while it holds one, and k permits mean at most k at once",
    },
    Term {
        name: "Little's law",
        used_as: &["little's law", "l = λ·w"],
        gloss: "in flight = throughput × time each (L = λ·W): it says how many in flight a rate needs",
    },
    Term {
        name: "Resource Timing",
        used_as: &["resource timing"],
        gloss: "the browser's own record of each fetch: when it waited, was sent, and answered",
    },
    Term {
        name: "service worker",
        used_as: &["service worker"],
        gloss: "a script inside the browser that answers this page's requests: here, the simulated server",
    },
    Term {
        name: "polls",
        used_as: &["poll"],
        gloss: "how often Rust's executor asked a future \"are you done?\"; a future does nothing until polled",
    },
];

/// The terms `texts` use, in [`TERMS`]' order, each once.
pub fn used_in<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<&'static Term> {
    let lower: Vec<String> = texts.into_iter().map(str::to_lowercase).collect();
    TERMS
        .iter()
        .filter(|t| {
            t.used_as
                .iter()
                .any(|w| lower.iter().any(|text| text.contains(w)))
        })
        .collect()
}

/// "Little's law: in flight = …. Polls: …." for the terms `texts` use;
/// `None` when they use none.
pub fn gloss_line<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let used = used_in(texts);
    (!used.is_empty()).then(|| {
        used.iter()
            .map(|t| format!("{}: {}.", crate::verdict::capitalise(t.name), t.gloss))
            .collect::<Vec<_>>()
            .join(" ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_gets_the_glosses_of_the_terms_it_uses_once_each_in_order() {
        let verdict = "the ideal for these draws is 10.0×; Little's law (L = λ·W): 20 in flight";
        let names: Vec<_> = used_in([verdict, "5 permits; a permit each"])
            .iter()
            .map(|t| t.name)
            .collect();
        assert_eq!(names, ["draws", "permit", "Little's law"]);
        assert!(used_in(["join_all was 17.9× faster than the loop"]).is_empty());
        assert_eq!(gloss_line(["no terms here"]), None);
        assert_eq!(
            gloss_line(["polled 230 times"]).as_deref(),
            Some("Polls: how often Rust's executor asked a future \"are you done?\"; a future does nothing until polled.")
        );
    }

    #[test]
    fn every_lesson_text_that_uses_a_term_gets_its_gloss() {
        // The semaphore lesson speaks of permits, 000 of Little's law, polls of polls.
        let text = |id: &str| {
            let l = crate::lessons::Lesson::find(id).expect("lesson");
            [l.published, l.prediction, l.teaches]
        };
        let names = |id: &str| -> Vec<&str> { used_in(text(id)).iter().map(|t| t.name).collect() };
        assert!(names("semaphore").contains(&"permit"));
        assert!(names("000").contains(&"Little's law"));
        assert!(names("polls").contains(&"polls"));
    }
}
