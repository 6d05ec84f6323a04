// A lesson a teacher can run in class: the CPU lesson names its CPU work,
// a sweep that never bends has no knee, the semaphore lesson's three panes
// share one time scale, a lesson's share link reopens it without running, and
// after Compare at a projector's 1024×768 the verdict is on screen.
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

test('after Compare at 1024×768 the verdict and the lesson\'s check are inside the viewport', { timeout: 60_000 }, async () => {
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
