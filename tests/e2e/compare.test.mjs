// The walking skeleton, as a user would drive it: Compare, a bad input, URL parameters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, Playground, ARTIFACTS } from './fixtures.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('Compare: sequential vs join_all_limited with N=20, delay=100, k=5', async () => {
  const pg = await Playground.open(browser);
  await pg.configure({ requests: 20, delay: 100, concurrency: 5, strategy: 'join_all_limited' });
  await pg.click('compare');
  await pg.waitForRuns(2);
  const [seq, limited] = await pg.runs();
  assert.equal(seq.strategy, 'sequential');
  assert.equal(limited.strategy, 'join_all_limited');
  for (const run of [seq, limited]) {
    assert.equal(run.requests, 20);
    assert.equal(run.ok, 20);
    assert.equal(run.ok + run.failed + run.cancelled, run.requests);
  }
  console.log(`# compare N=20 L=100 k=5: sequential ${seq.wallMs.toFixed(0)} ms, join_all_limited ${limited.wallMs.toFixed(0)} ms, ratio ${(limited.wallMs / seq.wallMs).toFixed(3)} (ideal 400/2000 = 0.200)`);
  assert.ok(seq.wallMs >= 2000, `sequential wall ${seq.wallMs} ms`);
  assert.ok(limited.wallMs <= seq.wallMs / 2, `limited ${limited.wallMs} vs sequential ${seq.wallMs}`);
  assert.equal(seq.maxInFlight, 1);
  assert.equal(limited.maxInFlight, 5);
  assert.equal(seq.concurrency, 1);
  assert.equal(limited.concurrency, 5);
  const progress = pg.locator('progress');
  assert.equal(await progress.getAttribute('data-done'), '20');
  assert.equal(await progress.getAttribute('data-total'), '20');
  assert.equal(await pg.locator('bar').count(), 2);
  await pg.page.screenshot({ path: `${ARTIFACTS}compare.png`, fullPage: true });
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), [], 'no console errors or warnings');
  await pg.close();
});

test('an invalid N shows the error, disables Run and adds no row', async () => {
  const pg = await Playground.open(browser);
  assert.equal(await pg.locator('error').count(), 0, 'no error for the defaults');
  for (const bad of ['0', '100001', '-4', '2.5']) {
    await pg.set('requests', bad);
    const error = pg.locator('error');
    await error.waitFor();
    assert.match(await error.textContent(), /Requests \(N\)/);
    assert.equal(await pg.button('run').isDisabled(), true);
    assert.equal(await pg.button('compare').isDisabled(), true);
    await pg.button('run').click({ force: true });
  }
  await pg.set('requests', '10');
  await pg.set('concurrency', '11');
  assert.match(await pg.locator('error').textContent(), /between 1 and N \(10\)/);
  // A click that started a run would keep data-running "true" until the run
  // ended and then leave data-total at N: this state is never reached.
  await pg.page.waitForSelector('[data-testid="progress"][data-running="false"][data-total="0"]');
  assert.equal(await pg.runCount(), 0);
  await pg.set('concurrency', '2');
  await pg.locator('error').waitFor({ state: 'detached' });
  assert.equal(await pg.button('run').isEnabled(), true);
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});

test('URL parameters fill the controls and never start a run', async () => {
  const query = '?n=7&k=3&delay=40&jitter=5&fail=10&strategy=worker_pool&timeout=900&target=__sim%2Fx%2F%7Bi%7D';
  const pg = await Playground.open(browser, query);
  assert.equal(await pg.value('requests'), '7');
  assert.equal(await pg.value('concurrency'), '3');
  assert.equal(await pg.value('delay'), '40');
  assert.equal(await pg.value('jitter'), '5');
  assert.equal(await pg.value('fail-rate'), '10');
  assert.equal(await pg.value('timeout'), '900');
  assert.equal(await pg.value('target'), '__sim/x/{i}');
  assert.equal(await pg.page.inputValue('[data-testid="strategy"]'), 'worker_pool');
  // Idle and able to run (simulated server ready, valid input), and no run has begun.
  await pg.page.waitForSelector('button[data-testid="run"]:enabled');
  await pg.page.waitForSelector('[data-testid="progress"][data-running="false"][data-total="0"]');
  assert.equal(await pg.runCount(), 0, 'loading a link runs nothing');

  const bad = await Playground.open(browser, '?n=abc&strategy=threads');
  const message = await bad.locator('error').textContent();
  assert.match(message, /must be a number/);
  assert.match(message, /Strategy “threads” is unknown/);
  assert.equal(await bad.button('run').isDisabled(), true);
  assert.deepEqual(bad.unexpectedConsole({ failedLoads: false }), []);
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), []);
  await bad.close();
  await pg.close();
});
