//! One file per strategy; each is the whole algorithm, small enough to read in the app.
/// A lazy stream of requests, at most k polled at once (`buffer_unordered`).
pub mod buffer_unordered;
/// Every request at once (`join_all`).
pub mod join_all;
/// Every request at once, each behind one of k semaphore permits.
pub mod join_all_limited;
/// One request at a time.
pub mod sequential;
/// k workers pulling from a bounded queue.
pub mod worker_pool;

/// The source of each strategy, for the app's code panel.
pub fn source(strategy: super::Strategy) -> &'static str {
    use super::Strategy::*;
    match strategy {
        Sequential => include_str!("sequential.rs"),
        JoinAll => include_str!("join_all.rs"),
        JoinAllLimited => include_str!("join_all_limited.rs"),
        BufferUnordered => include_str!("buffer_unordered.rs"),
        WorkerPool => include_str!("worker_pool.rs"),
    }
}
