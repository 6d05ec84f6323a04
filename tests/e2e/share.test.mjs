// Share links and the JSON export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, Playground } from './fixtures.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a share link carries the settings to a fresh page', async () => {
  const pg = await Playground.open(browser);
  await pg.configure({ requests: 12, concurrency: 4, delay: 30, strategy: 'buffer_unordered', rate: 50 });
  await pg.click('share-link');
  const url = await pg.page.inputValue('[data-testid="share-url"]');
  assert.match(url, /n=12/);
  assert.match(url, /strategy=buffer_unordered/);
  const query = url.slice(url.indexOf('?'));
  const fresh = await Playground.open(browser, query);
  for (const [testid, value] of [['requests', '12'], ['concurrency', '4'], ['delay', '30'], ['rate', '50']]) {
    assert.equal(await fresh.value(testid), value, testid);
  }
  assert.equal(await fresh.runCount(), 0);
  assert.deepEqual(fresh.unexpectedConsole({ failedLoads: false }), []);
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), []);
  await fresh.close();
  await pg.close();
});

test('export-json saves every run with its per-request records', async () => {
  const pg = await Playground.open(browser);
  await pg.configure({ requests: 8, concurrency: 2, delay: 20, strategy: 'worker_pool' });
  await pg.click('compare');
  await pg.waitForRuns(2);
  const [download] = await Promise.all([pg.page.waitForEvent('download'), pg.click('export-json')]);
  const data = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(data.runs.length, 2);
  const [seq, pool] = data.runs.map((r) => r.report);
  assert.equal(seq.strategy, 'sequential');
  assert.equal(pool.strategy, 'worker_pool');
  // Each run's settings, as a share query, name its own strategy.
  assert.match(data.runs[0].query, /strategy=sequential/);
  assert.match(data.runs[1].query, /strategy=worker_pool/);
  assert.match(data.runs[1].query, /n=8/);
  assert.equal(pool.records.length, 8);
  assert.ok(data.runs[1].latency.attempts.p50_ms >= 20, `p50 ${data.runs[1].latency.attempts.p50_ms}`);
  // The replayed ideal travels with the run: 4 rounds of 20 ms for k=2.
  assert.equal(data.runs[1].ideal.ms, 80);
  assert.equal(data.runs[1].ideal.sequential_ms, 160);
  assert.equal(data.runs[1].ideal.from, 'draws');
  for (const rec of pool.records) {
    assert.equal(rec.outcome.kind, 'ok');
    assert.equal(rec.attempts.length, 1);
    assert.ok(rec.queued <= rec.started && rec.started < rec.ended);
  }
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});
