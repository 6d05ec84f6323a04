// `cargo xtask bench --draw` and `--sweep`: views of the app under Playwright
// (the performance record itself drives Chromium over bare CDP: bench.mjs).
import { launch, Playground, BASE_URL } from '../fixtures.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('n', 1000), L = arg('delay', 50);
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
}
await browser.close();
