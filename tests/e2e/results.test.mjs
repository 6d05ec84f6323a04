// Results that explain themselves: verdict, bars, waterfall, hover, history, long tasks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, Playground, ARTIFACTS } from './fixtures.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('after Compare: bars in the ratio of wall times, N waterfall rows, a verdict naming both', async () => {
  const pg = await Playground.open(browser);
  await pg.page.setViewportSize({ width: 1280, height: 1000 });
  await pg.configure({ requests: 24, delay: 80, concurrency: 4, strategy: 'worker_pool' });
  await pg.click('compare');
  await pg.waitForRuns(2);
  const [seq, pool] = await pg.runs();

  const bars = await pg.page.$$eval('[data-testid="compare-chart"] [data-testid="bar"]', (els) =>
    els.map((el) => ({ wall: Number(el.dataset.wallMs), width: el.getBoundingClientRect().width })));
  assert.equal(bars.length, 2);
  const drawn = bars[0].width / bars[1].width;
  const measured = bars[0].wall / bars[1].wall;
  assert.ok(Math.abs(drawn / measured - 1) <= 0.05, `bar ratio ${drawn} vs wall ratio ${measured}`);
  assert.equal(bars[0].wall.toFixed(1), seq.wallMs.toFixed(1));

  const verdict = await pg.locator('verdict').textContent();
  assert.match(verdict, /worker_pool \(k=4\)/);
  assert.match(verdict, /faster than sequential/);
  assert.match(verdict, /the ideal for these draws is 4\.0×/);

  // Compare selects both runs: two waterfalls on one time scale.
  const canvases = pg.page.locator('[data-testid="waterfall-canvas"]');
  await pg.page.waitForFunction(() => [...document.querySelectorAll('[data-testid="waterfall-canvas"]')]
    .every((c) => c.dataset.requests === '24'));
  assert.equal(await canvases.count(), 2);
  assert.equal(await pg.locator('waterfall').getAttribute('data-requests'), '24');
  assert.equal(await canvases.nth(1).getAttribute('data-drawn-rows'), '24');

  // Hovering a row reads out that request (scrolled into view first, as a user would).
  await canvases.nth(1).scrollIntoViewIfNeeded();
  const box = await canvases.nth(1).boundingBox();
  await pg.page.mouse.move(box.x + 20, box.y + 3);
  const hover = pg.page.locator('[data-testid="waterfall-hover"]').nth(1);
  await pg.page.waitForFunction(() => document.querySelectorAll('[data-testid="waterfall-hover"]')[1]?.textContent.length > 0);
  assert.match(await hover.textContent(), /^#1 __sim\/1 · queued .* · ok 200 · 1 attempt/);

  // The keyboard reaches the same read-out: focus the canvas, step down one row.
  await canvases.nth(1).focus();
  await pg.page.keyboard.press('ArrowDown');
  await pg.page.waitForFunction(() => document.querySelectorAll('[data-testid="waterfall-hover"]')[1]?.textContent.startsWith('#2 '));

  assert.equal(Number(await pg.locator('in-flight-peak').getAttribute('data-peak')), 4);
  assert.equal(await pg.locator('stats-row').count(), 2);
  assert.ok(await pg.locator('latency-histogram').locator('rect.hist').count() > 0);
  await pg.page.screenshot({ path: `${ARTIFACTS}results-compare.png`, fullPage: true });

  // History: unticking one leaves one waterfall; ticking both brings two back.
  await pg.page.locator('[data-testid="select-run"]').nth(0).uncheck();
  await pg.page.waitForFunction(() => document.querySelectorAll('[data-testid="waterfall-canvas"]').length === 1);
  await pg.page.locator('[data-testid="select-run"]').nth(0).check();
  await pg.page.waitForFunction(() => document.querySelectorAll('[data-testid="waterfall-canvas"]').length === 2);
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), []);
  await pg.close();
});

test('a 10,000-request limited run keeps every main-thread task under 200 ms', { timeout: 300_000 }, async () => {
  const pg = await Playground.open(browser);
  await pg.configure({ requests: 10000, delay: 20, concurrency: 50, strategy: 'join_all_limited' });
  // Observe from the click on: page load and the first mount are not part of the run.
  await pg.page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
      .observe({ type: 'longtask' });
  });
  await pg.click('run');
  // Live: the waterfall draws while the run is going.
  await pg.page.waitForSelector('[data-testid="waterfall-canvas"][data-live="true"]', { timeout: 20_000 });
  await pg.page.waitForFunction(() => Number(document.querySelector('[data-testid="progress"]').dataset.done) > 500);
  // Each live frame repaints only rows that changed or still grow: once many
  // requests are done, a frame paints fewer rows than the canvas has.
  await pg.page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="waterfall-canvas"][data-live="true"]');
    window.__frames = [];
    new MutationObserver(() => window.__frames.push([Number(canvas.dataset.paintedRows), Number(canvas.dataset.drawnRows)]))
      .observe(canvas, { attributes: true, attributeFilter: ['data-painted-rows'] });
  });
  await pg.waitForRuns(1, 280_000);
  const frames = await pg.page.evaluate(() => window.__frames);
  assert.ok(frames.length > 0, 'live frames were painted');
  assert.ok(frames.every(([painted, rows]) => rows === 400 && painted <= rows), JSON.stringify(frames.slice(0, 5)));
  const partial = frames.filter(([painted, rows]) => painted > 0 && painted < rows);
  assert.ok(partial.length > 0, `some frames repaint only part of the rows: ${JSON.stringify(frames.slice(-5))}`);
  const [run] = await pg.runs();
  assert.equal(run.ok, 10000);
  assert.equal(run.maxInFlight, 50);
  await pg.page.waitForFunction(() => document.querySelector('[data-testid="waterfall-canvas"]')?.dataset.requests === '10000');
  const drawMs = Number(await pg.page.locator('[data-testid="waterfall-canvas"]').getAttribute('data-draw-ms'));
  const longTasks = await pg.page.evaluate(() => window.__longTasks);
  const longest = Math.max(0, ...longTasks);
  console.log(`# 10k limited: wall=${run.wallMs.toFixed(0)} ms, waterfall draw=${drawMs} ms, long tasks=${longTasks.length}, longest=${longest.toFixed(0)} ms`);
  assert.ok(longest <= 200, `longest main-thread task ${longest} ms`);
  await pg.page.screenshot({ path: `${ARTIFACTS}results-10k.png`, fullPage: true });
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), []);
  await pg.close();
});
