//! The same workload for a real load generator: an `oha` line and a k6
//! script, for when a browser tab is no longer the right tool.
#![deny(missing_docs)]
use crate::config::Settings;
use thiserror::Error;

/// Why there is no command for these settings.
#[derive(Clone, Copy, Debug, PartialEq, Error)]
pub enum NoCommand {
    /// The target is the built-in simulated server, which only this page can reach.
    #[error("The simulated server lives inside this page, so no load generator can reach it: point the target at a real server to get the commands.")]
    SimulatedServer,
}

/// Above these a tab measures itself more than the server: Chromium completes
/// a few hundred requests a second and opens 6 connections per HTTP/1.1 host.
const TAB_REQUESTS: usize = 20_000;
const TAB_CONCURRENCY: usize = 150;

/// The same workload as commands for real load generators.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadTest {
    /// An `oha` command line for the workload.
    pub oha: String,
    /// A k6 script for the workload.
    pub k6: String,
    /// What the commands can't express, and whether the tab is outgrown.
    pub notes: Vec<String>,
}

/// The commands for `settings`; `Err` says why there are none (the simulated
/// server lives inside this page, so no outside tool can reach it).
/// `best_rate` is the most requests/s this tab has completed so far, if any.
pub fn commands(settings: &Settings, best_rate: Option<f64>) -> Result<LoadTest, NoCommand> {
    if settings.is_sim() {
        return Err(NoCommand::SimulatedServer);
    }
    let n = settings.n;
    let c = settings.strategy.concurrency(n, settings.k).max(1);
    let first = settings.url_for(1);
    let mut oha = format!("oha -n {n} -c {c}");
    if settings.rate_per_sec > 0.0 {
        oha += &format!(" -q {}", settings.rate_per_sec);
    }
    if settings.timeout_ms > 0 {
        oha += &format!(" -t {}ms", settings.timeout_ms);
    }
    oha += &format!(" '{}'", first.replace('\'', "%27"));
    let executor = if settings.rate_per_sec > 0.0 {
        let seconds = (n as f64 / settings.rate_per_sec).ceil().max(1.0);
        format!(
            "executor: 'constant-arrival-rate', rate: {}, timeUnit: '1s', duration: '{seconds}s', preAllocatedVUs: {c}, maxVUs: {c}",
            settings.rate_per_sec
        )
    } else {
        format!("executor: 'shared-iterations', vus: {c}, iterations: {n}, maxDuration: '1h'")
    };
    let timeout = if settings.timeout_ms > 0 {
        format!(", {{ timeout: '{}ms' }}", settings.timeout_ms)
    } else {
        String::new()
    };
    let url = settings
        .target
        .replace('\\', "\\\\")
        .replace('`', "\\`")
        .replace("${", "\\${")
        .replace("{i}", "${i}");
    let k6 = format!(
        "import http from 'k6/http';\nimport exec from 'k6/execution';\n\nexport const options = {{\n  scenarios: {{ playground: {{ {executor} }} }},\n}};\n\nexport default function () {{\n  const i = exec.scenario.iterationInTest + 1; // 1..={n}, like {{i}}\n  http.get(`{url}`{timeout});\n}}\n"
    );
    let mut notes = Vec::new();
    if settings.target.contains("{i}") {
        notes.push(
            "oha sends every request to one URL ({i} = 1); the k6 script walks {i} from 1 to N."
                .to_string(),
        );
    }
    if settings.retries > 0 {
        notes.push(format!(
            "Neither command retries: the playground's {} retries with backoff are not in them.",
            settings.retries
        ));
    }
    if n >= TAB_REQUESTS || c > TAB_CONCURRENCY {
        let measured = best_rate
            .map(|r| format!(" This tab's best so far is {r:.0} requests/s."))
            .unwrap_or_default();
        notes.push(format!(
            "At {n} requests, {c} at a time, you have outgrown a browser tab: it completes a few hundred requests a second and opens 6 connections per HTTP/1.1 host, so it measures itself more than your server.{measured} Use a load generator."
        ));
    }
    Ok(LoadTest { oha, k6, notes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Field, RawSettings};

    fn settings(pairs: &[(Field, &str)]) -> Settings {
        let mut raw = RawSettings::default();
        raw.set(Field::Target, "http://127.0.0.1:8090/delay/0.2?i={i}");
        for (f, v) in pairs {
            raw.set(*f, *v);
        }
        raw.validate().expect("valid")
    }

    #[test]
    fn oha_and_k6_carry_n_concurrency_rate_and_timeout() {
        let s = settings(&[
            (Field::Requests, "500"),
            (Field::Concurrency, "25"),
            (Field::Rate, "40"),
            (Field::Timeout, "900"),
        ]);
        let t = commands(&s, None).expect("commands");
        assert_eq!(
            t.oha,
            "oha -n 500 -c 25 -q 40 -t 900ms 'http://127.0.0.1:8090/delay/0.2?i=1'"
        );
        assert!(t.k6.contains("executor: 'constant-arrival-rate', rate: 40, timeUnit: '1s', duration: '13s', preAllocatedVUs: 25, maxVUs: 25"), "{}", t.k6);
        assert!(
            t.k6.contains(
                "http.get(`http://127.0.0.1:8090/delay/0.2?i=${i}`, { timeout: '900ms' });"
            ),
            "{}",
            t.k6
        );
        assert_eq!(t.notes.len(), 1, "{:?}", t.notes);
    }

    #[test]
    fn sequential_is_one_connection_and_a_large_run_says_the_tab_is_outgrown() {
        let s = settings(&[(Field::Strategy, "sequential"), (Field::Requests, "30000")]);
        let t = commands(&s, Some(612.4)).expect("commands");
        assert!(t.oha.starts_with("oha -n 30000 -c 1 'http"), "{}", t.oha);
        assert!(t
            .k6
            .contains("executor: 'shared-iterations', vus: 1, iterations: 30000"));
        assert!(
            t.notes
                .iter()
                .any(|n| n.contains("outgrown a browser tab") && n.contains("612 requests/s")),
            "{:?}",
            t.notes
        );
        let small = commands(&settings(&[]), None).expect("commands");
        assert!(!small.notes.iter().any(|n| n.contains("outgrown")));
    }

    #[test]
    fn the_simulated_server_has_no_command() {
        let s = RawSettings::default().validate().expect("valid");
        assert_eq!(commands(&s, None), Err(NoCommand::SimulatedServer));
    }
}
