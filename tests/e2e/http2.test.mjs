// Against the latency server's HTTPS listeners: HTTP/2 carries the 24 requests
// that HTTP/1.1 sends in 4 waves of 6 in one wave; a server limiting its
// streams to 6 makes HTTP/2 wait like HTTP/1.1, and the verdict says which
// limit bound; a browser that has not accepted the certificate is told how;
// and lesson h2 runs from one click plus its Run button.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { launch, Playground, wire } from './fixtures.mjs';

// `cargo xtask e2e` starts the four listeners at their fixed ports and sets these.
const LATENCY_URL = process.env.LATENCY_URL ?? 'http://localhost:18700';
const H2_URL = process.env.LATENCY_H2_URL ?? 'https://localhost:18702';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Groups of answers that ended together: a gap over 250 ms starts a new wave. */
function waves(entries) {
  const ends = entries.map((e) => e.end).sort((a, b) => a - b);
  return ends.reduce((n, t, i) => n + (i > 0 && t - ends[i - 1] > 250 ? 1 : 0), ends.length ? 1 : 0);
}

/** Each run's measured protocol (`data-protocol`), oldest first. */
async function protocols(pg) {
  const rows = await pg.page.$$eval('[data-testid="run"][data-strategy]', (els) => els.map((el) => [Number(el.dataset.runId), el.dataset.protocol]));
  return rows.sort((a, b) => a[0] - b[0]).map((r) => r[1]);
}

/** The newest run's contract attributes, with its protocol. */
async function latest(pg) {
  const runs = await pg.runs();
  return { ...runs[runs.length - 1], protocol: (await protocols(pg)).at(-1) };
}

async function joinAll(pg, target, count) {
  await pg.configure({ target, shards: 1, requests: 24, concurrency: 6, strategy: 'join_all', timeout: 0 });
  await pg.click('run');
  await pg.waitForRuns(count);
  return latest(pg);
}

/** A latency server of its own at free ports, with `args`: its URLs by variable, and the process. */
async function ownServer(args) {
  const bin = process.env.XTASK_BIN;
  assert.ok(bin, 'XTASK_BIN is set by cargo xtask e2e');
  const child = spawn(bin, ['latency-server', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  const urls = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const found = Object.fromEntries([...out.matchAll(/^(LATENCY\w*_URL)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
      if (found.LATENCY_H2_CAPPED_URL) resolve(found);
    });
    child.on('exit', (code) => reject(new Error(`latency server exited (${code}): ${out}`)));
  });
  return [urls, child];
}

test('join_all of 24 × 500 ms: HTTP/1.1 in 4 waves, HTTP/2 in one, on the same page', async (t) => {
  const pg = await Playground.open(browser);
  const h1 = await joinAll(pg, `${LATENCY_URL}/delay/500?t=h1&i={i}`, 1);
  assert.equal(h1.protocol, 'http/1.1');
  assert.ok(h1.wallMs >= 1_900, `HTTP/1.1 wall ${h1.wallMs} ms: 4 waves of 500 ms`);
  const h2 = await joinAll(pg, `${H2_URL}/delay/500?t=h2&i={i}`, 2);
  assert.equal(h2.ok, 24, JSON.stringify(h2));
  assert.equal(h2.protocol, 'h2');
  assert.ok(h2.wallMs < 1_000, `HTTP/2 wall ${h2.wallMs} ms: under 2 × 500 ms`);
  const entries = await wire(pg, 't=h2');
  assert.equal(entries.length, 24);
  assert.ok(entries.every((e) => e.protocol === 'h2'), JSON.stringify(entries[0]));
  assert.equal(waves(entries), 1);
  const verdict = await pg.locator('verdict').textContent();
  assert.match(verdict, /Measured over HTTP\/2 \(h2\): one connection per host name carried up to 24 requests at once, with no 6-per-host cap\./, verdict);
  assert.doesNotMatch(verdict, /HTTP\/1\.1 connections/, verdict);
  t.diagnostic(`HTTP/1.1 ${h1.wallMs.toFixed(0)} ms, HTTP/2 ${h2.wallMs.toFixed(0)} ms`);
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});

test('with --max-streams 6, HTTP/2 waits like HTTP/1.1, and the verdict names the stream limit', async (t) => {
  const [urls, child] = await ownServer(['--max-streams', '6']);
  try {
    const pg = await Playground.open(browser);
    const run = await joinAll(pg, `${urls.LATENCY_H2_URL}/delay/500?t=six&i={i}`, 1);
    assert.equal(run.ok, 24, JSON.stringify(run));
    assert.equal(run.protocol, 'h2');
    assert.ok(run.wallMs >= 1_900, `wall ${run.wallMs} ms: 4 waves of 6 streams`);
    const entries = await wire(pg, 't=six');
    assert.equal(waves(entries), 4);
    const verdict = await pg.locator('verdict').textContent();
    assert.match(verdict, /Over HTTP\/2 the browser's 6-per-host cap does not apply: one connection carries every request, but this server lets at most 6 streams run at once per connection, inferred from this run's completion waves, and up to 24 were in flight to one host/, verdict);
    assert.match(verdict, /⌈24 ÷ 6⌉ = 4 waves × \d+ ms ≈ /, verdict);
    assert.match(verdict, /for a free HTTP\/2 stream/, verdict);
    assert.match(await pg.locator('in-flight-chart').textContent(), /stream limit: 6 \(HTTP\/2, inferred from the waves\)/);
    t.diagnostic(`HTTP/2 with 6 streams: ${run.wallMs.toFixed(0)} ms`);
    assert.deepEqual(pg.unexpectedConsole(), []);
    await pg.close();
  } finally {
    child.kill();
  }
});

test('the HTTPS buttons aim at the h2 and the HTTP/1.1-only listeners that /hello lists', async () => {
  const pg = await Playground.open(browser);
  // Asked only when a button is pressed, then aimed.
  // (Folded under More options, which pg.click opens.)
  const state = (s) => pg.page.waitForSelector(`[data-testid="latency-server"][data-state="${s}"]`, { state: 'attached', timeout: 10_000 });
  await state('offered');
  await pg.click('use-latency-server-h2');
  await state('found');
  await pg.page.waitForFunction(() => document.querySelector('[data-testid="target"]').value.startsWith('https://'));
  assert.equal(await pg.value('target'), `${H2_URL}/delay/500?i={i}`);
  await pg.click('use-latency-server-tls');
  assert.match(await pg.value('target'), /^https:\/\/localhost:\d+\/delay\/500\?i=\{i\}$/);
  assert.notEqual(await pg.value('target'), `${H2_URL}/delay/500?i={i}`);
  await pg.click('use-latency-server-h2');
  await pg.configure({ requests: 6, concurrency: 6, strategy: 'join_all', timeout: 0 });
  await pg.click('run');
  await pg.waitForRuns(1);
  assert.match(await pg.locator('verdict').textContent(), /Measured over HTTP\/2 \(h2\)/);
  assert.match(await pg.locator('latency-server').textContent(), /open https:\/\/localhost:18702\/hello once and accept it/);
  assert.equal(await pg.locator('latency-server-absent').count(), 0);
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});

test('a browser that has not accepted the certificate is told to open the URL once and accept it', async () => {
  const plain = await launch({ trustTestCert: false });
  try {
    const pg = await Playground.open(plain);
    await pg.configure({ target: `${H2_URL}/delay/10?t=cert&i={i}`, requests: 3, concurrency: 3, strategy: 'join_all', timeout: 0 });
    await pg.click('run');
    await pg.waitForRuns(1);
    const [run] = await pg.runs();
    assert.equal(run.failed, 3, JSON.stringify(run));
    const verdict = await pg.locator('verdict').textContent();
    assert.match(verdict, new RegExp(`open ${H2_URL.replace(/[/.]/g, '\\$&')}/hello once in a tab, accept the certificate`), verdict);
    // Only the browser's own lines for the failed fetches.
    assert.deepEqual(pg.unexpectedConsole(), []);
    await pg.close();
  } finally {
    await plain.close();
  }
});

test('lesson h2: one click, then Run: 4 waves against 1, and the sweep\'s knee at the 10 streams', async (t) => {
  const pg = await Playground.open(browser);
  await pg.click('lesson-h2');
  const prediction = await pg.locator('lesson-prediction').textContent();
  assert.match(prediction, /4 waves/);
  assert.match(prediction, /1 wave/);
  assert.equal(await pg.value('target'), 'http://localhost:18700/delay/500?i={i}');
  assert.equal(await pg.runCount(), 0, 'choosing a lesson runs nothing');
  await pg.click('h2-run');
  await pg.waitForRuns(2 + 6, 120_000);
  const runs = await pg.runs();
  assert.deepEqual(await protocols(pg), ['http/1.1', 'h2', ...Array(6).fill('h2')]);
  assert.ok(runs[0].wallMs >= 1_900 && runs[1].wallMs < 1_000, `${runs[0].wallMs} vs ${runs[1].wallMs}`);
  // Both join_all runs side by side, on one time scale.
  assert.equal(await pg.page.locator('[data-testid="waterfall-canvas"]').count(), 2);
  const chart = pg.locator('sweep-chart');
  const points = JSON.parse(await chart.getAttribute('data-points'));
  t.diagnostic(points.map((p) => `k=${p.k}: ${p.wall_ms.toFixed(0)} ms`).join(', '));
  assert.equal(Number(await chart.getAttribute('data-knee')), 10, await pg.locator('sweep-knee').textContent());
  const check = await pg.locator('lesson-check').textContent();
  assert.equal(await pg.locator('lesson-check').getAttribute('data-shown'), 'true', check);
  assert.match(check, /the sweep's knee: k = 10/);
  t.diagnostic(`${check} | ${await pg.locator('lesson-verdict').textContent()}`);
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});
