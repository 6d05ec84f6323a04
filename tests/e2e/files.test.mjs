// Runs as files: the JSON export reads back as recorded runs (no request
// sent), a broken file is refused with a message, the CSV has one line per
// attempt, and the workload comes as load-generator commands.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, Playground } from './fixtures.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function download(pg, testid) {
  const [file] = await Promise.all([pg.page.waitForEvent('download'), pg.click(testid)]);
  return readFile(await file.path(), 'utf8');
}

test('an export imports as recorded runs, with no request sent; a broken file is refused', async () => {
  const pg = await Playground.open(browser);
  await pg.configure({ requests: 6, concurrency: 2, delay: 30, strategy: 'worker_pool', retries: 1, 'fail-rate': 30 });
  await pg.click('compare');
  await pg.waitForRuns(2);
  const json = await download(pg, 'export-json');
  const data = JSON.parse(json);
  assert.equal(data.schema, 2);
  const csv = (await download(pg, 'export-csv')).trim().split('\n');
  assert.equal(csv[0], 'run,strategy,k,request,attempt,url,queued_ms,start_ms,end_ms,duration_ms,outcome,status,bytes,message,polls,wasted_polls,wakes,wake_wait_ms,busy_ms');
  const attempts = data.runs.reduce((sum, r) => sum + r.report.records.reduce((s, rec) => s + Math.max(1, rec.attempts.length), 0), 0);
  assert.equal(csv.length - 1, attempts, 'one line per attempt');
  assert.ok(csv.slice(1).every((line) => line.split(',').length === 19), 'every line has the header\'s cells');
  await pg.close();

  const fresh = await Playground.open(browser);
  const requests = [];
  fresh.page.on('request', (r) => requests.push(r.url()));
  await fresh.page.setInputFiles('[data-testid="import"]', { name: 'runs.json', mimeType: 'application/json', buffer: Buffer.from(json) });
  await fresh.page.waitForFunction(() => document.querySelectorAll('[data-testid="run"][data-strategy]').length === 2);
  const runs = await fresh.runs();
  assert.deepEqual(runs.map((r) => [r.strategy, r.ok, r.failed]), data.runs.map((r) => [r.report.strategy, r.report.counts.ok, r.report.counts.failed]));
  assert.deepEqual(runs.map((r) => r.wallMs.toFixed(3)), data.runs.map((r) => r.report.wall_ms.toFixed(3)));
  assert.match(await fresh.locator('verdict').textContent(), /^Recorded on \d{4}-\d\d-\d\d, not re-run: worker_pool \(k=2\)/);
  await fresh.page.waitForFunction(() => document.querySelectorAll('[data-testid="waterfall-canvas"]').length === 2);
  assert.match(await fresh.locator('toolbar-note').textContent(), /Imported 2 recorded runs from runs\.json/);
  assert.deepEqual(requests, [], 'importing sends no request');

  await fresh.page.setInputFiles('[data-testid="import"]', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(json.replace('"schema": 2', '"schema": 9')) });
  await fresh.page.waitForFunction(() => document.querySelector('[data-testid="toolbar-note"]').textContent.includes('refused'));
  assert.match(await fresh.locator('toolbar-note').textContent(), /Import of broken\.json refused: This file uses export schema 9; this page reads schemas 1 to 2\./);
  await fresh.page.setInputFiles('[data-testid="import"]', { name: 'photo.json', mimeType: 'application/json', buffer: Buffer.from('\u0089PNG not json') });
  await fresh.page.waitForFunction(() => document.querySelector('[data-testid="toolbar-note"]').textContent.includes('photo.json'));
  assert.match(await fresh.locator('toolbar-note').textContent(), /not a fetch-playground export/);
  assert.equal(await fresh.runCount(), 2, 'a refused file adds nothing');
  // A file dropped on the page is imported the same way.
  await fresh.page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    document.querySelector('main').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, json);
  await fresh.page.waitForFunction(() => document.querySelectorAll('[data-testid="run"][data-strategy]').length === 4);
  assert.match(await fresh.locator('toolbar-note').textContent(), /Imported 2 recorded runs from dropped\.json/);
  assert.deepEqual(requests, [], 'importing sends no request');
  // A run whose target only the browser's URL parser can refuse ({i} in the
  // host: one guard check could not cover its N hosts) is refused as well.
  const hostile = JSON.parse(json);
  hostile.runs[0].query += `&target=${encodeURIComponent('http://{i}.localhost:18700/x')}`;
  await fresh.page.setInputFiles('[data-testid="import"]', { name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(hostile)) });
  await fresh.page.waitForFunction(() => document.querySelector('[data-testid="toolbar-note"]').textContent.includes('hostile.json'));
  assert.match(await fresh.locator('toolbar-note').textContent(), /Import of hostile\.json refused: Run #\d+ in this file has settings this page rejects: .*\{i\}/);
  assert.equal(await fresh.runCount(), 4, 'a refused file adds nothing');
  // The 500s of the exported runs were logged by the first page, not this one.
  assert.deepEqual(fresh.unexpectedConsole({ failedLoads: false }), []);
  await fresh.close();
});

test('the workload as an oha line and a k6 script, for a real server only', async () => {
  const pg = await Playground.open(browser);
  await pg.page.click('[data-testid="load-test-command"] summary');
  assert.match(await pg.locator('load-test-command').textContent(), /simulated server lives inside this page/);
  await pg.configure({ target: 'http://127.0.0.1:8090/delay/0.2?i={i}', requests: 500, concurrency: 25, rate: 40, timeout: 900 });
  await pg.locator('oha-command').waitFor();
  assert.equal(await pg.locator('oha-command').textContent(), "oha -n 500 -c 25 -q 40 -t 900ms 'http://127.0.0.1:8090/delay/0.2?i=1'");
  assert.match(await pg.locator('k6-script').textContent(), /http\.get\(`http:\/\/127\.0\.0\.1:8090\/delay\/0\.2\?i=\$\{i\}`, \{ timeout: '900ms' \}\)/);
  await pg.set('requests', 30000);
  await pg.page.waitForFunction(() => document.querySelector('[data-testid="load-test-command"]').textContent.includes('outgrown a browser tab'));
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), []);
  await pg.close();
});

test('each chart saves as an image: SVG with its colours inside, the waterfall as PNG', async () => {
  const pg = await Playground.open(browser);
  await pg.configure({ requests: 8, concurrency: 2, delay: 20 });
  await pg.click('run');
  await pg.waitForRuns(1);
  const charts = ['compare-chart', 'in-flight-chart', 'latency-histogram'];
  for (const chart of charts) {
    const [file] = await Promise.all([
      pg.page.waitForEvent('download'),
      pg.page.click(`[data-testid="${chart}"] [data-testid="save-image"]`),
    ]);
    assert.match(file.suggestedFilename(), /\.svg$/, chart);
    const svg = await readFile(await file.path(), 'utf8');
    assert.match(svg, /^<svg[^>]* xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, chart);
    assert.match(svg, / fill="rgb\(/, `${chart}: colours written into the file`);
  }
  const [png] = await Promise.all([
    pg.page.waitForEvent('download'),
    pg.page.click('[data-testid="waterfall"] [data-testid="save-image"]'),
  ]);
  assert.equal(png.suggestedFilename(), 'waterfall.png');
  const bytes = await readFile(await png.path());
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
  assert.equal(await pg.page.locator('[data-testid="save-image"]').count(), 4, 'one per chart');
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), []);
  await pg.close();
});

test('a results link reopens the runs as recorded and sends no request; a run too big for a link says so', async () => {
  const pg = await Playground.open(browser);
  await pg.configure({ requests: 10, concurrency: 5, delay: 30, jitter: 10, strategy: 'buffer_unordered' });
  await pg.click('compare');
  await pg.waitForRuns(2);
  const before = await pg.runs();
  await pg.click('permalink');
  const url = await pg.page.inputValue('[data-testid="permalink-url"]');
  assert.match(url, /#runs=[A-Za-z0-9_-]+$/);
  assert.match(await pg.locator('toolbar-note').textContent(), /Results link for 2 runs: [\d.]+ KB\./);
  await pg.close();

  // Open it in a fresh browser context: only the page's own files load.
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="run"][data-strategy]').length === 2);
  const opened = new Playground(page);
  const runs = await opened.runs();
  assert.deepEqual(runs.map((r) => [r.strategy, r.ok, r.idealMs]), before.map((r) => [r.strategy, r.ok, r.idealMs]));
  for (const [a, b] of runs.map((r, i) => [r.wallMs, before[i].wallMs])) assert.ok(Math.abs(a - b) <= 0.1, `${a} vs ${b}`);
  assert.match(await opened.locator('verdict').textContent(), /^Recorded on \d{4}-\d\d-\d\d, not re-run: buffer_unordered \(k=5\)/);
  assert.match(await opened.locator('toolbar-note').textContent(), /This link holds 2 recorded runs/);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="waterfall-canvas"]').length === 2);
  const fetched = requests.filter((u) => /__sim|\/delay\/|\/status\//.test(u));
  assert.deepEqual(fetched, [], 'opening a results link sends no request');
  assert.deepEqual(opened.unexpectedConsole({ failedLoads: false }), []);
  await context.close();

  const big = await Playground.open(browser);
  await big.configure({ requests: 1000, concurrency: 100, delay: 0 });
  await big.click('run');
  await big.waitForRuns(1, 120_000);
  await big.click('permalink');
  await big.page.waitForFunction(() => document.querySelector('[data-testid="toolbar-note"]').textContent.includes('Export JSON'));
  assert.match(await big.locator('toolbar-note').textContent(), /1000 requests make a \d+ KB link even with times rounded to 10 ms/);
  assert.equal(await big.locator('permalink-url').count(), 0);
  assert.deepEqual(big.unexpectedConsole({ failedLoads: false }), []);
  await big.close();
});

// Measures importing the most runs a file may hold (slow with the compare
// chart's per-run baseline scans: opt in with FILES_MAX_RUNS=1).
test('importing a file of the most runs it may hold', { skip: !process.env.FILES_MAX_RUNS }, async () => {
  const ok = { kind: 'ok', status: 200, bytes: 1 };
  const run = (id) => ({
    id, query: 'n=1&k=1&strategy=sequential',
    report: { strategy: 'sequential', n: 1, concurrency: 1, began_ms: 0, wall_ms: 5, max_in_flight: 1, counts: { ok: 1, failed: 0, cancelled: 0 }, cancelled_by_user: false, swept: 0,
      records: [{ index: 1, url: 'u', queued: 0, started: 0, ended: 5, outcome: ok, attempts: [{ started: 0, ended: 5, outcome: ok }] }] },
  });
  const text = (n) => JSON.stringify({ schema: 1, exported_on: '2026-11-23', runs: Array.from({ length: n }, (_, i) => run(i + 1)) });
  const pg = await Playground.open(browser);
  await pg.page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.longTasks.push(e.duration); }).observe({ type: 'longtask' });
  });
  await pg.page.setInputFiles('[data-testid="import"]', { name: 'many.json', mimeType: 'application/json', buffer: Buffer.from(text(501)) });
  await pg.page.waitForFunction(() => document.querySelector('[data-testid="toolbar-note"]').textContent.includes('many.json'));
  assert.match(await pg.locator('toolbar-note').textContent(), /holds 501 runs; an import holds at most 500/);
  await pg.page.setInputFiles('[data-testid="import"]', { name: 'most.json', mimeType: 'application/json', buffer: Buffer.from(text(500)) });
  await pg.page.waitForFunction(() => document.querySelectorAll('[data-testid="run"][data-strategy]').length === 500
    && [...document.querySelectorAll('[data-testid="run"][data-strategy]')].every((r) => r.dataset.idealMs), null, { timeout: 120_000 });
  await pg.page.waitForTimeout(500);
  const longTasks = await pg.page.evaluate(() => window.longTasks.slice());
  console.log(`500 imported runs: long tasks ${longTasks.map(Math.round)}`);
  await pg.close();
});
