// CPU mode: a response handler's CPU work on the page's one thread (main),
// where handlers serialise, or in a pool of Web Workers (workers), where they
// overlap. Seed 004's fix for CPU-bound work, as a browser does it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, Playground } from './fixtures.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const N = 20;
const CPU = 50;

async function cpuMode(pg, mode) {
  await pg.reveal('[data-testid="cpu-mode"]');
  await pg.page.selectOption('[data-testid="cpu-mode"]', mode);
}

/** One run of the CPU lesson's settings in `mode`; its row and its exported record. */
async function runIn(pg, mode) {
  await cpuMode(pg, mode);
  const before = await pg.runCount();
  await pg.click('run');
  await pg.waitForRuns(before + 1);
  const runs = await pg.runs();
  return runs[runs.length - 1];
}

test('workers overlap the handlers: N=20, cpu=50, k=10 runs well under N × cpu; main stays at or above it', { timeout: 120_000 }, async (t) => {
  const pg = await Playground.open(browser);
  // A short delay: the CPU work, not the network, sets the wall (floor N × cpu ÷ workers).
  await pg.configure({ requests: N, concurrency: 10, delay: 20, 'cpu-ms': CPU, strategy: 'join_all_limited' });
  await cpuMode(pg, 'workers');
  const size = await pg.locator('cpu-workers').textContent();
  assert.match(size, /^\d+ workers? \(/);
  // A B A B A B: drift on a shared machine (other builds take cores too)
  // biases neither mode. Every workers run stays under N × cpu; the best is
  // near the floor N × cpu ÷ workers, within the 0.7 × N × cpu.
  const workers = [];
  const main = [];
  for (let round = 0; round < 3; round++) {
    workers.push(await runIn(pg, 'workers'));
    main.push(await runIn(pg, 'main'));
  }
  const walls = (runs) => runs.map((r) => r.wallMs.toFixed(0)).join(', ');
  t.diagnostic(`${size}; workers walls ${walls(workers)} ms; main walls ${walls(main)} ms (N × cpu = ${N * CPU} ms)`);
  for (const run of [...workers, ...main]) {
    assert.equal(run.ok, N);
    assert.equal(run.completed, true);
  }
  const best = Math.min(...workers.map((r) => r.wallMs));
  assert.ok(best <= 0.7 * N * CPU, `best workers wall ${best} ms > ${0.7 * N * CPU} ms`);
  for (const run of workers) assert.ok(run.wallMs < N * CPU, `workers wall ${run.wallMs} ms ≥ N × cpu`);
  for (const run of main) assert.ok(run.wallMs >= N * CPU, `main wall ${run.wallMs} ms < ${N * CPU} ms`);
  // Each run files its handler spans: in workers mode they overlap (as many
  // at once as there are workers, at most), on the page's thread never.
  const [download] = await Promise.all([pg.page.waitForEvent('download'), pg.click('export-json')]);
  const { runs } = JSON.parse(await readFile(await download.path(), 'utf8'));
  const atOnce = (spans) => {
    const edges = spans.filter(Boolean).flatMap(([s, e]) => [[s, 1], [e, -1]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let now = 0; let most = 0;
    for (const [, step] of edges) { now += step; most = Math.max(most, now); }
    return most;
  };
  const pool = Number(size.match(/^\d+/)[0]);
  assert.equal(runs.length, 6);
  runs.forEach((run, i) => {
    assert.equal(run.handlers?.length, N, `run ${i} files a span per request`);
    assert.ok(run.handlers.every((h) => h && h[1] - h[0] >= CPU * 0.95), `run ${i}: every handler took its ${CPU} ms`);
    const most = atOnce(run.handlers);
    if (i % 2 === 0) assert.ok(most >= 2 && most <= pool, `workers run ${i}: ${most} handlers at once`);
    else assert.equal(most, 1, `main run ${i}: handlers one at a time`);
  });
  // The waterfall draws them as measured: the latest (main) run's canvas
  // says one at a time; ticked beside it, the last workers run's overlap.
  const drawn = () => pg.page.$$eval('[data-testid="waterfall-canvas"]', (els) => els.map((e) => Number(e.dataset.handlersAtOnce)));
  assert.deepEqual(await drawn(), [1]);
  await pg.page.locator(`[data-testid="run"][data-run-id="${runs[5].id}"] [data-testid="select-run"]`).check();
  await pg.page.locator(`[data-testid="run"][data-run-id="${runs[4].id}"] [data-testid="select-run"]`).check();
  await pg.page.waitForFunction(() => document.querySelectorAll('[data-testid="waterfall-canvas"]').length === 2);
  const both = await drawn();
  t.diagnostic(`waterfall handlers at once: ${both.join(', ')}; filed runs: ${runs.map((r) => atOnce(r.handlers)).join(', ')}`);
  assert.ok(Math.max(...both) >= 2 && Math.min(...both) === 1, `drawn at once ${both}`);
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), []);
  await pg.close();
});

test('Python and JavaScript refuse workers mode by name, and nothing runs', { timeout: 60_000 }, async () => {
  const pg = await Playground.open(browser);
  await pg.configure({ 'cpu-ms': CPU });
  await cpuMode(pg, 'workers');
  for (const [language, name] of [['python', 'Python'], ['javascript', 'JavaScript']]) {
    await pg.language(language);
    const error = pg.locator('error');
    await error.waitFor();
    assert.match(await error.textContent(), new RegExp(`CPU mode “workers”: ${name}'s short code does not do it; choose CPU mode “main”`));
    assert.equal(await pg.locator('cpu-mode').getAttribute('aria-invalid'), 'true');
    assert.equal(await pg.button('run').isEnabled(), false);
  }
  await pg.page.waitForTimeout(300);
  assert.equal(await pg.runCount(), 0, 'nothing ran');
  assert.equal(await pg.locator('python-status').getAttribute('data-state'), 'idle', 'Python never loaded');
  assert.deepEqual(pg.unexpectedConsole(), []);
  await pg.close();
});
