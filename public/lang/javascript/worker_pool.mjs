// k workers over one queue: each takes the next request as soon as it is
// free. Results come in the order they end.
// `fetchOne(i, url)` resolves { status, bytes } for any HTTP answer (500
// included) and rejects on a network error, a timeout or Cancel.
export async function main(urls, k, fetchOne) {
  const queue = [...urls.entries()];
  const results = [];
  async function worker() {
    let item;
    while ((item = queue.shift()) !== undefined) {
      const [i, url] = item;
      try {
        results.push(await fetchOne(i, url));
      } catch (e) {
        // Recorded, not thrown: a worker that stopped here would leave
        // its share of the queue undone.
        results.push(e);
      }
    }
  }
  await Promise.all(Array.from({ length: k }, worker));
  return results;
}
