// Against the latency server, a real HTTP/1.1 server: the browser's 6
// connections per host name, sharding lifting that cap, a server killed
// mid-run, a slow body meeting a timeout, and the page's one-click target.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { BASE_URL, launch, Playground, wire } from './fixtures.mjs';

// `cargo xtask e2e` / `test` start it at its fixed port and set these.
const LATENCY_URL = process.env.LATENCY_URL ?? 'http://localhost:18700';
const PORT = new URL(LATENCY_URL).port;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The most intervals open at one moment; an end at the same instant as a start comes first. */
function maxOverlap(entries) {
  const events = entries.flatMap((e) => [[e.sent, 1], [e.end, -1]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let most = 0;
  for (const [, step] of events) { open += step; most = Math.max(most, open); }
  return most;
}

/** Groups of answers that ended together: a gap over 250 ms starts a new wave. */
function waves(entries) {
  const ends = entries.map((e) => e.end).sort((a, b) => a - b);
  return ends.reduce((n, t, i) => n + (i > 0 && t - ends[i - 1] > 250 ? 1 : 0), ends.length ? 1 : 0);
}

async function joinAll(pg, target, shards = 1) {
  await pg.configure({ target, shards, requests: 24, concurrency: 6, strategy: 'join_all', timeout: 0 });
  await pg.click('run');
  await pg.waitForRuns(1);
  return (await pg.runs())[0];
}

test('one host name over HTTP/1.1: join_all of 24 × 500 ms goes out in 4 waves of 6', async (t) => {
  const pg = await Playground.open(browser);
  const run = await joinAll(pg, `${LATENCY_URL}/delay/500?t=one&i={i}`);
  assert.equal(run.ok, 24, JSON.stringify(run));
  assert.ok(run.wallMs >= 1_900, `wall ${run.wallMs} ms: 4 waves of 500 ms`);
  const entries = await wire(pg, 't=one');
  assert.equal(entries.length, 24);
  assert.ok(entries.every((e) => e.protocol === 'http/1.1'), JSON.stringify(entries[0]));
  assert.equal(maxOverlap(entries), 6, 'at most 6 on the wire at once');
  assert.equal(waves(entries), 4);
  // The verdict names the cap with what was in flight, and the waves' arithmetic.
  const verdict = await pg.locator('verdict').textContent();
  assert.match(verdict, /at most 6 HTTP\/1\.1 connections per host, and up to 24 were in flight to one/, verdict);
  assert.match(verdict, /⌈24 ÷ 6⌉ = 4 waves × \d+ ms ≈ /, verdict);
  t.diagnostic(`one host: wall ${run.wallMs.toFixed(0)} ms, ${maxOverlap(entries)} on the wire, ${waves(entries)} waves`);
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});

test('four shard host names lift the cap: the same 24 × 500 ms in one wave', async (t) => {
  const pg = await Playground.open(browser);
  const run = await joinAll(pg, `http://{shard}.localhost:${PORT}/delay/500?t=four&i={i}`, 4);
  assert.equal(run.ok, 24, JSON.stringify(run));
  assert.ok(run.wallMs < 1_200, `wall ${run.wallMs} ms: one wave of 500 ms`);
  const entries = await wire(pg, 't=four');
  assert.deepEqual([...new Set(entries.map((e) => e.host))].sort(), [1, 2, 3, 4].map((h) => `${h}.localhost:${PORT}`));
  assert.ok(maxOverlap(entries) > 18, `on the wire at once: ${maxOverlap(entries)}`);
  assert.equal(waves(entries), 1);
  // 6 in flight to each name: the cap never bound, so no sentence blames it.
  assert.doesNotMatch(await pg.locator('verdict').textContent(), /HTTP\/1\.1 connections/);
  t.diagnostic(`4 shards: wall ${run.wallMs.toFixed(0)} ms, ${maxOverlap(entries)} on the wire`);
  // A share link carries the shards.
  await pg.click('share-link');
  assert.match(await pg.page.inputValue('[data-testid="share-url"]'), /shards=4/);
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});

/** A latency server of its own, at a free port: `[url, process]`. */
async function ownServer() {
  const bin = process.env.XTASK_BIN;
  assert.ok(bin, 'XTASK_BIN is set by cargo xtask e2e');
  const child = spawn(bin, ['latency-server', '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const found = out.match(/LATENCY_URL=(\S+)/);
      if (found) resolve(found[1]);
    });
    child.on('exit', (code) => reject(new Error(`latency server exited (${code}): ${out}`)));
  });
  return [url, child];
}

test('a server killed mid-run: every request is counted and the page runs again', async () => {
  const [url, child] = await ownServer();
  const pg = await Playground.open(browser);
  await pg.configure({ target: `${url}/delay/3000?i={i}`, requests: 12, concurrency: 6, strategy: 'join_all', timeout: 0 });
  await pg.click('run');
  // 6 on the wire, 6 waiting in the browser: then the server dies.
  await pg.page.waitForTimeout(800);
  child.kill('SIGKILL');
  await pg.waitForRuns(1, 20_000);
  const [run] = await pg.runs();
  assert.equal(run.ok + run.failed + run.cancelled, 12, JSON.stringify(run));
  assert.equal(run.failed, 12, 'a dead server answers nothing');
  assert.equal(run.completed, true);
  // Still usable: the next run, against the running server, succeeds.
  await pg.configure({ target: `${LATENCY_URL}/delay/50?t=after&i={i}`, requests: 6 });
  await pg.click('run');
  await pg.waitForRuns(2);
  const [, next] = await pg.runs();
  assert.equal(next.ok, 6, JSON.stringify(next));
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});

test('a slow body meets the timeout: headers came at once, the attempt is a timeout', async () => {
  const pg = await Playground.open(browser);
  // The drip's head arrives at once: fetch() resolves long before its body ends.
  const headersMs = await pg.page.evaluate(async (url) => {
    const abort = new AbortController();
    const t0 = performance.now();
    await fetch(url, { signal: abort.signal, cache: 'no-store' });
    const took = performance.now() - t0;
    abort.abort();
    return took;
  }, `${LATENCY_URL}/drip/3000?t=head`);
  assert.ok(headersMs < 500, `headers after ${headersMs} ms`);
  await pg.configure({ target: `${LATENCY_URL}/drip/3000?i={i}`, requests: 3, concurrency: 3, strategy: 'join_all', timeout: 700 });
  await pg.click('run');
  await pg.waitForRuns(1, 10_000);
  const [run] = await pg.runs();
  assert.equal(run.failed, 3, JSON.stringify(run));
  assert.ok(run.wallMs < 2_000, `wall ${run.wallMs} ms: the timeout, not the 3 s body`);
  const [file] = await Promise.all([pg.page.waitForEvent('download'), pg.click('export-json')]);
  const data = JSON.parse(await readFile(await file.path(), 'utf8'));
  for (const rec of data.runs[0].report.records) {
    assert.equal(rec.outcome.kind, 'timeout', JSON.stringify(rec));
    assert.ok(rec.ended - rec.started >= 690, `ended after ${rec.ended - rec.started} ms`);
  }
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});

test('the page finds the latency server and aims at it in one click', async () => {
  const pg = await Playground.open(browser);
  // Offered, not asked: nothing is fetched from it until a button is pressed.
  await pg.page.waitForSelector('[data-testid="latency-server"][data-state="offered"]', { state: 'attached', timeout: 10_000 });
  await pg.click('use-latency-server');
  await pg.page.waitForSelector('[data-testid="latency-server"][data-state="found"]', { timeout: 10_000 });
  assert.equal(await pg.value('target'), 'http://localhost:18700/delay/500?i={i}');
  assert.equal(await pg.value('shards'), '1');
  await pg.click('use-latency-server-sharded');
  assert.equal(await pg.value('target'), 'http://{shard}.localhost:18700/delay/500?i={i}');
  assert.equal(await pg.value('shards'), '4');
  assert.equal(await pg.locator('error').count(), 0);
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});

test('with the latency server stopped: a quiet load, and a pressed button says how to start it', async () => {
  const context = await browser.newContext();
  // Port 18700 refuses, as it does wherever `cargo xtask serve` is not running.
  const asked = [];
  await context.route('http://localhost:18700/**', (route) => {
    asked.push(route.request().url());
    return route.abort('connectionrefused');
  });
  const page = await context.newPage();
  const pg = new Playground(page);
  await page.goto(BASE_URL);
  await page.waitForSelector('[data-testid="sim-status"][data-state="ready"]', { timeout: 30_000 });
  await page.waitForSelector('[data-testid="latency-server"][data-state="offered"]', { state: 'attached' });
  // Give a late probe time to show itself: there must be none.
  await page.waitForTimeout(1_000);
  assert.deepEqual(asked, [], 'nothing asks the latency server at load');
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), [], 'not one console message');
  assert.equal(await pg.locator('error').count(), 0);
  await pg.click('use-latency-server');
  await page.waitForSelector('[data-testid="latency-server"][data-state="absent"]', { timeout: 10_000 });
  assert.match(await pg.locator('latency-server-absent').textContent(), /nothing answers on localhost:18700: start it with `cargo xtask serve`/);
  // The form is untouched: still the simulated server.
  assert.match(await pg.value('target'), /__sim/);
  await context.close();
});
