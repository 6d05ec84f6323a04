// Rust's view: every run's polls and wakes, join_all's re-polling below 30
// children, and the polls lesson.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, Playground, RUN_ROW } from './fixtures.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Each run row's data-polls and data-wakes, oldest first. */
async function polls(pg) {
  const rows = await pg.page.$$eval(RUN_ROW, (els) => els.map((el) => ({ ...el.dataset })));
  return rows
    .map((d) => ({ id: Number(d.runId), strategy: d.strategy, requests: Number(d.requests), polls: Number(d.polls), wakes: Number(d.wakes) }))
    .sort((a, b) => a.id - b.id);
}

test('join_all of 20 polls more than 3× as often as buffer_unordered with k = 20 on the same workload', { timeout: 90_000 }, async () => {
  const pg = await Playground.open(browser);
  // Answers spread over 200 ms, so most wakes are one child's own.
  await pg.configure({ requests: 20, concurrency: 20, delay: 200, jitter: 100 });
  for (const [i, strategy] of ['join_all', 'buffer_unordered'].entries()) {
    await pg.choose(strategy);
    await pg.click('run');
    await pg.waitForRuns(i + 1);
  }
  const [join, buffered] = await polls(pg);
  console.log(`# polls N=20: join_all ${join.polls} polls / ${join.wakes} wakes; buffer_unordered ${buffered.polls} / ${buffered.wakes}`);
  assert.deepEqual([join.strategy, buffered.strategy], ['join_all', 'buffer_unordered']);
  // Every request is polled at least twice (start, answer) and woken at least once.
  for (const r of [join, buffered]) {
    assert.ok(r.polls >= 2 * r.requests && r.wakes >= r.requests, JSON.stringify(r));
  }
  assert.ok(join.polls > 3 * buffered.polls, `join_all ${join.polls} vs buffer_unordered ${buffered.polls}`);

  // Both shown: the panel's totals are the rows' and its sentence names both.
  for (const box of await pg.page.locator('[data-testid="select-run"]').all()) await box.check();
  const panel = pg.page.locator('[data-testid="rust-view"]');
  await panel.waitFor();
  const shown = await pg.page.$$eval('[data-testid="rust-view-row"]', (els) => els.map((el) => Number(el.dataset.polls)).sort((a, b) => a - b));
  assert.deepEqual(shown, [buffered.polls, join.polls].sort((a, b) => a - b));
  const sentence = await pg.locator('rust-view-sentence').textContent();
  assert.match(sentence, /polled its 20 children [\d,]+ times for 20 requests/);
  assert.match(sentence, /needed [\d,]+\./);
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});

test('lesson polls: one click fills the form, its button runs the four runs, the check reads the counters', { timeout: 120_000 }, async () => {
  const pg = await Playground.open(browser);
  await pg.click('lesson-polls');
  assert.equal(await pg.value('requests'), '20');
  assert.match(await pg.locator('lesson-prediction').textContent(), /What you should see: .*230/);
  await pg.page.waitForTimeout(300);
  assert.equal(await pg.runCount(), 0, 'never runs by itself');
  await pg.click('polls-run');
  await pg.waitForRuns(4, 100_000);
  const runs = await polls(pg);
  assert.deepEqual(runs.map((r) => [r.strategy, r.requests]), [['join_all', 20], ['buffer_unordered', 20], ['join_all', 200], ['buffer_unordered', 200]]);
  const check = pg.locator('lesson-check');
  await check.waitFor();
  const evidence = await check.textContent();
  console.log(`# polls lesson: ${evidence}`);
  assert.match(evidence, /N = 20: join_all \d+ polls, buffer_unordered \d+ .*N = 200: join_all \d+ polls/);
  assert.equal(await check.getAttribute('data-shown'), 'true', evidence);
  // Past 30 children join_all polls about as often as buffer_unordered.
  assert.ok(runs[2].polls < 1.5 * runs[3].polls, JSON.stringify(runs));
  assert.match(await pg.locator('lesson-verdict').textContent(), /At N = 20 join_all polled [\d.]+× as often/);
  await pg.page.locator('[data-testid="rust-view"]').waitFor();
  await pg.close();
});

test('lesson 002 from the inside: the held futures are polled 0 times during the hold', { timeout: 60_000 }, async () => {
  const pg = await Playground.open(browser);
  await pg.click('lesson-002');
  await pg.click('lazy-run');
  await pg.locator('lesson-verdict').waitFor({ timeout: 30_000 });
  const evidence = await pg.locator('lesson-check').textContent();
  assert.match(evidence, /✓ polls during the hold: 0 held, [1-9]\d* spawned/);
  await pg.close();
});
