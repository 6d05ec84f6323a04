// A p-limit-style semaphore: at most k inside.
function limit(k) {
  let active = 0;
  const waiting = [];
  const next = () => { active--; waiting.shift()?.(); };
  return async (task) => {
    if (active >= k) await new Promise((go) => waiting.push(go));
    active++;
    try { return await task(); } finally { next(); }
  };
}

async function run(urls, k) {
  const gate = limit(k);
  // All N promises exist at once; k run.
  return Promise.all(urls.map((url) => gate(async () => {
    const r = await fetch(url);
    await r.arrayBuffer();
    return r.status;
  })));
}
