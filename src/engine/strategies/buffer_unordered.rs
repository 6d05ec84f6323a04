use crate::engine::Batch;
use futures::stream::{self, StreamExt};

/// A lazy stream of request futures, polled k at a time, taking each result as
/// it comes. A future is only created when a slot frees up, so nothing waits in
/// a queue: queued and started are the same moment.
pub async fn run(batch: &impl Batch, k: usize) {
    stream::iter(1..=batch.n())
        .map(|i| batch.request(i))
        .buffer_unordered(k)
        .collect::<()>()
        .await;
}
