//! After a lesson's runs: did they show what was predicted, and how do our
//! numbers compare with the post's?
#![deny(missing_docs)]
use super::{ideal_ratio, Claim, Lesson};
use crate::engine::Strategy;
use crate::lang::Language;
use crate::report::sweep::{reading, Point, Reading};
use crate::stats::format_ms;
use crate::verdict::capitalise;

/// One finished run of a lesson, as the check needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct Measured {
    /// The strategy the run used.
    pub strategy: Strategy,
    /// The language that ran it: a run is checked against runs of its own.
    pub language: crate::lang::Language,
    /// Its CPU work ran in the pool of Web Workers (`cpu-mode=workers`).
    pub cpu_workers: bool,
    /// N, how many requests it made.
    pub n: usize,
    /// k, its concurrency limit.
    pub k: usize,
    /// The simulated server's delay, in ms.
    pub delay_ms: u32,
    /// CPU work per response on the main thread, in ms.
    pub cpu_ms: u32,
    /// First request start to last outcome, in ms.
    pub wall_ms: f64,
    /// Requests that ended ok: throughput is ok ÷ wall, as on the sweep chart.
    pub ok: usize,
    /// Everything of the settings but the strategy and k
    /// (`Settings::workload_key`): runs compare only within one workload.
    pub workload: String,
    /// Every request ran to an outcome.
    pub completed: bool,
    /// The plan (Run, Compare or sweep) it belonged to.
    pub batch: usize,
    /// The measured `nextHopProtocol` (`http/1.1`, `h2`); `None` when unknown.
    pub protocol: Option<String>,
    /// Its requests' polls summed; `None` when they were not counted.
    pub polls: Option<u32>,
    /// The replayed ideal, as the verdict gives it: (this strategy's ms,
    /// sequential's ms) on the run's own server times, rate limit included.
    /// `None`: not replayed; the fixed-delay waves stand in.
    pub ideal: Option<(f64, f64)>,
    /// Its tasks' own times, for lesson 003's run (tasks awaited in order).
    pub tasks: Option<super::tasks::TaskTimes>,
}

/// The verdict on a lesson's runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    /// The run showed what the prediction said.
    pub shown: bool,
    /// The evidence, with numbers.
    pub evidence: String,
    /// Ours beside theirs, in one sentence.
    pub sentence: String,
}

/// A share of the ideal as a whole percentage.
fn pct(ratio: f64, ideal: f64) -> f64 {
    (ratio / ideal * 100.0).round()
}

/// The latest complete run of `strategy` in `language` among `runs`.
pub(super) fn latest(
    runs: &[Measured],
    strategy: Strategy,
    language: Language,
) -> Option<&Measured> {
    runs.iter().rev().find(|r| {
        r.strategy == strategy
            && r.language == language
            && r.completed
            && r.wall_ms > 0.0
            && r.tasks.is_none()
    })
}

/// The same workload, as the compare chart matches runs: everything but the
/// strategy and k.
fn same_workload(a: &Measured, b: &Measured) -> bool {
    a.workload == b.workload
}

/// The sequential run `run` is measured against: of its own plan if there
/// is one, else the latest complete one with the same workload.
pub(super) fn baseline_of<'a>(runs: &'a [Measured], run: &Measured) -> Option<&'a Measured> {
    let mut same = runs.iter().rev().filter(|r| {
        r.strategy == Strategy::Sequential
            && r.language == run.language
            && r.completed
            && r.wall_ms > 0.0
            && same_workload(r, run)
    });
    same.clone()
        .find(|r| r.batch == run.batch)
        .or_else(|| same.next())
}

/// The ideal wall on the twin's fixed delay: ⌈N ÷ lanes⌉ waves of one delay each.
pub(super) fn ideal_wall_ms(run: &Measured) -> f64 {
    let lanes = run.strategy.concurrency(run.n, run.k).max(1);
    run.n.div_ceil(lanes) as f64 * f64::from(run.delay_ms)
}

/// What a post measured for one concurrent version of its loop.
pub(super) struct Post {
    /// How many calls its loop made.
    pub n: usize,
    /// The version's concurrency limit.
    pub k: usize,
    /// Its sync loop, in seconds.
    pub sequential_s: f64,
    /// The version's time, in seconds.
    pub seconds: f64,
    /// What the post called it.
    pub label: &'static str,
}

/// One run of a lesson beside the post's figure for the same version.
pub(super) struct Against {
    /// The run reached at least half of its ideal.
    pub ok: bool,
    /// "✓ join_all 17.9× (ideal 21×)".
    pub evidence: String,
    /// "the post measured … ; here … faster than sequential …".
    pub sentence: String,
}

/// `run` (called `name`) against its sequential baseline among `runs` and
/// against `post`; `None` without a baseline.
pub(super) fn against_post(
    runs: &[Measured],
    run: &Measured,
    name: &str,
    post: &Post,
) -> Option<Against> {
    let strategy = run.strategy;
    let base = baseline_of(runs, run)?;
    let ours = base.wall_ms / run.wall_ms;
    // The replayed ideal when there is one: it counts a rate limit
    // (5 starts a second on a real host allow about 1×, not N×).
    let ideal = run
        .ideal
        .filter(|(ms, _)| *ms > 0.0)
        .map_or_else(|| ideal_ratio(strategy, run.n, run.k), |(ms, seq)| seq / ms);
    let theirs = post.sequential_s / post.seconds;
    let their_ideal = ideal_ratio(strategy, post.n, post.k);
    // The share of the ideal, ideal ÷ wall, as the verdict and the stats table give it.
    let ideal_ms = run.ideal.map_or_else(|| ideal_wall_ms(run), |(ms, _)| ms);
    let share = ideal_ms / run.wall_ms;
    // "About the ideal": at least half of it, on a noisy 2-core machine.
    let ok = share >= 0.5;
    Some(Against {
        ok,
        evidence: format!(
            "{} {name} {ours:.1}× (ideal {ideal:.0}×)",
            if ok { "✓" } else { "✗" },
        ),
        sentence: format!(
            "the post measured {theirs:.1}× with {} at N={} ({}% of its ideal {their_ideal:.0}×); here {name} was {ours:.1}× faster than sequential at N={} (ideal {ideal:.0}×), and ran at {:.0}% of its ideal ({} ÷ {})",
            post.label,
            post.n,
            pct(theirs, their_ideal),
            run.n,
            share * 100.0,
            format_ms(ideal_ms),
            format_ms(run.wall_ms),
        ),
    })
}

/// Checks `runs` (the lesson's own, oldest first) against `lesson`'s claim;
/// `None` until the runs it needs are there. The lazy lesson is checked by
/// its own experiment ([`super::lazy`]).
pub fn check(lesson: &Lesson, runs: &[Measured]) -> Option<Check> {
    match lesson.claim {
        Claim::Ratios {
            post_n,
            sequential_s,
            others,
        } => {
            let mut evidence = Vec::new();
            let mut sentences = Vec::new();
            let mut shown = true;
            for &(strategy, label, seconds, post_k) in others {
                let Some(run) = latest(runs, strategy, Language::Rust) else {
                    continue;
                };
                let post = Post {
                    n: post_n,
                    k: post_k,
                    sequential_s,
                    seconds,
                    label,
                };
                let Some(against) = against_post(runs, run, strategy.id(), &post) else {
                    continue;
                };
                shown &= against.ok;
                evidence.push(against.evidence);
                sentences.push(against.sentence);
            }
            if sentences.is_empty() {
                return None;
            }
            let mut sentence = capitalise(&format!("{}.", sentences.join("; ")));
            // Then the post's own language, measured in this page.
            let python = super::python_ratios::python_ratios(runs, others.iter().map(|o| o.0));
            if !python.is_empty() {
                shown &= python.iter().all(|(ok, _, _)| *ok);
                evidence.extend(python.iter().map(|(_, e, _)| e.clone()));
                let said: Vec<&str> = python.iter().map(|(_, _, s)| s.as_str()).collect();
                sentence += &format!(" In Python, in this page: {}.", said.join("; "));
            }
            Some(Check {
                shown,
                evidence: evidence.join("; "),
                sentence,
            })
        }
        Claim::TasksInOrder {
            post_n,
            sequential_s,
            async_s,
        } => super::tasks::check(runs, post_n, sequential_s, async_s),
        Claim::Throughput { per_s, k: post_k } => {
            if let Some(check) = sweep_check(runs, per_s, post_k) {
                return Some(check);
            }
            let run = runs
                .iter()
                .rev()
                .find(|r| r.completed && r.wall_ms > 0.0 && r.strategy != Strategy::Sequential)?;
            let ours = crate::stats::throughput(run.ok, run.wall_ms).unwrap_or(0.0);
            let k = run.strategy.concurrency(run.n, run.k);
            let latency_s = f64::from(run.delay_ms.max(1)) / 1000.0;
            // Little's law: k in flight, each taking `latency_s`, finish k / latency per second at best.
            let bound = k as f64 / latency_s;
            let knee = ours * latency_s;
            let shown = ours <= bound * 1.05;
            Some(Check {
                shown,
                evidence: format!(
                    "{} {ours:.0} calls/s with k={k}; Little's law allows at most {k} / {latency_s:.3} s = {bound:.0}/s",
                    if shown { "✓" } else { "✗" }
                ),
                sentence: format!(
                    "The post reached {per_s:.0} calls/s with aiohttp at limit {post_k}; here {} reached {ours:.0}/s at k={k} ({}% of k / latency). {}",
                    run.strategy.id(),
                    pct(ours, bound),
                    if ours >= bound * 0.8 {
                        "Near the bound, so still below the knee: a higher k would raise the rate, until the browser's ceiling.".to_string()
                    } else {
                        format!("Well under the bound, so past the knee: the browser, not k, sets the pace, and its knee is near k ≈ {ours:.0}/s × {latency_s:.3} s ≈ {knee:.0}; more k only queues.")
                    }
                ),
            })
        }
        Claim::Serialised => {
            let run = runs
                .iter()
                .rev()
                .find(|r| r.completed && r.strategy != Strategy::Sequential && r.cpu_ms > 0)?;
            let floor = run.n as f64 * f64::from(run.cpu_ms);
            let lanes = run.strategy.concurrency(run.n, run.k).max(1);
            if run.cpu_workers {
                return Some(super::cpu_check::workers_check(runs, run, floor, lanes));
            }
            let network = run.n.div_ceil(lanes) as f64 * f64::from(run.delay_ms);
            let shown = run.wall_ms >= floor * 0.95;
            Some(Check {
                shown,
                evidence: format!(
                    "{} wall {:.0} ms ≥ N × cpu = {floor:.0} ms, with k={lanes}",
                    if shown { "✓" } else { "✗" },
                    run.wall_ms
                ),
                sentence: format!(
                    "The network alone would take about {network:.0} ms with {lanes} in flight, but {} handlers of {} ms each ran one after another on the page's one thread: {:.0} ms. The post's advice holds: CPU-bound work needs another process, here a Web Worker: run again with CPU mode “workers”.",
                    run.n, run.cpu_ms, run.wall_ms
                ),
            })
        }
        Claim::Lazy => None,
        Claim::Http2 => super::h2::check(runs),
        Claim::Polls => super::polls::check(runs),
        Claim::Lanes { ks } => lanes_check(runs, ks),
    }
}

/// The semaphore lesson: each k's run of one press against its ⌈N ÷ k⌉ waves.
fn lanes_check(runs: &[Measured], ks: &[usize]) -> Option<Check> {
    let last = runs
        .iter()
        .rev()
        .find(|r| r.strategy == Strategy::JoinAllLimited && r.completed)?;
    let mut evidence = Vec::new();
    let mut said = Vec::new();
    let mut shown = true;
    for &k in ks {
        let run = runs.iter().rev().find(|r| {
            r.batch == last.batch
                && r.strategy == Strategy::JoinAllLimited
                && r.k == k
                && r.completed
        })?;
        let waves = run.n.div_ceil(k.max(1));
        let ideal_ms = run.ideal.map_or_else(|| ideal_wall_ms(run), |(ms, _)| ms);
        let share = ideal_ms / run.wall_ms.max(f64::MIN_POSITIVE);
        let ok = share >= 0.5;
        shown &= ok;
        let waves_word = if waves == 1 { "wave" } else { "waves" };
        evidence.push(format!(
            "{} k = {k}: {} ({waves} {waves_word}, ideal {})",
            if ok { "✓" } else { "✗" },
            format_ms(run.wall_ms),
            format_ms(ideal_ms)
        ));
        said.push(format!(
            "k = {k} took {} in {waves} {waves_word}",
            format_ms(run.wall_ms)
        ));
    }
    Some(Check {
        shown,
        evidence: evidence.join("; "),
        sentence: format!(
            "With k permits the {} requests went in ⌈N ÷ k⌉ waves: {}. Each pane of the waterfall shows its lanes on the same time scale.",
            last.n,
            said.join(", ")
        ),
    })
}

impl Measured {
    /// This run as one point of a sweep chart: its k, wall and ok throughput.
    pub fn sweep_point(&self) -> Point {
        Point {
            k: self.k,
            run: 0,
            wall_ms: self.wall_ms,
            per_s: crate::stats::throughput(self.ok, self.wall_ms).unwrap_or(0.0),
            ideal_ms: None,
            cancelled: !self.completed,
            failed: self.n.saturating_sub(self.ok),
        }
    }
}

/// Lesson 000 after a sweep: where the measured knee fell against Little's law.
fn sweep_check(runs: &[Measured], post_per_s: f64, post_k: usize) -> Option<Check> {
    let last = runs.iter().rev().find(|r| r.strategy.uses_k())?;
    let points: Vec<Point> = runs
        .iter()
        .filter(|r| r.batch == last.batch && r.strategy == last.strategy)
        .map(Measured::sweep_point)
        .collect();
    if points.iter().filter(|p| !p.cancelled).count() < 3 {
        return None;
    }
    let latency_s = f64::from(last.delay_ms.max(1)) / 1000.0;
    // The chart's rule (report::sweep::reading): no bend, no knee.
    let knee = match reading(&points)? {
        Reading::Knee(knee) => knee,
        Reading::Rising {
            k: largest, per_s, ..
        } => {
            return Some(Check {
                shown: false,
                evidence: format!(
                    "✗ no plateau within the list, so no knee: the best throughput, {per_s:.0} req/s, came at the largest k = {largest}"
                ),
                sentence: format!(
                    "This sweep never levelled off: {per_s:.0} req/s at k = {largest} was still more than 5% above every smaller k. Add larger k values or more requests (a short run spends much of its time ramping up and draining), then sweep again."
                ),
            });
        }
    };
    // Little's law: at the best rate, this many requests in flight cover the latency.
    let predicted = knee.best_per_s * latency_s;
    // A sweep list steps by at most ×2.5 (e.g. 20 → 50), so the knee lands within that of the prediction.
    let shown = (predicted / 2.5..=predicted * 2.5).contains(&(knee.k as f64));
    Some(Check {
        shown,
        evidence: format!(
            "{} knee at k = {} ({:.0} req/s, best {:.0} req/s at k = {}); Little's law predicts k ≈ {:.0}/s × {latency_s:.3} s ≈ {predicted:.0}",
            if shown { "✓" } else { "✗" },
            knee.k,
            knee.per_s,
            knee.best_per_s,
            knee.best_k,
            knee.best_per_s,
        ),
        sentence: format!(
            "The post found limit {post_k} optimal with aiohttp, at {post_per_s:.0} calls/s; here the sweep's knee came out at k = {}, where the browser reached {:.0} requests/s. That is the browser's own ceiling: {:.0}/s × {latency_s:.3} s ≈ {predicted:.0} requests in flight is all L = λ·W needs, and a higher k only queues. Their 150 fits the same arithmetic for their server and aiohttp: about 720/s × 0.2 s ≈ 150.",
            knee.k, knee.best_per_s, knee.best_per_s,
        ),
    })
}
