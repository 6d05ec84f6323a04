// Numbers that mean one thing each: the replayed ideal, cancelled runs without
// ratios, A B B A order, and each wrong input marked where it is.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, Playground, RUN_ROW } from './fixtures.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const rowAttrs = (pg) => pg.page.$$eval(RUN_ROW, (els) => els.map((el) => ({ ...el.dataset })));

test('Compare files each run with its replayed ideal, never above the measured wall', async () => {
  const pg = await Playground.open(browser);
  await pg.configure({ requests: 24, delay: 80, concurrency: 4, strategy: 'worker_pool' });
  await pg.click('compare');
  await pg.waitForRuns(2);
  // Filed before the plan ends: the replay runs, then the page goes idle.
  const rows = (await rowAttrs(pg)).sort((a, b) => a.runId - b.runId);
  const [seq, pool] = rows;
  // No jitter, no failures: 24 × 80 ms in a row, and 6 rounds of 80 ms on 4 lanes.
  assert.equal(Number(seq.idealMs), 1920);
  assert.equal(Number(pool.idealMs), 480);
  for (const r of rows) {
    assert.equal(r.completed, 'true');
    assert.ok(Number(r.wallMs) >= Number(r.idealMs), `${r.strategy}: wall ${r.wallMs} < ideal ${r.idealMs}`);
    // The benchmark's wall: from before the futures exist, so at least the first start → last outcome.
    const setUp = Number(r.startToEndMs) - Number(r.wallMs);
    assert.ok(setUp >= 0 && setUp < 1000, `${r.strategy}: start-to-end ${r.startToEndMs} vs wall ${r.wallMs}`);
  }
  const verdict = await pg.locator('verdict').textContent();
  assert.match(verdict, /the ideal for these draws is 4\.0× \(480 ms\)/);
  // One overhead figure, the share of the ideal (ideal ÷ wall), as the stats table gives it.
  assert.match(verdict, /, and it ran at \d+% of its ideal \(480 ms ÷ \d+ ms\); the rest was overhead \(browser and page\)\.|, and it reached it \(480 ms ÷ \d+ ms\)\./);
  assert.equal((verdict.match(/%/g) ?? []).length <= 1, true, verdict);
  // The sequential run is the baseline: no speedup over itself.
  assert.equal(await pg.page.locator(`${RUN_ROW}[data-strategy="sequential"] [data-testid="speedup"]`).textContent(), 'baseline');
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});

test('a cancelled run shows no ratio anywhere', async () => {
  const pg = await Playground.open(browser);
  await pg.configure({ requests: 20, delay: 3000, concurrency: 5, strategy: 'join_all_limited' });
  await pg.click('compare');
  await pg.page.waitForFunction(() => Number(document.querySelector('[data-testid="progress"]').dataset.total) === 20
    && document.querySelector('[data-testid="progress"]').dataset.running === 'true');
  await pg.click('cancel');
  await pg.waitForRuns(1, 15_000);
  const [row] = await rowAttrs(pg);
  assert.equal(row.completed, 'false');
  assert.equal(row.idealMs, undefined, 'no ideal of all 20 beside a partial wall');
  const speedup = await pg.page.locator(`${RUN_ROW} [data-testid="speedup"]`).textContent();
  assert.match(speedup, /^cancelled after 0 of 20$/);
  const verdict = await pg.locator('verdict').textContent();
  assert.match(verdict, /was cancelled after/);
  assert.match(verdict, /No ideal for a cancelled run/);
  assert.doesNotMatch(verdict, /×/);
  const bars = await pg.locator('compare-chart').textContent();
  assert.doesNotMatch(bars, /×/);
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});

test('Compare in A B B A order runs four and says how far the order moved each side', async () => {
  const pg = await Playground.open(browser);
  await pg.configure({ requests: 10, delay: 40, concurrency: 5, strategy: 'buffer_unordered' });
  await pg.check('alternate-order');
  await pg.click('compare');
  await pg.waitForRuns(4);
  const runs = await pg.runs();
  assert.deepEqual(runs.map((r) => r.strategy), ['sequential', 'buffer_unordered', 'buffer_unordered', 'sequential']);
  // Compare shows its first pair side by side; the verdict is for the second of them.
  await pg.page.waitForFunction(() => document.querySelectorAll('[data-testid="waterfall-canvas"]').length === 2);
  const verdict = await pg.locator('verdict').textContent();
  assert.match(verdict, /In A B B A order: sequential .* then .*, buffer_unordered .* then /);
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});

test('a wrong input is marked where it is, with its own message', async () => {
  const pg = await Playground.open(browser);
  await pg.set('requests', '2.5');
  await pg.locator('requests-error').waitFor();
  assert.equal(await pg.locator('requests').getAttribute('aria-invalid'), 'true');
  assert.match(await pg.locator('requests-error').textContent(), /Requests \(N\) must be a whole number/);
  assert.equal(await pg.locator('delay').getAttribute('aria-invalid'), null);
  await pg.set('requests', '10');
  await pg.locator('requests-error').waitFor({ state: 'detached' });
  assert.equal(await pg.locator('requests').getAttribute('aria-invalid'), null);
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), []);
  await pg.close();
});

test('a real server: no ideal until a sequential run measures it, then replayed from those times', async () => {
  const pg = await Playground.open(browser);
  // The test server on another (loopback) origin, without Timing-Allow-Origin:
  // the browser hides the server times, so only a sequential run can measure them.
  const page = new URL(pg.page.url());
  const other = new URL(page.origin);
  other.hostname = page.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  const target = `${other.origin}/no-tao-delay/40?i={i}`;
  await pg.configure({ target, requests: 8, concurrency: 4, strategy: 'join_all_limited' });
  await pg.click('run');
  await pg.waitForRuns(1);
  let [row] = await rowAttrs(pg);
  assert.equal(row.idealMs, undefined, 'no server times yet');
  assert.match(await pg.locator('verdict').textContent(), /No ideal yet: a real server's times are unknown/);
  await pg.click('compare');
  await pg.waitForRuns(3);
  const rows = (await rowAttrs(pg)).sort((a, b) => a.runId - b.runId);
  const [first, seq, limited] = rows;
  assert.equal(seq.strategy, 'sequential');
  // The sequential run's own ideal is the sum of its measured attempts: at least 8 × 40 ms.
  assert.ok(Number(seq.idealMs) >= 320 && Number(seq.idealMs) <= Number(seq.wallMs), `sequential ideal ${seq.idealMs}, wall ${seq.wallMs}`);
  // Two lanes' worth of the same measured times: about a quarter, never more than the measured wall.
  for (const r of [first, limited]) {
    assert.ok(Number(r.idealMs) > 0 && Number(r.idealMs) < Number(seq.idealMs) / 2, `${r.runId}: ideal ${r.idealMs} vs ${seq.idealMs}`);
  }
  assert.equal(first.idealMs, limited.idealMs, 'the same measured times give the same ideal');
  assert.match(await pg.locator('verdict').textContent(), /the ideal for the server times run #2 measured is/);
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});

test('a server that hides its phases: the waves of 6 are named as a cap, inferred, not as overhead', async () => {
  const pg = await Playground.open(browser);
  // Another loopback origin without Timing-Allow-Origin: no protocol, no phases.
  const page = new URL(pg.page.url());
  const other = new URL(page.origin);
  other.hostname = page.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  await pg.configure({ target: `${other.origin}/no-tao-delay/300?w=1&i={i}`, requests: 24, concurrency: 20, strategy: 'join_all_limited', timeout: 0 });
  await pg.click('run');
  await pg.waitForRuns(1, 15_000);
  const [row] = await rowAttrs(pg);
  assert.equal(row.ok, '24', JSON.stringify(row));
  assert.equal(row.protocol, undefined, 'hidden with the phases');
  const verdict = await pg.locator('verdict').textContent();
  assert.match(verdict, /Completions came in waves of 6 per host \(inferred from this run's records/, verdict);
  assert.match(verdict, /⌈24 ÷ 6⌉ = 4 waves × \d+ ms ≈ /, verdict);
  assert.doesNotMatch(verdict, /the rest was overhead/, verdict);
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});
