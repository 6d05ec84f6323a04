async function run(urls) {
  const statuses = [];
  // One call at a time: N × latency.
  for (const url of urls) {
    const r = await fetch(url);
    await r.arrayBuffer();
    statuses.push(r.status);
  }
  return statuses;
}
