// A CPU profile of one live run (CDP Profiler), summed by function's self time.

export async function startProfile(page) {
  await page.send('Profiler.enable');
  await page.send('Profiler.setSamplingInterval', { interval: 500 });
  await page.send('Profiler.start');
}

/** Stops the profiler; returns the top `top` functions by self time and the totals by kind. */
export async function stopProfile(page, top = 15) {
  const { profile } = await page.send('Profiler.stop');
  await page.send('Profiler.disable');
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byName = new Map();
  const kinds = { idle: 0, program: 0, gc: 0, wasm: 0, js: 0 };
  let total = 0;
  for (const [id, us] of selfUs) {
    const f = byNode.get(id).callFrame;
    const name = f.functionName || '(anonymous)';
    const kind = name === '(idle)' ? 'idle'
      : name === '(program)' ? 'program'
        : name === '(garbage collector)' ? 'gc'
          : f.url.endsWith('.wasm') || f.url.startsWith('wasm://') ? 'wasm' : 'js';
    kinds[kind] += us;
    total += us;
    const where = kind === 'js' && f.url ? ` (${f.url.split('/').pop()}:${f.lineNumber + 1})` : '';
    const key = `${name}${where}`;
    byName.set(key, { name: key, kind, us: (byName.get(key)?.us ?? 0) + us });
  }
  const rows = [...byName.values()].sort((a, b) => b.us - a.us).slice(0, top)
    .map((r) => ({ ...r, ms: r.us / 1000, share: r.us / total }));
  return {
    totalMs: total / 1000,
    kinds: Object.fromEntries(Object.entries(kinds).map(([k, us]) => [k, { ms: us / 1000, share: us / total }])),
    top: rows,
  };
}
