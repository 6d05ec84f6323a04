// Every strategy through the UI, Cancel, and a 20,000-way fan-out with nothing lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, Playground } from './fixtures.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const expectedInFlight = { sequential: 1, join_all: 30, join_all_limited: 5, buffer_unordered: 5, worker_pool: 5 };

test('each of the five strategies: N=30, delay=100, k=5', async () => {
  const pg = await Playground.open(browser);
  await pg.configure({ requests: 30, delay: 100, concurrency: 5 });
  const strategies = Object.keys(expectedInFlight);
  for (const [i, strategy] of strategies.entries()) {
    await pg.choose(strategy);
    await pg.click('run');
    await pg.waitForRuns(i + 1);
  }
  const runs = await pg.runs();
  assert.deepEqual(runs.map((r) => r.strategy), strategies);
  for (const run of runs) {
    assert.equal(run.ok, 30, `${run.strategy} ok`);
    assert.equal(run.failed + run.cancelled, 0, run.strategy);
    assert.equal(run.maxInFlight, expectedInFlight[run.strategy], `${run.strategy} max in flight`);
  }
  const seq = runs[0].wallMs;
  assert.ok(seq >= 3000, `sequential ${seq}`);
  for (const run of runs.slice(1)) {
    // Ideal is 600 ms (k=5) or 100 ms (join_all); allow the browser's overhead.
    assert.ok(run.wallMs < seq / 2, `${run.strategy} ${run.wallMs} vs ${seq}`);
  }
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), []);
  await pg.close();
});

test('Cancel aborts in-flight requests and keeps the run', async () => {
  const pg = await Playground.open(browser);
  await pg.configure({ requests: 40, delay: 4000, concurrency: 10, strategy: 'join_all_limited' });
  await pg.click('run');
  await pg.page.waitForFunction(() => document.querySelector('[data-testid="progress"]').dataset.running === 'true');
  await pg.page.waitForTimeout(400);
  await pg.click('cancel');
  await pg.waitForRuns(1, 10_000);
  const [run] = await pg.runs();
  assert.equal(run.cancelled, 40);
  assert.equal(run.ok + run.failed, 0);
  assert.equal(run.maxInFlight, 10);
  // Cancelled at ~400 ms, far before the 4,000 ms the server would take.
  assert.ok(run.wallMs < 2500, `wall ${run.wallMs}`);
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});

test('Compare stops at Cancel: the sequential run is kept, the second never starts', async () => {
  const pg = await Playground.open(browser);
  await pg.configure({ requests: 10, delay: 300, strategy: 'worker_pool', concurrency: 2 });
  await pg.click('compare');
  // Cancel once the sequential run has finished its first request.
  await pg.page.waitForSelector('[data-testid="progress"][data-running="true"]:not([data-done="0"])');
  await pg.click('cancel');
  await pg.waitForRuns(1, 10_000);
  // Compare stays "running" across both its runs: Run is enabled again only once it is over.
  await pg.page.waitForSelector('button[data-testid="run"]:enabled');
  const runs = await pg.runs();
  assert.equal(runs.length, 1);
  assert.equal(runs[0].strategy, 'sequential');
  assert.ok(runs[0].ok >= 1 && runs[0].ok <= 3, `ok ${runs[0].ok}`);
  assert.equal(runs[0].ok + runs[0].failed + runs[0].cancelled, 10);
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});

test('failures, timeouts and retries are all counted', async () => {
  const pg = await Playground.open(browser);
  await pg.configure({ requests: 60, delay: 50, jitter: 40, 'fail-rate': 30, concurrency: 6, strategy: 'buffer_unordered', timeout: 80 });
  await pg.click('run');
  await pg.waitForRuns(1);
  let [run] = await pg.runs();
  assert.equal(run.ok + run.failed + run.cancelled, 60);
  assert.ok(run.failed >= 10, `failed ${run.failed}: ~30% are 500s and some exceed 80 ms`);
  await pg.set('retries', 4);
  await pg.set('backoff', 10);
  await pg.set('timeout', 0);
  await pg.click('run');
  await pg.waitForRuns(2);
  run = (await pg.runs())[1];
  assert.equal(run.ok + run.failed + run.cancelled, 60);
  // 0.3^5 per request: retries rescue nearly all.
  assert.ok(run.ok >= 57, `ok after retries ${run.ok}`);
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});

test('20,000 unbounded fetches: every request is counted', { timeout: 300_000 }, async () => {
  const pg = await Playground.open(browser);
  await pg.configure({ requests: 20000, concurrency: 1, delay: 50, strategy: 'join_all' });
  // The fan-out holds the main thread for seconds (as Promise.all does), so
  // click through the DOM rather than wait for Playwright's click to be acknowledged.
  await pg.page.evaluate(() => document.querySelector('button[data-testid="run"]').click());
  await pg.waitForRuns(1, 280_000);
  const [run] = await pg.runs();
  assert.equal(run.requests, 20000);
  assert.equal(run.ok + run.failed + run.cancelled, 20000);
  assert.equal(run.cancelled, 0);
  assert.ok(run.maxInFlight > 1000, `max in flight ${run.maxInFlight}`);
  // The browser may fail some of 20,000 fetches at once (net::ERR_FAILED); each
  // must then be recorded as a network error with the browser's message, and
  // every other request must be ok.
  const [download] = await Promise.all([pg.page.waitForEvent('download'), pg.click('export-json')]);
  const { runs } = JSON.parse(await readFile(await download.path(), 'utf8'));
  const failures = runs[0].report.records.filter((r) => r.outcome.kind !== 'ok');
  for (const r of failures) {
    assert.equal(r.outcome.kind, 'network_error', `request ${r.index}: ${JSON.stringify(r.outcome)}`);
    assert.match(r.outcome.message, /Failed to fetch/, `request ${r.index}`);
  }
  assert.equal(run.failed, failures.length);
  assert.equal(run.ok, 20000 - failures.length);
  assert.ok(run.ok >= 19000, `ok ${run.ok}: the browser failed more than 5%`);
  console.log(`# 20k join_all: ok=${run.ok} failed=${run.failed} (all network errors) wall=${run.wallMs.toFixed(0)} ms max-in-flight=${run.maxInFlight}`);
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});
