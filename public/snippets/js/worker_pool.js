async function run(urls, k) {
  const queue = [...urls];
  const results = [];
  // k workers take the next URL until the queue is empty.
  async function worker() {
    let url;
    while ((url = queue.shift()) !== undefined) {
      const r = await fetch(url);
      await r.arrayBuffer();
      results.push(r.status);
    }
  }
  await Promise.all(Array.from({ length: k }, worker));
  return results;
}
