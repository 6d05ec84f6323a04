use crate::engine::Batch;
use futures::future::join_all;
use tokio::sync::Semaphore;

/// `join_all`, but each request first takes one of k permits: Python's
/// `async with asyncio.Semaphore(k):`. Requests wait in line (first come, first
/// served) for a permit, and all N futures exist, in memory, while they wait.
pub async fn run(batch: &impl Batch, k: usize) {
    let permits = Semaphore::new(k);
    let permits = &permits;
    join_all((1..=batch.n()).map(|i| async move {
        // Err only if the semaphore were closed, which this code never does.
        if let Ok(_permit) = permits.acquire().await {
            // Boxed: a waiting future then holds only its place in line, and
            // the request's larger state (fetch, timers, retries) is allocated
            // when it gets a permit: k of them at a time, not N.
            Box::pin(batch.request(i)).await; // the permit is released when dropped
        }
    }))
    .await;
}
