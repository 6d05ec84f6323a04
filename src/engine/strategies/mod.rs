//! One file per strategy; each is the whole algorithm, small enough to read in the app.
pub mod buffer_unordered;
pub mod join_all;
pub mod join_all_limited;
pub mod sequential;
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
