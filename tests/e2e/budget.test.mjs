// Against someone else's server one confirmation allows at most 1,000 fetch
// attempts in all: retries and every run of a Compare or sweep count. The
// banner says what each button could send; a press that does not fit runs
// nothing and says why, with the arithmetic.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, Playground } from './fixtures.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const attr = (pg, testid, name) => pg.locator(testid).getAttribute(name);

test('a confirmation is a budget of 1,000 attempts, and a press that could exceed it runs nothing', async () => {
  const query = `?${new URLSearchParams({ target: 'http://budget.example/{i}', n: '5', k: '5', rate: '10', retries: '1' })}`;
  const pg = await Playground.open(browser, query);
  // Every attempt reaches "the server" as a 503, so each request makes all its attempts.
  const sent = [];
  await pg.page.context().route('http://budget.example/**', (route) => {
    sent.push(route.request().url());
    return route.fulfill({ status: 503, headers: { 'access-control-allow-origin': '*' }, body: 'busy' });
  });
  await pg.locator('host-warning').waitFor();
  assert.match(await pg.locator('host-warning').textContent(), /each confirmation allows at most 1,000 fetch attempts in all \(every retry, and every run of a Compare or sweep, counts\), at no more than 10 starts\/s/);
  // Before the confirmation, each press is judged against what one grants.
  assert.match(await pg.locator('budget-left').textContent(), /Not confirmed yet: a confirmation allows 1,000 attempts\./);
  assert.equal(await attr(pg, 'budget-run', 'data-over'), 'false');
  await pg.click('confirm-host');
  await pg.locator('budget').waitFor();
  assert.equal(await attr(pg, 'budget', 'data-left'), '1000');
  assert.match(await pg.locator('budget-left').textContent(), /1,000 of 1,000 attempts left/);
  assert.equal(await attr(pg, 'budget-run', 'data-attempts'), '10');
  assert.match(await pg.locator('budget-run').textContent(), /Run: 1 run × 5 requests × \(1 \+ 1 retries\) = 10 attempts/);
  assert.equal(await attr(pg, 'budget-compare', 'data-attempts'), '20');
  assert.equal(await attr(pg, 'budget-compare-abba', 'data-attempts'), '40');

  await pg.click('run');
  await pg.waitForRuns(1);
  const [run] = await pg.runs();
  assert.equal(run.failed, 5);
  assert.equal(sent.length, 10, 'one fetch per attempt: 5 requests × 2');
  await pg.page.waitForFunction(() => document.querySelector('[data-testid="budget"]').dataset.left === '990');

  // 100 requests with 10 retries: Compare could send 2,200 attempts.
  await pg.configure({ requests: 100, retries: 10 });
  await pg.page.waitForFunction(() => document.querySelector('[data-testid="budget-compare"]')?.dataset.attempts === '2200');
  assert.equal(await attr(pg, 'budget-compare', 'data-over'), 'true');
  assert.equal(await attr(pg, 'budget-run', 'data-over'), 'true');
  await pg.click('compare');
  await pg.locator('budget-error').waitFor();
  assert.match(
    await pg.locator('budget-error').textContent(),
    /Compare not started: it could send up to 2 runs × 100 requests × \(1 \+ 10 retries\) = 2,200 attempts, more than the 990 this confirmation has left/,
  );
  // A sweep of 4 points at N=30: 1,320 attempts, refused too.
  await pg.configure({ requests: 30, strategy: 'join_all_limited' });
  await pg.set('sweep-list', '1, 2, 5, 10');
  await pg.page.waitForFunction(() => document.querySelector('[data-testid="budget-sweep"]')?.dataset.attempts === '1320');
  await pg.click('sweep');
  await pg.page.waitForFunction(() => document.querySelector('[data-testid="budget-error"]')?.textContent.startsWith('Sweep not started'));
  assert.match(await pg.locator('budget-error').textContent(), /4 runs × 30 requests × \(1 \+ 10 retries\) = 1,320 attempts, more than the 990/);
  await pg.page.waitForTimeout(300);
  assert.equal(await pg.runCount(), 1, 'nothing ran');
  assert.equal(sent.length, 10, 'no request left');

  // Confirming again grants a fresh 1,000; the message goes.
  await pg.click('confirm-host');
  await pg.page.waitForFunction(() => document.querySelector('[data-testid="budget"]').dataset.left === '1000');
  assert.equal(await pg.locator('budget-error').count(), 0);
  // "I run this server" lifts the budget with the other caps.
  await pg.page.check('[data-testid="own-server"]');
  await pg.locator('budget').waitFor({ state: 'detached' });
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});
