// What the engine's poll counters cost: the same build, two pages, one with
// `?counting=timed` (counts and busy time, the default) and one with
// `?counting=off`, runs interleaved A B B A A B … on one workload.
import { openApp, configure, runWasm, clearHistory } from './app.mjs';
import { median } from './report.mjs';

/** `pairs` pairs of one strategy at N=`n`, k=`k`: wall with counting on ÷ off. */
export async function countingOverhead(browser, base, { n = 20000, k = 150, delay = 50, pairs = 3, strategy = 'buffer_unordered' } = {}) {
  const workload = { requests: n, concurrency: k, delay, jitter: 0, 'fail-rate': 0, retries: 0, timeout: 0, rate: 0, strategy };
  const sides = {};
  for (const [name, counting] of [['on', 'timed'], ['off', 'off']]) {
    sides[name] = await openApp(browser, base, `?counting=${counting}`);
    await sides[name].send('Performance.enable');
    await configure(sides[name], workload);
  }
  // The renderer's main-thread script time, cumulative: the wall is mostly
  // the browser's fetch ceiling, script time is where counting's cost lands.
  const scriptS = async (page) => (await page.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration').value;
  const runs = [];
  for (let pair = 1; pair <= pairs; pair++) {
    const row = { pair };
    // A B, B A, …: neither side always runs first in its pair.
    for (const name of pair % 2 ? ['on', 'off'] : ['off', 'on']) {
      const page = sides[name];
      const before = await scriptS(page);
      const r = await runWasm(page);
      // Run, replayed ideal and filing: both sides do the same, counted or not.
      r.scriptMs = 1000 * ((await scriptS(page)) - before);
      if (r.ok !== n) throw new Error(`counting ${name}: ok=${r.ok} of ${n}`);
      if (name === 'on' ? !(r.polls > 0) : r.polls != null) throw new Error(`counting ${name}: data-polls=${r.polls}`);
      row[name] = r;
      await clearHistory(page);
    }
    row.ratio = row.on.startToEndMs / row.off.startToEndMs;
    row.scriptRatio = row.on.scriptMs / row.off.scriptMs;
    console.error(`bench: counting pair ${pair}: on ${row.on.startToEndMs.toFixed(0)} ms, off ${row.off.startToEndMs.toFixed(0)} ms, ratio ${row.ratio.toFixed(3)}; script ${row.on.scriptMs.toFixed(0)} vs ${row.off.scriptMs.toFixed(0)} ms`);
    runs.push(row);
  }
  for (const page of Object.values(sides)) await page.close();
  return {
    n, k, delay, strategy, runs,
    overhead: median(runs.map((r) => r.ratio)) - 1,
    scriptOverhead: median(runs.map((r) => r.scriptRatio)) - 1,
  };
}

/** The Markdown section for `countingOverhead`'s result. */
export function countingMarkdown(c) {
  const f = (x, d = 0) => x.toFixed(d);
  const lines = [`## Poll counting at N=${c.n.toLocaleString('en')}, k=${c.k}, ${c.strategy}, L=${c.delay} ms`, ''];
  lines.push('| pair | on: wall ms | polls | wakes | off: wall ms | wall on ÷ off | on: script ms | off: script ms | script on ÷ off |', '|---|---|---|---|---|---|---|---|---|');
  for (const r of c.runs) lines.push(`| ${r.pair} | ${f(r.on.startToEndMs)} | ${r.on.polls} | ${r.on.wakes} | ${f(r.off.startToEndMs)} | ${f(r.ratio, 3)} | ${f(r.on.scriptMs)} | ${f(r.off.scriptMs)} | ${f(r.scriptRatio, 3)} |`);
  lines.push('', `Median wall overhead: ${f(100 * c.overhead, 1)}% (target ≤ 3%: ${c.overhead <= 0.03 ? 'met' : 'not met'}); median main-thread script time overhead (run, replayed ideal, filing): ${f(100 * c.scriptOverhead, 1)}%.`, '');
  return lines.join('\n');
}

/** Every strategy at each N: the run row's data-polls and data-wakes, from one page. */
export async function pollsTable(browser, base, { sizes = [20, 200, 2000], k = 20, delay = 50, jitter = 25 } = {}) {
  const strategies = ['sequential', 'join_all', 'join_all_limited', 'buffer_unordered', 'worker_pool'];
  const page = await openApp(browser, base);
  await configure(page, { concurrency: k, delay, jitter, 'fail-rate': 0, retries: 0, timeout: 0, rate: 0 });
  const rows = [];
  for (const n of sizes) {
    for (const strategy of strategies) {
      await configure(page, { requests: n, strategy });
      const r = await runWasm(page);
      if (r.ok !== n) throw new Error(`${strategy} N=${n}: ok=${r.ok}`);
      rows.push({ n, strategy, polls: r.polls, wakes: r.wakes, startToEndMs: r.startToEndMs });
      console.error(`bench: polls N=${n} ${strategy}: ${r.polls} polls, ${r.wakes} wakes`);
      await clearHistory(page);
    }
  }
  await page.close();
  return { k, delay, jitter, rows };
}

/** The Markdown section for `pollsTable`'s result. */
export function pollsTableMarkdown(t) {
  const lines = [`## Polls and wakes per strategy (browser), k=${t.k}, L=${t.delay} ± ${t.jitter} ms`, ''];
  lines.push('| N | strategy | polls | wakes | polls / request |', '|---|---|---|---|---|');
  for (const r of t.rows) lines.push(`| ${r.n.toLocaleString('en')} | ${r.strategy} | ${r.polls} | ${r.wakes} | ${(r.polls / r.n).toFixed(2)} |`);
  return [...lines, ''].join('\n');
}
