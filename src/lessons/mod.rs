//! The seed posts' experiments, one click away: what each post measured, the
//! offline twin that repeats it on the simulated server, and the sentence that
//! compares our run with theirs. Pure: no `web_sys`, tested natively.
#![deny(missing_docs)]
pub mod check;
pub mod cpu;
mod cpu_check;
pub mod equivalents;
pub mod h2;
pub mod lazy;
pub mod lazy_python;
mod lesson;
pub mod polls;
#[cfg(test)]
mod published_tests;
mod python_ratios;
pub mod tasks;
pub mod terms;
#[cfg(test)]
mod tests;
mod twin;

pub use check::{check, Check, Measured};
pub use twin::{ideal_ratio, Source, Twin};

use crate::engine::Strategy;

/// What a lesson's run is checked against.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Claim {
    /// The post timed a sync loop and some concurrent versions of the same calls.
    Ratios {
        /// How many calls the post's loop made.
        post_n: usize,
        /// The post's sync loop, in seconds.
        sequential_s: f64,
        /// (our strategy standing in for theirs, their label, their seconds, their k).
        others: &'static [(Strategy, &'static str, f64, usize)],
    },
    /// Calls per second at a connection limit: Little's law (k = throughput × latency).
    Throughput {
        /// The post's calls per second.
        per_s: f64,
        /// The connection limit it ran at.
        k: usize,
    },
    /// Tasks created first, then awaited one by one in creation order: the
    /// wall is the slowest task's, not the sum; and the post's ratio.
    TasksInOrder {
        /// How many tasks the post created.
        post_n: usize,
        /// The post's sync loop, in seconds.
        sequential_s: f64,
        /// The post's tasks, in seconds.
        async_s: f64,
    },
    /// CPU work per response on one thread: the handlers cannot overlap.
    Serialised,
    /// Rust futures do nothing until polled.
    Lazy,
    /// HTTP/1.1's waves against HTTP/2's one wave, then the stream limit's knee (real servers).
    Http2,
    /// join_all re-polls every child up to 30 of them; buffer_unordered polls the one that woke.
    Polls,
    /// join_all_limited at each of `ks`, as one Compare: k permits, ⌈N ÷ k⌉ waves.
    Lanes {
        /// The k of each run, in order.
        ks: &'static [usize],
    },
}

/// One seed post's experiment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lesson {
    /// `lesson-{id}` is its button's `data-testid`.
    pub id: &'static str,
    /// The lesson's name on its button.
    pub title: &'static str,
    /// The post's title, for the credit line.
    pub post: &'static str,
    /// What the post ran, in one sentence.
    pub experiment: &'static str,
    /// The post's numbers, as published.
    pub published: &'static str,
    /// What you should see, said before the run.
    pub prediction: &'static str,
    /// The offline experiment that repeats the post's on the simulated server.
    pub twin: Twin,
    /// What the lesson's check compares our runs with.
    pub claim: Claim,
    /// Why our number differs from theirs, or what it teaches.
    pub teaches: &'static str,
    /// The post's real host, when it sends CORS headers and allows a polite run.
    pub real_target: Option<&'static str>,
    /// The k list Sweep runs, for a lesson that is a sweep.
    pub sweep: Option<&'static str>,
}

/// JSONPlaceholder's comments: CORS allowed, so lesson 001 can also run for real.
pub const JSONPLACEHOLDER: &str = "https://jsonplaceholder.typicode.com/comments/{i}";

/// The lesson a class starts with: the loop against gather, the easiest picture.
pub const START_HERE: &str = "004";

/// Starts per second on a lesson's real host: one request every 200 ms,
/// well inside the host guard's caps.
pub const REAL_HOST_RATE: u32 = 5;

/// Every lesson, in a class's order: easiest first (004 starts here), then
/// the semaphore, threads, tasks, CPU, the knee, laziness, polls and HTTP/2.
pub static LESSONS: [Lesson; 9] = [
    Lesson {
        id: "004",
        title: "gather versus a loop",
        post: "asyncio and friends",
        // `range(2920, 2941)` is 21 tiles; its gather awaits `session.get(url)`
        // and never reads a body, so 0.233 s is time to headers.
        experiment: "21 map tiles (range(2920, 2941)), sync versus asyncio.gather (Semaphore(10) and a Queue follow).",
        published: "3.545 s vs 0.233 s: \"17x faster\" (their own numbers give 15.2×), N = 21. Their gather never reads the bodies (resp = await session.get(url)), so 0.233 s is the time to the headers.",
        prediction: "sequential ≈ 21 × 169 ms ≈ 3.5 s; join_all ≈ 169 ms: about 21×. Then, as the post goes on, Semaphore(10) (join_all_limited, k = 10) and a Queue with 10 workers (worker_pool): ⌈21 ÷ 10⌉ = 3 waves ≈ 507 ms, about 7×. (The tiles' server is stood in for by the simulated one: OpenStreetMap's tile policy forbids bulk downloads.) Each run is then made again in Python, in this page: the loop, gather, Semaphore(10) and the Queue workers, the post's own code.",
        twin: Twin {
            source: Source::SyncTotal { seconds: 3.545, n: 21 },
            n: 21,
            k: 10,
            strategy: Strategy::JoinAll,
            // The post goes on to Semaphore(10) and a Queue: k = 10 for both.
            plan: &[
                Strategy::Sequential,
                Strategy::JoinAll,
                Strategy::JoinAllLimited,
                Strategy::WorkerPool,
            ],
            cpu_ms: 0,
            jitter_ms: 0,
        },
        claim: Claim::Ratios {
            post_n: 21,
            sequential_s: 3.545,
            others: &[(Strategy::JoinAll, "gather", 0.233, 21)],
        },
        teaches: "gather's time is the slowest tile plus the loop's overhead; the ideal is N× (21×), and both theirs and ours fall short of it by that overhead. Theirs also stopped at the headers, so it measured less than the loop, which read every body.",
        real_target: None,
        sweep: None,
    },
    Lesson {
        id: "semaphore",
        title: "A semaphore's lanes: k = 1, 5, 20",
        // The post that goes on to asyncio.Semaphore(10) after its gather (lesson 004).
        post: "asyncio and friends",
        experiment: "The same 20 requests through join_all_limited (asyncio.Semaphore(k) around each call) at k = 1, 5 and 20, as one Compare, side by side on one time scale.",
        published: "No timings: the arithmetic. With k permits (a permit is a ticket to run; a request waits until one is free), N requests of one delay each go in ⌈N ÷ k⌉ waves.",
        prediction: "k = 1 is the loop again: 20 waves × 200 ms ≈ 4 s. k = 5: 4 waves ≈ 800 ms, five lanes in the waterfall. k = 20: one wave ≈ 200 ms.",
        twin: Twin {
            source: Source::Chosen { ms: 200 },
            n: 20,
            k: 5,
            strategy: Strategy::JoinAllLimited,
            plan: &[],
            cpu_ms: 0,
            jitter_ms: 0,
        },
        claim: Claim::Lanes { ks: &[1, 5, 20] },
        teaches: "A semaphore turns k into lanes: each request takes a permit, runs, and gives it back, so the next waiting one starts. Doubling k halves the waves until k reaches N; past that nothing waits, and more k changes nothing.",
        real_target: None,
        sweep: None,
    },
    Lesson {
        id: "001",
        title: "Sync, 5 threads, async",
        post: "Why You Should Use Async In Python",
        experiment: "499 comments from a JSON API: a sync loop, 5 threads, then async.",
        published: "126.95 s sync / 7.05 s with 5 threads / 0.488 s async (N = 499).",
        prediction: "sequential ≈ N × 254 ms; worker_pool with k = 5 ≈ 5× faster; join_all ≈ N× faster, one latency for the whole batch. Then in Python, in this page: the loop as blocking calls (open_url, a synchronous request), then asyncio.gather, about as far apart. Pyodide has no threads, so the post's 5 threads get no Python run: Rust's worker_pool with k = 5 stands in for them.",
        twin: Twin {
            source: Source::SyncTotal { seconds: 126.95, n: 499 },
            n: 50,
            k: 5,
            strategy: Strategy::JoinAll,
            plan: &[Strategy::Sequential, Strategy::WorkerPool, Strategy::JoinAll],
            cpu_ms: 0,
            jitter_ms: 0,
        },
        claim: Claim::Ratios {
            post_n: 499,
            sequential_s: 126.95,
            others: &[
                (Strategy::WorkerPool, "5 threads", 7.05, 5),
                (Strategy::JoinAll, "async", 0.488, 499),
            ],
        },
        // 126.95 s ÷ 499 = 254 ms per call in the loop; 7.05 s × 5 threads ÷ 499
        // = 71 ms per call per thread. The post gives no reason for the gap.
        teaches: "A speedup grows with N, so at our reduced N compare the share of the ideal, not the raw ×. The post's numbers: 126.95 s ÷ 499 = 254 ms per call in the loop, but 7.05 s × 5 threads ÷ 499 ≈ 71 ms per call in each thread, so its 5 threads gave 18×, not 5×; the post does not say why each call was faster in a thread. The twin's server answers in a fixed time, so k = 5 lanes give at most 5×.",
        real_target: Some(JSONPLACEHOLDER),
        sweep: None,
    },
    Lesson {
        id: "003",
        title: "Create the tasks, then await them",
        post: "Asynchronous Python Part 2",
        // All 50 tasks fetch one URL, www.google.com/robots.txt, and each
        // iteration also writes and deletes a file.
        experiment: "50 tasks, each fetching the same URL (www.google.com/robots.txt) and writing, then deleting, a file: tasks created first, then awaited in order.",
        published: "0.53 s async, \"32 times faster\" than sync (so ≈ 17 s sync, N = 50).",
        prediction: "Compare runs the loop, then the post's pattern: all 50 requests made tasks first, then awaited one by one in creation order. The tasks finish in any order (339 ± 100 ms each), yet awaiting them in order costs nothing: a task done before its turn returns at once, so the wall is about the slowest task (at most 439 ms), not the sum (≈ 50 × 339 ms ≈ 17 s): about 17 s ÷ 0.44 s ≈ 39×, not the 50× of a fixed delay. Then the post's own pattern in Python, in this page (create_task, then await each): about the slowest task too.",
        twin: Twin {
            source: Source::AsyncTimesFaster { async_s: 0.53, times: 32.0, n: 50 },
            n: 50,
            k: 10,
            strategy: Strategy::JoinAll,
            plan: &[Strategy::Sequential, Strategy::JoinAll],
            cpu_ms: 0,
            // Spread finishing times, so many tasks are done before their turn.
            jitter_ms: 100,
        },
        claim: Claim::TasksInOrder {
            post_n: 50,
            sequential_s: 16.96,
            async_s: 0.53,
        },
        teaches: "Creating a task hands it to the event loop, which runs it from then on; awaiting the tasks in order only collects their results, so the slowest one sets the time. (Awaiting each call as it is made, with no tasks, is the loop again.) Theirs reached 32 of an ideal 50×; every task fetched the same host and also wrote and deleted a file, and the post does not split its time between the two. The twin's delays, with no file work, come closer to the ideal.",
        real_target: None,
        sweep: None,
    },
    Lesson {
        id: "cpu",
        title: "When not to use async: CPU-bound work",
        post: "asyncio and friends",
        experiment: "Each response's handler hashes its body for 50 ms on the page's one thread.",
        published: "\"When not to use async: CPU-bound\" work; use multiprocessing instead. (Its I/O numbers: 21 tiles in 3.545 s sync, 0.233 s with gather.)",
        prediction: "With k = 10 the 20 requests wait on the network together, but their handlers run one at a time: wall ≥ N × cpu = 1,000 ms however high k is.",
        twin: Twin {
            source: Source::SyncTotal { seconds: 3.545, n: 21 },
            n: 20,
            k: 10,
            strategy: Strategy::JoinAllLimited,
            plan: &[Strategy::Sequential, Strategy::JoinAllLimited],
            cpu_ms: 50,
            jitter_ms: 0,
        },
        claim: Claim::Serialised,
        teaches: "One thread, cooperative scheduling: a future that computes never yields, so every other response waits for it. The post's fix is multiprocessing; the browser's is a pool of Web Workers: choose CPU mode “workers” under More options and run again, and the handlers overlap.",
        real_target: None,
        sweep: None,
    },
    Lesson {
        id: "000",
        title: "Find the connection limit's knee",
        post: "Python Async",
        // The post's "connection limit of 150" is aiohttp's connection pool,
        // `TCPConnector(limit=150)`, not a Semaphore (aiohttp client reference:
        // "limit (int) – total number simultaneous connections … default 100").
        experiment: "100,000 REST calls with aiohttp, its connection limit tuned: TCPConnector(limit=150), not a Semaphore.",
        // The post ties limit 150 to "around 720 per second" and gives "146 s"
        // separately; its sync loop made about 5 calls per second.
        published: "A connection limit of 150 was optimal, at around 720 calls per second; the 100,000 calls took about 146 s. Their sync version made about 5 calls per second.",
        prediction: "Throughput grows with k until k ≈ throughput × latency, then flattens: past the knee more k only queues. At 200 ms per call (their sync rate, about 5 a second), 150 in flight allow at most 150 ÷ 0.2 s = 750/s, if the browser keeps up. Press Sweep: its six runs, k = 20 … 300 at 200 ms a call, need at least 2,000 × 0.2 s × (1/20 + 1/50 + 1/100 + 1/150 + 1/200 + 1/300) ≈ 38 s at N = 2,000 (9.5 s at N = 500), more where the browser's ceiling binds.",
        twin: Twin {
            // The post's one figure independent of the limit: its sync rate.
            source: Source::SyncRate { per_s: 5.0 },
            n: 2_000,
            k: 150,
            strategy: Strategy::JoinAllLimited,
            plan: &[Strategy::JoinAllLimited],
            cpu_ms: 0,
            jitter_ms: 0,
        },
        claim: Claim::Throughput { per_s: 720.0, k: 150 },
        // 150 ÷ 720/s = 208 ms, against the sync loop's 1 ÷ 5/s = 200 ms.
        teaches: "Little's law, k = throughput × latency, fits the post: 150 ÷ 720/s = 208 ms per call, close to the 200 ms each call took in their sync loop. aiohttp's ClientSession caps at 100 connections unless told otherwise (TCPConnector(limit=100) by default), which is why they had to raise it to reach 150. The browser has its own ceiling (about 500–700 fetches/s here), so its knee is its own throughput × latency, not 150. Run the sweep to see where it bends.",
        real_target: None,
        // Lesson 000's sweep over k, at the twin's reduced N. It starts at 20: at
        // 219 ms a call, k = 1 alone would take 2,000 × 0.219 s ≈ 7 minutes. N = 2,000
        // keeps ramp-up and drain short enough for the plateau to show (at N = 1,000
        // throughput still rose from k = 200 to 300 on this 2-core machine).
        sweep: Some("20, 50, 100, 150, 200, 300"),
    },
    Lesson {
        id: "002",
        title: "Futures are lazy",
        post: "Async and Await in python",
        experiment: "ensure_future and the event loop; concurrency is not parallelism.",
        published: "Concepts, no timings: ensure_future schedules a coroutine on the event loop at once.",
        prediction: "Two halves. “Held 1 s, then polled”: N request futures are built, then held 1 s before join_all polls them, and no fetch starts during the hold. “Spawned at once”: the same futures handed to spawn_local's executor (as asyncio.create_task does) start at once. Then both in Python, in this page: coroutine objects held 1 s send nothing until gather awaits them; asyncio.ensure_future's tasks start during the hold.",
        twin: Twin {
            source: Source::Chosen { ms: 200 },
            n: 10,
            k: 10,
            strategy: Strategy::JoinAll,
            plan: &[],
            cpu_ms: 0,
            jitter_ms: 0,
        },
        claim: Claim::Lazy,
        // Python: a coroutine object runs nothing until awaited or wrapped in a
        // task (five held for 0.5 s sent nothing; create_task sent at once).
        // JS: fetch() returns a promise and sends at the call (Fetch standard).
        teaches: "Three languages, three answers. A Rust future is a value: building it sends nothing; only a poll (an .await, join_all, or spawn_local's executor) makes it run. A Python coroutine object is lazy too: calling the async function sends nothing until it is awaited, or handed to the loop by asyncio.create_task or ensure_future, which start it at the loop's next turn. A JavaScript promise is eager: fetch() sends the request when it is called, before anything awaits it.",
        real_target: None,
        sweep: None,
    },
    Lesson {
        id: "polls",
        title: "Rust's view: who polls how often",
        post: "futures-util's join_all and buffer_unordered (their source)",
        experiment: "join_all against buffer_unordered at N = 20 and at N = 200, counting every poll and wake.",
        published: "futures-util 0.3's join_all keeps up to 30 children (SMALL) in a slice and polls all of them on every wake; above 30 it uses a FuturesOrdered, which polls only the woken child, as buffer_unordered does.",
        prediction: "At N = 20 join_all polls its unfinished children on every wake: up to 20 + 20·21/2 = 230 polls a wake each, several times buffer_unordered's 2–3 a request. At N = 200, past the switch at 30, both poll about the same, 2–3 a request.",
        twin: Twin {
            source: Source::Chosen { ms: 200 },
            n: 20,
            k: 20,
            strategy: Strategy::JoinAll,
            plan: &[],
            cpu_ms: 0,
            // Answers spread over 200 ms, so each wake is mostly one child's.
            jitter_ms: 100,
        },
        claim: Claim::Polls,
        teaches: "A future does nothing until polled, and a combinator decides whom to poll when a waker fires. Below 30 children join_all cannot tell which child woke and polls them all, so its polls grow with N²; FuturesOrdered, FuturesUnordered and buffer_unordered give each child its own waker and poll only that one. None of this shows in the wall time: it is the CPU the executor spends.",
        real_target: None,
        sweep: None,
    },
    Lesson {
        id: "h2",
        title: "HTTP/2 against HTTP/1.1: six connections or one",
        post: "the classic HTTP/2 multiplexing demos",
        experiment: "24 requests of 500 ms at once, over HTTP/1.1 then over HTTP/2, to this project's own latency server (`cargo xtask serve`).",
        published: "The demos' picture: a staircase of waves over HTTP/1.1, one block over HTTP/2.",
        prediction: "Over HTTP/1.1 Chromium opens at most 6 connections to localhost: ⌈24 ÷ 6⌉ = 4 waves, about 2,000 ms. Over HTTP/2 one connection carries all 24 streams: 1 wave, about 500 ms. Then a sweep of k (5 … 50, N = 30 × 1 s) against a server that allows 10 streams per connection: throughput rises until k = 10 and stays flat after it.",
        twin: Twin {
            source: Source::Chosen { ms: h2::DELAY_MS },
            n: h2::N,
            k: 10,
            strategy: Strategy::JoinAll,
            plan: &[],
            cpu_ms: 0,
            jitter_ms: 0,
        },
        claim: Claim::Http2,
        teaches: "The 6 per host is HTTP/1.1's: one request per connection at a time. HTTP/2 multiplexes streams over one connection, so the browser's cap is gone, and the server's SETTINGS_MAX_CONCURRENT_STREAMS takes its place: a limit k above it adds only waiting in the browser, the same knee Little's law predicts. Domain sharding, the HTTP/1.1 cure, buys nothing against a server that sets no stream limit.",
        real_target: None,
        sweep: None,
    },
];
