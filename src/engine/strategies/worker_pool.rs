use crate::engine::Batch;
use futures::future::{join, join_all};

/// k workers pull request numbers from a queue until it is closed and empty:
/// the producer/consumer pattern of Python's `asyncio.Queue` or threads with
/// `queue.Queue`. The queue holds at most k items, so the producer waits too.
pub async fn run(batch: &impl Batch, k: usize) {
    let (queue, jobs) = async_channel::bounded(k);
    let producer = async move {
        for i in 1..=batch.n() {
            // Fails only if every worker is gone, which cannot happen first.
            if queue.send(i).await.is_err() {
                break;
            }
        }
        // `queue` is dropped here, which closes it: workers stop when it is empty.
    };
    let workers = join_all((0..k).map(|_| {
        let jobs = jobs.clone();
        async move {
            while let Ok(i) = jobs.recv().await {
                batch.request(i).await;
            }
        }
    }));
    join(producer, workers).await;
}
