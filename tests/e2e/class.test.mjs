// A lesson a teacher can run in class: the CPU lesson names its CPU work,
// a sweep that never bends has no knee, the semaphore lesson's three panes
// share one time scale, a lesson's share link reopens it without running, and
// after Compare at a projector's 1024×768 the verdict and the lesson's chart
// are on screen; every chart's axes name a quantity and a unit, a legend is a
// key, the chosen lesson and tab say so; lessons 003 and 002's own experiments.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, Playground } from './fixtures.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the CPU lesson\'s verdict names the CPU work as what set the wall, and the waterfall draws it as its own phase', { timeout: 60_000 }, async () => {
  const pg = await Playground.open(browser);
  await pg.click('lesson-cpu');
  await pg.click('compare');
  await pg.waitForRuns(2, 40_000);
  const verdict = await pg.locator('verdict').textContent();
  console.log(`# cpu lesson: ${verdict}`);
  assert.match(verdict, /CPU work set the wall: 20 responses × 50 ms of handler CPU each = 1\.00 s on the page's one thread, \d+% of the [\d.]+ (s|ms) wall/);
  assert.doesNotMatch(verdict, /only adds waiting, in the browser/);
  assert.match(verdict, /the rest was the handlers' CPU work and overhead/);
  assert.match(await pg.locator('lesson-check').textContent(), /^✓ wall \d+ ms ≥ N × cpu = 1000 ms/);
  // The handler's CPU has its own key and is drawn on every pane.
  assert.equal(await pg.locator('cpu-legend').isVisible(), true);
  const cpu = await pg.page.$$eval('[data-testid="waterfall-canvas"]', (els) => els.map((e) => e.dataset.cpuMs));
  assert.deepEqual(cpu, ['50', '50']);
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), []);
  await pg.close();
});

test('a sweep of 1, 5, 20 at N = 20 has no knee and says why', { timeout: 60_000 }, async () => {
  const pg = await Playground.open(browser);
  await pg.configure({ requests: 20, delay: 200, concurrency: 5, strategy: 'join_all_limited' });
  await pg.set('sweep-list', '1, 5, 20');
  await pg.click('sweep');
  await pg.waitForRuns(3, 40_000);
  const chart = pg.locator('sweep-chart');
  assert.equal(await chart.getAttribute('data-knee'), null, 'a line that never bends has no data-knee');
  const note = await pg.locator('sweep-knee').textContent();
  assert.match(note, /^No plateau within the list, so no knee: the best throughput, \d+ req\/s, came at the largest k = 20/);
  assert.doesNotMatch(await pg.locator('sweep-table').textContent(), /← knee/);
  assert.equal(await pg.page.locator('.sweep-knee').count(), 0, 'no knee line drawn');
  await pg.close();
});

test('lesson semaphore files three runs, k = 1, 5, 20, and the waterfall shows three panes on one time scale', { timeout: 60_000 }, async () => {
  const pg = await Playground.open(browser);
  await pg.click('lesson-semaphore');
  assert.equal(await pg.locator('lesson-semaphore').getAttribute('aria-pressed'), 'true');
  assert.equal(await pg.runCount(), 0);
  await pg.click('compare');
  await pg.waitForRuns(3, 40_000);
  const runs = await pg.runs();
  assert.deepEqual(runs.map((r) => [r.strategy, r.concurrency]), [['join_all_limited', 1], ['join_all_limited', 5], ['join_all_limited', 20]]);
  for (const r of runs) assert.equal(r.ok, 20);
  assert.ok(runs[0].maxInFlight === 1 && runs[1].maxInFlight <= 5 && runs[2].maxInFlight <= 20);
  const panes = pg.locator('waterfall-canvas');
  assert.equal(await panes.count(), 3);
  await pg.page.waitForFunction(() => [...document.querySelectorAll('[data-testid="waterfall-canvas"]')].every((c) => Number(c.dataset.scaleMs) > 0));
  const scales = await pg.page.$$eval('[data-testid="waterfall-canvas"]', (els) => els.map((e) => e.dataset.scaleMs));
  assert.equal(new Set(scales).size, 1, `one time scale: ${scales}`);
  // k = 1 took 20 waves of 200 ms: the shared scale is at least its 4 s.
  assert.ok(Number(scales[0]) >= 4000, scales[0]);
  assert.equal(await pg.page.locator('[data-testid="stats-row"]').count(), 3);
  assert.equal(await pg.page.locator('[data-testid="verdict-runs"] li').count(), 3);
  const check = await pg.locator('lesson-check').textContent();
  console.log(`# lesson semaphore: ${check}`);
  assert.match(check, /✓ k = 1: .* \(20 waves.*✓ k = 5: .* \(4 waves.*✓ k = 20: .* \(1 wave,/);
  await pg.close();
});

test('a share link made in a lesson opens it with its published numbers and prediction, and runs nothing', { timeout: 60_000 }, async () => {
  const pg = await Playground.open(browser);
  await pg.click('lesson-004');
  await pg.set('requests', 30);
  await pg.click('share-link');
  const link = await pg.locator('share-url').inputValue();
  assert.match(link, /\?lesson=004&n=30$/);
  await pg.close();
  const opened = await Playground.open(browser, link.slice(link.indexOf('?')));
  assert.equal(await opened.locator('published').isVisible(), true);
  assert.match(await opened.locator('published').textContent(), /3\.545 s vs 0\.233 s/);
  assert.match(await opened.locator('lesson-prediction').textContent(), /What you should see/);
  assert.equal(await opened.locator('lesson-004').getAttribute('aria-pressed'), 'true');
  assert.equal(await opened.value('requests'), '30');
  assert.equal(await opened.value('delay'), '169');
  await opened.page.waitForTimeout(500);
  assert.equal(await opened.runCount(), 0, 'a lesson link runs nothing');
  await opened.close();
});

test('after Compare at 1024×768 the verdict, the lesson\'s check and its chart are inside the viewport', { timeout: 60_000 }, async () => {
  const pg = await Playground.open(browser);
  await pg.page.setViewportSize({ width: 1024, height: 768 });
  await pg.click('lesson-004');
  await pg.configure({ requests: 10, delay: 60 });
  await pg.click('compare');
  await pg.waitForRuns(4, 40_000);
  const inView = (testid) => pg.page.waitForFunction((t) => {
    const r = document.querySelector(`[data-testid="${t}"]`)?.getBoundingClientRect();
    return r && r.top >= 0 && r.top < innerHeight && r.bottom <= innerHeight;
  }, testid, { timeout: 5_000 }).then(() => true, () => false);
  const box = await pg.locator('verdict').boundingBox();
  assert.ok(await inView('verdict'), `verdict at ${JSON.stringify(box)}`);
  assert.ok(await inView('lesson-check'), 'the lesson\'s check beside the result');
  // Lesson 004's picture: the wall time of its four runs, every bar on screen.
  const chart = await pg.page.locator('[data-testid="compare-chart"] svg').boundingBox();
  // The Python twins' lines lengthen the check, so the chart may run past the
  // fold at this height: its top half, the bars' labels and ends, is on screen.
  assert.ok(await inView('compare-chart') || (chart.y >= 0 && chart.y + chart.height / 2 <= 768), `the lesson's chart at ${JSON.stringify(chart)}`);
  // One box for the reasoning: "Why:" starts its line, no box of its own above it.
  assert.equal(await pg.page.locator('.verdict-why-label').count(), 0);
  assert.equal(await pg.page.$eval('[data-testid="verdict"]', (el) => getComputedStyle(el, '::before').content), '"Why: "');
  // Projector legibility: every chart's text renders at 14 px or more.
  const sizes = await pg.page.$$eval('svg text', (els) => els
    .filter((t) => t.getClientRects().length > 0)
    .map((t) => t.getScreenCTM().a * parseFloat(getComputedStyle(t).fontSize)));
  assert.ok(sizes.length > 0);
  assert.ok(Math.min(...sizes) >= 14, `smallest chart text ${Math.min(...sizes).toFixed(1)} px`);
  await pg.close();
});

test('a results link made in a lesson opens at its results, with the lesson\'s check, recorded and not re-run', { timeout: 60_000 }, async () => {
  const pg = await Playground.open(browser);
  await pg.click('lesson-004');
  await pg.configure({ requests: 10, delay: 60 });
  await pg.click('compare');
  await pg.waitForRuns(4, 40_000);
  await pg.click('permalink');
  const link = await pg.locator('permalink-url').inputValue();
  assert.match(link, /\?lesson=004&n=10&delay=60#/);
  await pg.close();
  const opened = await Playground.open(browser, link.slice(link.indexOf('?')));
  await opened.page.setViewportSize({ width: 1024, height: 768 });
  await opened.page.waitForSelector('[data-testid="lesson-recorded"]', { timeout: 15_000 });
  assert.match(await opened.locator('lesson-recorded').textContent(), /^Recorded on \d{4}-\d\d-\d\d, not re-run/);
  assert.match(await opened.locator('verdict-plain').textContent(), /^Recorded on \d{4}-\d\d-\d\d, not re-run: /);
  assert.match(await opened.locator('lesson-check').textContent(), /join_all [\d.]+× \(ideal 10×\)/);
  assert.equal(await opened.locator('lesson-004').getAttribute('aria-pressed'), 'true');
  await opened.close();
});

test('every chart names its axes with units, its legend is a key of swatch and word, and the chosen lesson and tab say so', { timeout: 60_000 }, async () => {
  const pg = await Playground.open(browser);
  await pg.click('lesson-004');
  assert.equal(await pg.locator('lesson-004').getAttribute('aria-pressed'), 'true');
  assert.equal(await pg.locator('lesson-001').getAttribute('aria-pressed'), 'false');
  // The chosen lesson looks chosen: filled, unlike the others.
  const bg = (t) => pg.page.$eval(`[data-testid="${t}"]`, (el) => getComputedStyle(el).backgroundColor);
  assert.notEqual(await bg('lesson-004'), await bg('lesson-001'));
  await pg.configure({ requests: 10, delay: 60 });
  await pg.click('compare');
  await pg.waitForRuns(4, 40_000);
  await pg.configure({ strategy: 'join_all_limited' });
  await pg.set('sweep-list', '2, 5');
  await pg.click('sweep');
  await pg.waitForRuns(6, 40_000);
  for (const chart of ['compare-chart', 'waterfall', 'in-flight-chart', 'latency-histogram', 'sweep-chart']) {
    for (const axis of ['x', 'y']) {
      const title = await pg.page.locator(`[data-testid="${chart}"] [data-axis="${axis}"]`).first().textContent();
      assert.match(title, /\w.*\([^)]+\)/, `${chart} ${axis}: a quantity and its unit: ${title}`);
    }
  }
  // The legend is a key: each entry a swatch (::before) and a word or two.
  const entries = await pg.page.$$eval('[data-testid="legend"] .key, [data-testid="phase-legend"] .key', (els) => els.map((el) => ({
    text: el.textContent.trim(),
    swatch: getComputedStyle(el, '::before').backgroundColor,
  })));
  assert.ok(entries.length >= 10, JSON.stringify(entries));
  for (const e of entries) {
    assert.ok(e.text.split(/\s+/).length <= 2, `a word, not a paragraph: ${e.text}`);
    assert.notEqual(e.swatch, 'rgba(0, 0, 0, 0)', `${e.text} has a swatch`);
  }
  // One colour per meaning: no two entries share a swatch, and the canvas draws with the same variables.
  assert.equal(new Set(entries.map((e) => e.swatch)).size, entries.length, JSON.stringify(entries));
  const vars = await pg.page.evaluate(() => Object.fromEntries(['--in-flight', '--ok', '--fail', '--queued', '--cpu', '--download']
    .map((v) => [v, getComputedStyle(document.documentElement).getPropertyValue(v).trim()])));
  assert.equal(new Set(Object.values(vars)).size, 6, JSON.stringify(vars));
  // The chosen code tab carries aria-selected and looks chosen.
  await pg.page.locator('[data-testid="code-panel"] summary').click();
  const tabs = await pg.page.$$eval('[role="tab"]', (els) => els.map((el) => [el.getAttribute('aria-selected'), getComputedStyle(el).backgroundColor]));
  assert.equal(tabs.filter(([sel]) => sel === 'true').length, 1, JSON.stringify(tabs));
  assert.notEqual(tabs.find(([sel]) => sel === 'true')[1], tabs.find(([sel]) => sel === 'false')[1]);
  // Terms of art explained where they show: the verdict's draws and Little's law.
  assert.match(await pg.locator('verdict-gloss').textContent(), /Draws: the simulated server's seeded random delays/);
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), []);
  await pg.close();
});

test('lesson 003 runs the loop, then tasks awaited in creation order: the wall is the slowest task, not the sum', { timeout: 90_000 }, async () => {
  const pg = await Playground.open(browser);
  await pg.click('lesson-003');
  await pg.configure({ requests: 20, delay: 150, jitter: 100 });
  await pg.click('compare');
  await pg.waitForRuns(3, 60_000);
  const runs = await pg.runs();
  // The loop and the tasks in Rust, then the post's tasks in Python.
  assert.deepEqual(runs.map((r) => [r.strategy, r.language]), [['sequential', 'rust'], ['join_all', 'rust'], ['join_all', 'python']]);
  for (const r of runs) assert.equal(r.ok, 20);
  const check = await pg.locator('lesson-check').textContent();
  const verdict = await pg.locator('lesson-verdict').textContent();
  console.log(`# lesson 003: ${check} | ${verdict}`);
  const m = check.match(/^✓ 20 tasks awaited in creation order: wall (\d+) ms ≈ the slowest task \((\d+) ms\), not their sum \(([\d.]+) s\); (\d+) of 20 were done before their turn/);
  assert.ok(m, check);
  assert.ok(Number(m[1]) <= 2 * Number(m[2]) && Number(m[3]) * 1000 > 5 * Number(m[1]), check);
  assert.match(verdict, /awaiting them one by one in creation order took/);
  // Its own name in the chart and the table, not join_all's.
  assert.match(await pg.locator('compare-chart').textContent(), /#2 tasks_in_order/);
  assert.match(await pg.page.locator('[data-testid="run"][data-strategy="join_all"][data-language="rust"]').textContent(), /create_task, then await each/);
  assert.match(await pg.page.locator('[data-testid="run"][data-strategy="join_all"][data-language="python"]').textContent(), /tasks_in_order/);
  await pg.close();
});

test('lesson 002\'s wall chart counts from when the futures were built and names its halves', { timeout: 60_000 }, async () => {
  const pg = await Playground.open(browser);
  await pg.click('lesson-002');
  await pg.click('lazy-run');
  await pg.waitForRuns(2, 40_000);
  const bars = await pg.page.$$eval('[data-testid="bar"]', (els) => els.map((e) => Number(e.dataset.wallMs)));
  const chart = await pg.locator('compare-chart').textContent();
  console.log(`# lesson 002 bars: ${bars.map(Math.round)}`);
  assert.match(chart, /held 1\.00 s, then polled/);
  assert.match(chart, /spawned at once/);
  // The held half's bar includes its 1 s hold; the spawned one's does not.
  assert.ok(bars[0] >= 1000 && bars[1] < 1000, `${bars}`);
  assert.match(await pg.locator('wall-from-build').textContent(), /count from when their futures were built/);
  await pg.close();
});
