use crate::engine::Batch;
use futures::future::join_all;

/// Every request at once, then wait for all of them: Python's `asyncio.gather`.
/// Nothing caps how many are in flight, so N = 20,000 means 20,000 fetches.
pub async fn run(batch: &impl Batch) {
    join_all((1..=batch.n()).map(|i| batch.request(i))).await;
}
