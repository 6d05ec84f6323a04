// Share links and the JSON export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { deflateRawSync } from 'node:zlib';
import { launch, Playground, BASE_URL } from './fixtures.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a share link carries the settings to a fresh page', async () => {
  const pg = await Playground.open(browser);
  await pg.configure({ requests: 12, concurrency: 4, delay: 30, strategy: 'buffer_unordered', rate: 50 });
  await pg.click('share-link');
  const url = await pg.page.inputValue('[data-testid="share-url"]');
  assert.match(url, /n=12/);
  assert.match(url, /strategy=buffer_unordered/);
  const query = url.slice(url.indexOf('?'));
  const fresh = await Playground.open(browser, query);
  for (const [testid, value] of [['requests', '12'], ['concurrency', '4'], ['delay', '30'], ['rate', '50']]) {
    assert.equal(await fresh.value(testid), value, testid);
  }
  assert.equal(await fresh.runCount(), 0);
  assert.deepEqual(fresh.unexpectedConsole({ failedLoads: false }), []);
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), []);
  await fresh.close();
  await pg.close();
});

test('export-json saves every run with its per-request records', async () => {
  const pg = await Playground.open(browser);
  await pg.configure({ requests: 8, concurrency: 2, delay: 20, strategy: 'worker_pool' });
  await pg.click('compare');
  await pg.waitForRuns(2);
  const [download] = await Promise.all([pg.page.waitForEvent('download'), pg.click('export-json')]);
  const data = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(data.runs.length, 2);
  const [seq, pool] = data.runs.map((r) => r.report);
  assert.equal(seq.strategy, 'sequential');
  assert.equal(pool.strategy, 'worker_pool');
  // Each run's settings, as a share query, name its own strategy.
  assert.match(data.runs[0].query, /strategy=sequential/);
  assert.match(data.runs[1].query, /strategy=worker_pool/);
  assert.match(data.runs[1].query, /n=8/);
  assert.equal(pool.records.length, 8);
  assert.ok(data.runs[1].latency.attempts.p50_ms >= 20, `p50 ${data.runs[1].latency.attempts.p50_ms}`);
  // The replayed ideal travels with the run: 4 rounds of 20 ms for k=2.
  assert.equal(data.runs[1].ideal.ms, 80);
  assert.equal(data.runs[1].ideal.sequential_ms, 160);
  assert.equal(data.runs[1].ideal.from, 'draws');
  for (const rec of pool.records) {
    assert.equal(rec.outcome.kind, 'ok');
    assert.equal(rec.attempts.length, 1);
    assert.ok(rec.queued <= rec.started && rec.started < rec.ended);
  }
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});

// Results links built here as the page builds them: the export's JSON,
// raw deflate, base64url.
const linkOf = (runs) => `runs=${deflateRawSync(JSON.stringify({ schema: 1, exported_on: '2026-11-23', runs }), { level: 9 }).toString('base64url')}`;
const ok = { kind: 'ok', status: 200, bytes: 1 };
// A run of n requests that each took 5 ms, with no ideal: opening it replays one.
function emptyish(id, n, query = `n=${n}&k=10&strategy=join_all_limited`) {
  const records = Array.from({ length: n }, (_, i) => ({
    index: i + 1, url: 'u', queued: 0, started: 0, ended: 5, outcome: ok,
    attempts: [{ started: 0, ended: 5, outcome: ok }],
  }));
  return {
    id, query,
    report: { strategy: 'join_all_limited', n, concurrency: Math.min(10, n), began_ms: 0, wall_ms: 5, max_in_flight: Math.min(10, n), counts: { ok: n, failed: 0, cancelled: 0 }, cancelled_by_user: false, swept: 0, records },
  };
}

// Opens `fragment` in a fresh context with a long-task observer from the first
// script on; `ready` is a page function that says when the page is done.
async function openWatched(fragment, ready) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.longTasks.push(e.duration); })
      .observe({ type: 'longtask', buffered: true });
  });
  const pg = new Playground(page);
  await page.goto(`${BASE_URL}/#${fragment}`);
  await page.waitForFunction(ready, null, { timeout: 60_000, polling: 100 });
  // Two frames more: whatever the last change scheduled has run.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(300);
  const longTasks = await page.evaluate(() => window.longTasks.slice());
  // The observer works here: a 250 ms task of the test's own is seen.
  const seen = await page.evaluate(async () => {
    const before = window.longTasks.length;
    await new Promise((r) => setTimeout(() => { const t = performance.now(); while (performance.now() - t < 250); r(); }, 0));
    await new Promise((r) => setTimeout(r, 100));
    return window.longTasks.slice(before);
  });
  assert.ok(seen.some((d) => d >= 250), `the long-task observer saw the test's own 250 ms task: ${seen}`);
  return { pg, context, longTasks };
}

test('a hostile results link is refused naming the bound; the largest accepted one opens with every task under 200 ms', async () => {
  // 20,000 near-identical empty runs: about 100 KB of link.
  const hostile = linkOf(Array.from({ length: 20_000 }, (_, i) => emptyish(i + 1, 0, 'n=20')));
  assert.ok(hostile.length > 60_000, `hostile link ${hostile.length} B`);
  {
    const { pg, context, longTasks } = await openWatched(hostile, () => document.querySelector('[data-testid="toolbar-note"]')?.textContent.length > 0);
    assert.match(await pg.locator('toolbar-note').textContent(), /a results link holds at most 8 KB/);
    assert.equal(await pg.runCount(), 0);
    assert.ok(Math.max(0, ...longTasks) < 200, `long tasks ${longTasks.map(Math.round)}`);
    await context.close();
  }
  // Five runs: more than a link ever holds (the four shown side by side).
  {
    const five = linkOf([1, 2, 3, 4, 5].map((id) => emptyish(id, 10)));
    const { pg, context } = await openWatched(five, () => document.querySelector('[data-testid="toolbar-note"]')?.textContent.length > 0);
    assert.match(await pg.locator('toolbar-note').textContent(), /holds 5 runs; a results link holds at most 4/);
    assert.equal(await pg.runCount(), 0);
    await context.close();
  }
  // The largest accepted: two runs with as many requests as 8 KB holds, no
  // ideal (so each is replayed on opening).
  let n = 16;
  while (linkOf([emptyish(1, n * 2), emptyish(2, n * 2)]).length <= 8192) n *= 2;
  let [lo, hi] = [n, n * 2];
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (linkOf([emptyish(1, mid), emptyish(2, mid)]).length <= 8192) lo = mid; else hi = mid;
  }
  const largest = linkOf([emptyish(1, lo), emptyish(2, lo)]);
  const { pg, context, longTasks } = await openWatched(largest, () => {
    const rows = [...document.querySelectorAll('[data-testid="run"][data-strategy]')];
    return rows.length === 2 && rows.every((r) => r.dataset.idealMs)
      && document.querySelectorAll('[data-testid="waterfall-canvas"]').length === 2;
  });
  const rows = await pg.runs();
  assert.deepEqual(rows.map((r) => r.requests), [lo, lo]);
  // The page did the work: both waterfalls drew rows, both ideals were replayed.
  const drawn = await pg.page.$$eval('[data-testid="waterfall-canvas"]', (els) => els.map((e) => Number(e.dataset.drawnRows)));
  assert.ok(drawn.every((d) => d > 0), `drawn rows ${drawn}`);
  assert.ok(rows.every((r) => r.idealMs > 0));
  console.log(`largest accepted link: 2 runs × ${lo} requests, ${largest.length} B; long tasks ${longTasks.map(Math.round)}`);
  assert.ok(Math.max(0, ...longTasks) < 200, `long tasks ${longTasks.map(Math.round)}`);
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), []);
  await context.close();
});
