// The concurrency sweep: one strategy once per k, filed as runs, its knee marked;
// Cancel keeps the finished points; a bad list runs nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, Playground, ARTIFACTS } from './fixtures.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function chart(pg) {
  const el = pg.locator('sweep-chart');
  return {
    knee: await el.getAttribute('data-knee') === null ? null : Number(await el.getAttribute('data-knee')),
    points: JSON.parse(await el.getAttribute('data-points')),
  };
}

test('a sweep runs one counted run per k and marks the knee', async () => {
  const pg = await Playground.open(browser);
  await pg.configure({ requests: 200, delay: 50, concurrency: 5, strategy: 'join_all_limited' });
  await pg.set('sweep-list', '1, 5, 20, 50');
  await pg.click('sweep');
  await pg.waitForRuns(4, 90_000);
  const runs = await pg.runs();
  assert.equal(runs.length, 4);
  assert.deepEqual(runs.map((r) => r.concurrency).sort((a, b) => a - b), [1, 5, 20, 50]);
  for (const r of runs) {
    assert.equal(r.strategy, 'join_all_limited');
    assert.equal(r.requests, 200);
    assert.equal(r.ok, 200);
    assert.equal(r.ok + r.failed + r.cancelled, r.requests);
    assert.equal(r.completed, true);
    assert.ok(r.maxInFlight <= r.concurrency, `max in flight ${r.maxInFlight} at k=${r.concurrency}`);
  }
  const { knee, points } = await chart(pg);
  assert.deepEqual(points.map((p) => p.k), [1, 5, 20, 50]);
  // The knee is the smallest k within 5% of the best throughput, unless that is the
  // largest k: a curve that never bent has no knee.
  const best = Math.max(...points.map((p) => p.per_s));
  const smallest = points.filter((p) => p.per_s >= 0.95 * best).map((p) => p.k)[0];
  assert.ok(smallest > 1, 'k=1 is never within 5% of k=50 at 50 ms');
  const table = await pg.locator('sweep-table').textContent();
  if (smallest === 50) {
    assert.equal(knee, null, 'no bend, no data-knee');
    assert.match(await pg.locator('sweep-knee').textContent(), /No plateau within the list/);
    assert.doesNotMatch(table, /← knee/);
  } else {
    assert.equal(knee, smallest);
    assert.match(await pg.locator('sweep-knee').textContent(), new RegExp(`Knee at k = ${knee}`));
    assert.match(table, /← knee/);
  }
  console.log(`# sweep N=200 L=50: ${points.map((p) => `k=${p.k} ${p.wall_ms.toFixed(0)} ms ${p.per_s.toFixed(0)}/s`).join(', ')}; knee ${knee}`);
  await pg.page.screenshot({ path: `${ARTIFACTS}sweep.png`, fullPage: true });
  // The verdict of a run with many in flight names Little's law.
  await pg.configure({ strategy: 'join_all' });
  assert.equal(await pg.button('sweep').isDisabled(), true);
  // Why Sweep is off is a hint, not an error.
  assert.match(await pg.locator('sweep-hint').textContent(), /join_all ignores k/);
  assert.equal(await pg.locator('sweep-error').count(), 0);
  await pg.click('run');
  await pg.waitForRuns(5);
  assert.match(await pg.locator('verdict').textContent(), /Little's law \(L = λ·W\)/);
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), []);
  await pg.close();
});

test('Cancel mid-sweep keeps the finished points and counts every request', async () => {
  const pg = await Playground.open(browser);
  await pg.configure({ requests: 100, delay: 200, concurrency: 5, strategy: 'worker_pool' });
  await pg.set('sweep-list', '6, 5, 50');
  await pg.check('sweep-shuffle', false);
  await pg.click('sweep');
  // In order 5, 6, 50: cancel during k=6, once some of it finished.
  await pg.page.waitForFunction(() => {
    const p = document.querySelector('[data-testid="progress"]').dataset;
    return p.sweepK === '6' && Number(p.done) >= 12;
  }, null, { timeout: 30_000, polling: 20 });
  await pg.click('cancel');
  await pg.waitForRuns(2, 15_000);
  const runs = await pg.runs();
  assert.equal(runs.length, 2, 'k=50 never ran');
  const [first, second] = runs;
  assert.equal(first.concurrency, 5);
  assert.equal(first.completed, true);
  assert.equal(first.ok, 100);
  assert.equal(second.concurrency, 6);
  assert.equal(second.completed, false);
  assert.equal(second.ok + second.failed + second.cancelled, 100);
  assert.ok(second.ok >= 12 && second.cancelled > 0, JSON.stringify(second));
  const { knee, points } = await chart(pg);
  assert.equal(points.length, 2);
  // A cancelled point is never the knee, and one finished point shows no bend.
  assert.equal(knee, null, 'a cancelled point is never the knee');
  assert.match(await pg.locator('sweep-knee').textContent(), /No plateau within the list, so no knee: only k = 5 finished \(\d+ req\/s\), and one point shows no bend/);
  assert.match(await pg.locator('sweep-table').textContent(), /cancelled/);
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});

test('a bad sweep list says what is wrong and runs nothing', async () => {
  const pg = await Playground.open(browser);
  await pg.configure({ requests: 200, delay: 20, concurrency: 5, strategy: 'buffer_unordered' });
  assert.equal(await pg.locator('sweep-error').count(), 0);
  const cases = [
    ['1, x', /“x” in the sweep list is not a whole number/],
    ['', /sweep list is empty/],
    ['0, 5', /k = 0/],
    ['500, 300', /every k in the sweep list is more than the 200 requests/],
    ['5, 10, 5', /k = 5 appears twice/],
  ];
  for (const [list, message] of cases) {
    await pg.set('sweep-list', list);
    await pg.locator('sweep-error').waitFor();
    assert.match(await pg.locator('sweep-error').textContent(), message);
    assert.equal(await pg.locator('sweep-list').getAttribute('aria-invalid'), 'true');
    assert.equal(await pg.button('sweep').isDisabled(), true);
    await pg.button('sweep').click({ force: true });
  }
  await pg.page.waitForSelector('[data-testid="progress"][data-running="false"][data-total="0"]');
  assert.equal(await pg.runCount(), 0);
  assert.equal(await pg.locator('error').count(), 0, 'the form itself is fine: Run still works');
  // A k above N is skipped with a note, and the rest still sweeps.
  await pg.set('sweep-list', '2, 4, 500');
  await pg.locator('sweep-error').waitFor({ state: 'detached' });
  assert.match(await pg.locator('sweep-hint').textContent(), /k = 500 is skipped: it is more than the 200 requests/);
  assert.equal(await pg.locator('sweep-list').getAttribute('aria-invalid'), null);
  assert.equal(await pg.button('sweep').isEnabled(), true);
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});
