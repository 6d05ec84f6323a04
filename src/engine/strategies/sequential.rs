use crate::engine::Batch;

/// One request at a time: each `await` finishes before the next fetch starts,
/// like a plain `for url in urls: requests.get(url)` loop in Python.
pub async fn run(batch: &impl Batch) {
    for i in 1..=batch.n() {
        batch.request(i).await;
    }
}
