use crate::engine::Batch;
use futures::stream::{self, StreamExt};

/// A lazy stream of request futures, polled k at a time, taking each result as
/// it comes. Requests wait for a free slot just as with the semaphore, but a
/// future is only created when a slot frees up: the N − k still waiting take
/// no memory, where `join_all_limited` holds all N futures from the start.
pub async fn run(batch: &impl Batch, k: usize) {
    stream::iter(1..=batch.n())
        .map(|i| batch.request(i))
        .buffer_unordered(k)
        .collect::<()>()
        .await;
}
