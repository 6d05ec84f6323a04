use crate::engine::Batch;
use async_lock::Semaphore;
use futures::future::join_all;

/// `join_all`, but each request first takes one of k permits: Python's
/// `async with asyncio.Semaphore(k):`. All N futures exist from the start and
/// wait in line for a permit, so their queued time is long.
pub async fn run(batch: &impl Batch, k: usize) {
    let permits = Semaphore::new(k);
    let permits = &permits;
    join_all((1..=batch.n()).map(|i| async move {
        batch.enqueue(i);
        let _permit = permits.acquire().await; // released when dropped
        batch.request(i).await;
    }))
    .await;
}
