// `cargo xtask bench [--n 1000] [--k 50] [--delay 50]`: every strategy in one
// browser session, against plain-JS baselines on the same simulated endpoint,
// reported as ratios (to sequential, to the replayed ideal, to JS), never alone.
// Wall time means the same on both sides: first fetch's start to last outcome.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { launch, Playground, BASE_URL } from './fixtures.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('n', 1000), K = arg('k', 50), L = arg('delay', 50);
const STRATEGIES = ['sequential', 'join_all', 'join_all_limited', 'buffer_unordered', 'worker_pool'];

const browser = await launch();

// `--draw`: how long the waterfall takes to draw 10,000 and 100,000 requests,
// and the longest main-thread task during each run.
if (process.argv.includes('--draw')) {
  for (const n of [10_000, 100_000]) {
    const page = await Playground.open(browser);
    await page.configure({ requests: n, concurrency: 100, delay: 0, strategy: 'join_all_limited' });
    await page.page.evaluate(() => {
      window.__longTasks = [];
      window.__t0 = performance.now();
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) window.__longTasks.push({ at: Math.round(e.startTime - window.__t0), ms: Math.round(e.duration) });
      }).observe({ type: 'longtask' });
    });
    await page.click('run');
    await page.waitForRuns(1, 900_000);
    await page.page.waitForFunction((n) => document.querySelector('[data-testid="waterfall-canvas"]')?.dataset.requests === String(n), n);
    const draw = await page.page.locator('[data-testid="waterfall-canvas"]').getAttribute('data-draw-ms');
    const tasks = await page.page.evaluate(() => window.__longTasks);
    const [run] = await page.runs();
    const longest = Math.max(0, ...tasks.map((t) => t.ms));
    console.log(`N=${n}: waterfall draw ${draw} ms; ${tasks.length} long tasks, longest ${longest} ms; ok=${run.ok}; wall ${run.wallMs.toFixed(0)} ms (${(n * 1000 / run.wallMs).toFixed(0)} req/s)`);
    console.log(`  long tasks (start after click, duration): ${tasks.map((t) => `${t.at}:${t.ms}`).join(' ')}`);
    await page.close();
  }
  await browser.close();
  process.exit(0);
}

// `--sweep [--list "1,2,5"] [--target URL] [--strategy S]`: the page's own
// Sweep at N and delay L, printed as its table (k, wall, ok req/s, ideal) with the knee.
if (process.argv.includes('--sweep')) {
  const text = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const list = text('list', '1, 2, 5, 10, 20, 50, 100, 150, 200');
  // `{base}` is the page's own server, whose /delay/MS answers over HTTP/1.1.
  const target = text('target', null)?.replace('{base}', BASE_URL);
  const page = await Playground.open(browser);
  await page.configure({ requests: N, concurrency: 1, delay: L, jitter: 0, 'fail-rate': 0, strategy: text('strategy', 'join_all_limited') });
  if (target) await page.set('target', target);
  await page.set('sweep-list', list);
  const points = list.split(',').filter((s) => s.trim()).length;
  await page.click('sweep');
  await page.waitForRuns(points, 1_800_000);
  const el = page.locator('sweep-chart');
  const knee = await el.getAttribute('data-knee');
  const rows = JSON.parse(await el.getAttribute('data-points'));
  console.log(`sweep ${target ?? 'simulated server'} N=${N} delay=${L} ms, list ${list}`);
  console.log('| k | wall ms | ok req/s | ideal ms | |');
  console.log('|---|---|---|---|---|');
  for (const p of rows) {
    console.log(`| ${p.k} | ${p.wall_ms.toFixed(0)} | ${p.per_s.toFixed(0)} | ${p.ideal_ms == null ? '–' : p.ideal_ms.toFixed(0)} | ${String(p.k) === knee ? 'knee' : ''} |`);
  }
  console.log(`knee: k=${knee}; ${await page.locator('sweep-knee').textContent()}`);
  console.log(`verdict of the last point run: ${await page.locator('verdict').textContent()}`);
  await page.close();
  await browser.close();
  process.exit(0);
}

const pg = await Playground.open(browser);
await pg.configure({ requests: N, concurrency: K, delay: L, jitter: 0, 'fail-rate': 0 });

const wasm = {};
for (const [i, strategy] of STRATEGIES.entries()) {
  await pg.choose(strategy);
  await pg.page.evaluate(() => document.querySelector('button[data-testid="run"]').click());
  await pg.waitForRuns(i + 1, 600_000);
  const run = (await pg.runs())[i];
  if (run.ok !== N) throw new Error(`${strategy}: ok=${run.ok} of ${N}`);
  wasm[strategy] = run;
}

// The same requests from plain JS in the same page: what the browser itself allows.
const js = await pg.page.evaluate(async ({ N, K, L }) => {
  const get = (i) => fetch(`__sim/${i}?delay=${L}&status=200&bytes=256`, { cache: 'no-store', credentials: 'omit' })
    .then((r) => r.arrayBuffer());
  // Each baseline calls fetch at once, so its clock starts at its first fetch, like the app's.
  const time = async (f) => { const t = performance.now(); await f(); return performance.now() - t; };
  const sequential = await time(async () => { for (let i = 1; i <= N; i++) await get(i); });
  const all = await time(() => Promise.all(Array.from({ length: N }, (_, i) => get(i + 1))));
  const pool = await time(async () => {
    let next = 1;
    const worker = async () => { while (next <= N) await get(next++); };
    await Promise.all(Array.from({ length: K }, worker));
  });
  return { sequential, join_all: all, pool };
}, { N, K, L });
await browser.close();

const seq = wasm.sequential.wallMs;
const baseline = { sequential: js.sequential, join_all: js.join_all, join_all_limited: js.pool, buffer_unordered: js.pool, worker_pool: js.pool };
console.log(`\nN=${N}, k=${K}, L=${L} ms, simulated server (service worker), one Chromium session\n`);
console.log('| strategy | max in flight | wall ÷ sequential | speedup | replayed ideal ÷ wall | wall ÷ plain-JS equivalent | req/s |');
console.log('|---|---|---|---|---|---|---|');
for (const s of STRATEGIES) {
  const r = wasm[s];
  console.log(`| ${s} | ${r.maxInFlight} | ${(r.wallMs / seq).toFixed(3)} | ${(seq / r.wallMs).toFixed(1)}× | ${(100 * r.idealMs / r.wallMs).toFixed(0)}% | ${(r.wallMs / baseline[s]).toFixed(2)} | ${(N * 1000 / r.wallMs).toFixed(0)} |`);
}
console.log(`\nPlain-JS walls as ratios: Promise.all ÷ JS sequential = ${(js.join_all / js.sequential).toFixed(3)}, JS pool(k) ÷ JS sequential = ${(js.pool / js.sequential).toFixed(3)}`);
console.log(`Per sequential request: wasm ${(seq / N).toFixed(2)} ms vs JS ${(js.sequential / N).toFixed(2)} ms for L=${L} (overhead ${(seq / N - L).toFixed(2)} vs ${(js.sequential / N - L).toFixed(2)} ms)`);

const dist = new URL('../../dist/', import.meta.url).pathname;
for (const f of readdirSync(dist).filter((f) => /\.(wasm|js)$/.test(f))) {
  const raw = readFileSync(dist + f);
  console.log(`bundle ${f.replace(/-[0-9a-f]{16}/, '')}: ${(raw.length / 1024).toFixed(1)} KiB raw, ${(gzipSync(raw, { level: 9 }).length / 1024).toFixed(1)} KiB gzip`);
}
