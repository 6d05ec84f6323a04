// Python and JavaScript from the page: the language select runs the chosen
// strategy in the language worker against the simulated server, files it in
// the same history with data-language, races the three languages on the same
// draws, cancels with every request accounted for, loads Python only from the
// page's own origin, and refuses, by name, what a short file does not do.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, Playground, RUN_ROW } from './fixtures.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The run rows' attributes, oldest first (the history lists the newest first). */
const rows = async (page) => (await page.$$eval(RUN_ROW, (els) => els.map((el) => ({ ...el.dataset }))))
  .sort((a, b) => Number(a.runId) - Number(b.runId));

async function exported(pg) {
  const [file] = await Promise.all([pg.page.waitForEvent('download'), pg.click('export-json')]);
  return JSON.parse(await readFile(await file.path(), 'utf8'));
}

/** One run of join_all_limited N=30 k=5 in `language`; its row. */
async function limitedRun(pg, language) {
  const before = await pg.runCount();
  await pg.configure({ requests: 30, concurrency: 5, strategy: 'join_all_limited', language });
  await pg.click('run');
  // Python's first run loads Pyodide (about 2 s here) before its requests start.
  await pg.waitForRuns(before + 1, 120_000);
  return (await rows(pg.page)).at(-1);
}

test('Python and JavaScript run join_all_limited N=30 k=5: ok=30, at most 5 in flight, labelled with their language', async (t) => {
  const pg = await Playground.open(browser);
  const requests = [];
  // Context-level: the language worker's own fetches are seen here too.
  pg.page.context().on('request', (r) => requests.push(r.url()));
  const status = pg.locator('python-status');
  assert.equal(await status.getAttribute('data-state'), 'idle', 'nothing of Python loads with the page');
  assert.ok(!requests.some((u) => u.includes('pyodide')), 'no Pyodide file fetched at page load');

  await pg.language('python');
  assert.ok(await status.isVisible(), 'the status shows once Python is chosen');
  // The page's frames while Pyodide loads and runs in its worker: the longest gap between two.
  await pg.page.evaluate(() => {
    window.longestFrameGap = 0;
    let last = performance.now();
    const tick = (now) => {
      window.longestFrameGap = Math.max(window.longestFrameGap, now - last);
      last = now;
      if (!window.stopFrames) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const loading = pg.page.waitForSelector('[data-testid="python-status"][data-state="loading"]', { timeout: 10_000 });
  const python = await Promise.all([loading, limitedRun(pg, 'python')]).then(([, row]) => row);
  const gap = await pg.page.evaluate(() => { window.stopFrames = true; return window.longestFrameGap; });
  t.diagnostic(`longest gap between the page's frames while Python loaded and ran: ${gap.toFixed(0)} ms`);
  assert.ok(gap < 500, `the page stayed responsive: ${gap} ms between frames`);
  assert.equal(python.language, 'python');
  assert.equal(python.strategy, 'join_all_limited');
  assert.equal(Number(python.ok), 30);
  assert.equal(Number(python.failed) + Number(python.cancelled), 0);
  assert.equal(Number(python.maxInFlight), 5);
  assert.equal(python.completed, 'true');
  // 30 × 100 ms through 5 lanes: 600 ms at best; generous above.
  assert.ok(Number(python.wallMs) >= 590 && Number(python.wallMs) < 5_000, `Python wall ${python.wallMs}`);
  assert.ok(Number(python.idealMs) > 0, 'the same replayed ideal as a Rust run');
  assert.equal(await status.getAttribute('data-state'), 'ready');
  assert.match(await status.textContent(), /ready/);
  t.diagnostic(`${await status.textContent()}; Python wall ${python.wallMs} ms, ideal ${python.idealMs} ms`);
  const history = await pg.page.textContent('[data-testid="run"][data-language="python"]');
  assert.match(history, /join_all_limited \(k=5\) · Python/);

  // Loading Python asked nothing of any origin but the page's own.
  const own = new URL(pg.page.url()).origin;
  const foreign = requests.filter((u) => !u.startsWith(own) && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(foreign, [], 'no CDN, no other origin');
  assert.ok(requests.some((u) => u.includes('/pyodide/pyodide.asm.wasm')), 'Pyodide came from the site itself');

  const js = await limitedRun(pg, 'javascript');
  assert.equal(js.language, 'javascript');
  assert.equal(Number(js.ok), 30);
  assert.equal(Number(js.maxInFlight), 5);
  assert.ok(Number(js.wallMs) >= 590 && Number(js.wallMs) < 5_000, `JavaScript wall ${js.wallMs}`);
  t.diagnostic(`JavaScript wall ${js.wallMs} ms`);

  // Resource Timing phases from the worker's own entries, on the page's clock.
  const data = await exported(pg);
  for (const run of data.runs) {
    const timed = run.report.records.filter((r) => r.attempts[0]?.timing);
    assert.equal(timed.length, 30, `${run.language}: every attempt has its entry`);
    for (const r of timed) {
      const [a] = r.attempts;
      assert.ok(a.timing.start >= a.started - 1 && a.timing.response_end <= a.ended + 1,
        `${run.language} #${r.index}: entry ${a.timing.start}–${a.timing.response_end} inside ${a.started}–${a.ended}`);
    }
  }
  // The charts name the language of what they show.
  assert.match(await pg.page.textContent('[data-testid="stats"]'), /· JavaScript/);
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});

test('Race the languages files one run per language with the same draws, in a rotating order, with its verdict', async (t) => {
  const pg = await Playground.open(browser);
  // Every fetch the page or a worker makes, as the service worker gets it (the draw is its query).
  const fetched = [];
  pg.page.context().on('request', (r) => { if (r.url().includes('/__sim/')) fetched.push(r.url()); });
  await pg.configure({ requests: 20, concurrency: 5, jitter: 40, strategy: 'join_all_limited' });
  await pg.click('race-languages');
  await pg.waitForRuns(3, 120_000);
  const raced = await rows(pg.page);
  assert.deepEqual(raced.map((r) => r.language), ['rust', 'python', 'javascript'], 'the first press starts with Rust');
  for (const r of raced) {
    assert.equal(Number(r.ok), 20, `${r.language} ok`);
    assert.equal(Number(r.maxInFlight), 5, `${r.language} in flight`);
  }
  const verdict = pg.locator('race-verdict');
  await verdict.waitFor();
  const text = await verdict.textContent();
  assert.match(text, /Python \d+\.\d\d× Rust · JavaScript \d+\.\d\d× Rust/);
  assert.match(text, /set the pace/);
  assert.match(text, /Run in this order: Rust, Python, JavaScript/);
  t.diagnostic(text);

  // The same requests in each language: the records name the same URLs, in order.
  const data = await exported(pg);
  assert.equal(data.runs.length, 3);
  const urls = data.runs.map((run) => run.report.records.map((r) => r.url));
  assert.equal(urls[0].length, 20);
  assert.deepEqual(urls[1], urls[0]);
  assert.deepEqual(urls[2], urls[0]);
  assert.deepEqual(data.runs.map((run) => run.language ?? 'rust'), ['rust', 'python', 'javascript']);
  // The same draws: each request went out three times, every time with the same delay and status.
  const byRequest = new Map();
  for (const u of fetched) {
    const url = new URL(u);
    const key = url.pathname;
    byRequest.set(key, [...(byRequest.get(key) ?? []), url.search]);
  }
  assert.equal(byRequest.size, 20);
  for (const [path, draws] of byRequest) {
    assert.equal(draws.length, 3, `${path} fetched once per language`);
    assert.equal(new Set(draws).size, 1, `${path}: one draw, ${draws}`);
  }
  assert.ok(new Set([...byRequest.values()].map((d) => d[0])).size > 1, 'the jitter drew different delays');

  // The next press starts with the next language.
  await pg.click('race-languages');
  await pg.waitForRuns(6, 120_000);
  assert.match(await verdict.textContent(), /Run in this order: Python, JavaScript, Rust/);
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});

test('Cancel during a Python run accounts for every request', async (t) => {
  const pg = await Playground.open(browser);
  await pg.configure({ requests: 60, concurrency: 3, delay: 200, strategy: 'join_all_limited', language: 'python' });
  await pg.click('run');
  // Cancel once some requests have ended (Pyodide may still be loading first).
  await pg.page.waitForFunction(
    () => Number(document.querySelector('[data-testid="progress"]')?.dataset.done) >= 4,
    null,
    { timeout: 60_000, polling: 50 },
  );
  await pg.click('cancel');
  await pg.waitForRuns(1, 30_000);
  const [run] = await rows(pg.page);
  assert.equal(run.language, 'python');
  assert.equal(run.completed, 'false');
  const [ok, failed, cancelled] = [run.ok, run.failed, run.cancelled].map(Number);
  assert.equal(ok + failed + cancelled, 60, `${ok} + ${failed} + ${cancelled}`);
  assert.ok(ok >= 4 && ok < 60, `some finished: ${ok}`);
  assert.ok(cancelled > 0);
  t.diagnostic(`cancelled Python run: ${ok} ok + ${failed} failed + ${cancelled} cancelled`);
  const data = await exported(pg);
  const records = data.runs[0].report.records;
  assert.equal(records.length, 60);
  assert.ok(records.every((r) => r.outcome), 'every record has an outcome');
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});

test('an option the short code does not do is refused by name, and nothing runs', async () => {
  const pg = await Playground.open(browser);
  await pg.configure({ retries: 1, language: 'python' });
  const error = pg.locator('error');
  await error.waitFor();
  assert.match(await error.textContent(), /Retries: Python's short code does not do it; set Retries to 0/);
  assert.equal(await pg.button('run').isEnabled(), false);
  assert.equal(await pg.button('race-languages').isEnabled(), false);
  assert.equal(await pg.runCount(), 0);
  assert.equal(await pg.locator('python-status').getAttribute('data-state'), 'idle', 'nothing loaded');
  // Back to Rust: the same settings run there.
  await pg.language('rust');
  assert.equal(await error.count(), 0);
  // Rust with retries is fine, but a race would run them in Python too: refused, named.
  await pg.click('race-languages');
  await error.waitFor();
  assert.match(await error.textContent(), /Python's short code does not do it/);
  assert.match(await error.textContent(), /JavaScript's short code does not do it/);
  assert.equal(await pg.runCount(), 0);
  // Lesson 002 runs Rust's halves, then Python's; with retries Python's
  // halves are not run, and the check says which option stopped them.
  await pg.click('lesson-002');
  await pg.configure({ retries: 1 });
  await pg.click('lazy-run');
  await pg.waitForRuns(2, 30_000);
  const check = pg.locator('lesson-check');
  await check.waitFor();
  assert.match(await check.textContent(), /Python's halves did not run: Python's scripts do not implement Retries$/);
  await pg.page.waitForTimeout(300);
  assert.equal(await pg.runCount(), 2, 'Rust\'s two halves only');
  assert.equal(await pg.locator('python-status').getAttribute('data-state'), 'idle', 'nothing of Python loaded');
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});

test('"How it works" shows the very file that runs, in the language chosen', async () => {
  const pg = await Playground.open(browser);
  await pg.choose('join_all_limited');
  await pg.page.click('[data-testid="code-panel"] summary');
  const code = pg.locator('code');
  await pg.language('python');
  assert.equal(await code.getAttribute('data-language'), 'python');
  const served = async (path) => (await pg.page.request.get(new URL(path, pg.page.url()).href)).text();
  assert.equal(await code.textContent(), await served('lang/python/join_all_limited.py'));
  await pg.language('javascript');
  assert.equal(await code.textContent(), await served('lang/javascript/join_all_limited.mjs'));
  // Another strategy keeps the language's tab.
  await pg.choose('worker_pool');
  assert.equal(await code.textContent(), await served('lang/javascript/worker_pool.mjs'));
  assert.match(await pg.page.textContent('.code-panel .where'), /public\/lang\/javascript\/worker_pool\.mjs/);
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), []);
  await pg.close();
});
