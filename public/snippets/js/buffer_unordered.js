async function run(urls, k) {
  const results = [];
  const pending = new Set();
  // A promise is created only when a slot is free.
  for (const url of urls) {
    const p = fetch(url)
      .then(async (r) => { await r.arrayBuffer(); results.push(r.status); })
      .finally(() => pending.delete(p));
    pending.add(p);
    if (pending.size >= k) await Promise.race(pending);
  }
  await Promise.all(pending);
  return results;
}
