// The language worker (public/lang/worker.mjs), driven directly by its
// messages on the served app page, whose service worker is the simulated
// server: every strategy in Python (Pyodide) and JavaScript keeps one outcome
// per request, holds k, times out and cancels, and Python loads only from the
// site itself, with its progress in bytes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { launch, Playground } from './fixtures.mjs';

const STRATEGIES = ['sequential', 'join_all', 'join_all_limited', 'buffer_unordered', 'worker_pool'];
const LANGUAGES = ['python', 'javascript'];

let browser;
let pg;
const requests = [];
before(async () => {
  browser = await launch();
  pg = await Playground.open(browser);
  // Context-level: the worker's own fetches are seen here too.
  pg.page.context().on('request', (r) => requests.push(r.url()));
  // (The page's console and pageerror events carry the dedicated worker's too.)
  await pg.page.evaluate(() => {
    // One worker for both languages, as the page keeps one per language.
    window.langWorker = new Worker(new URL('lang/worker.mjs', document.baseURI), { type: 'module' });
    window.langStatus = [];
    window.langWorker.addEventListener('message', ({ data }) => {
      if (data.type === 'status') window.langStatus.push(data);
    });
  });
});
after(async () => {
  await pg?.close();
  await browser?.close();
});

/** A simulated-server URL: `__sim/<tag>-<i>?delay=…`, answered by the page's service worker. */
const sim = (tag, i, { delay = 50, status = 200, bytes = 10 } = {}) =>
  `__sim/${tag}-${i}?delay=${delay}&status=${status}&bytes=${bytes}`;

let nextRun = 1;
/**
 * Sends one run and resolves every message of it, up to and including `done`.
 * `cancelAfter` starts, it sends Cancel and notes when (`cancelAt`, epoch ms).
 */
async function run(language, strategy, urls, { k = 5, timeoutMs = null, cpuMs = 0, holdMs = 0, cancelAfter = 0, cancelAtMs = 0, limitMs = 60_000 } = {}) {
  const id = nextRun++;
  return pg.page.evaluate(([message, cancelAfter, cancelAtMs, limitMs]) => new Promise((resolve, reject) => {
    const w = window.langWorker;
    const got = [];
    let starts = 0;
    const timer = setTimeout(() => reject(new Error(`no done after ${limitMs} ms: ${JSON.stringify(got.slice(-5))}`)), limitMs);
    const on = ({ data }) => {
      if (data.run !== message.run) return;
      got.push(data);
      if (data.type === 'start' && ++starts === cancelAfter) {
        got.cancelAt = performance.timeOrigin + performance.now();
        w.postMessage({ type: 'cancel', run: message.run });
      }
      if (data.type === 'done') {
        clearTimeout(timer);
        w.removeEventListener('message', on);
        const doneAt = performance.timeOrigin + performance.now();
        resolve({ messages: got, cancelAt: got.cancelAt ?? null, sentAt, doneAt });
      }
    };
    w.addEventListener('message', on);
    const base = document.baseURI;
    const sentAt = performance.timeOrigin + performance.now();
    w.postMessage({ ...message, urls: message.urls.map((u) => new URL(u, base).href) });
    if (cancelAtMs > 0) {
      setTimeout(() => {
        got.cancelAt = performance.timeOrigin + performance.now();
        w.postMessage({ type: 'cancel', run: message.run });
      }, cancelAtMs);
    }
  }), [{ type: 'run', run: id, language, strategy, urls, k, timeout_ms: timeoutMs, cpu_ms: cpuMs, hold_ms: holdMs }, cancelAfter, cancelAtMs, limitMs]);
}

/**
 * Checks the protocol's promises for one run of `n` requests: each start has
 * exactly one end after it, no end without a start, `done` last; returns the
 * ends by i, the max in flight, and the wall from first start to last end.
 */
function accountFor({ messages }, n) {
  const label = JSON.stringify(messages.filter((m) => m.type === 'error'));
  assert.equal(messages.at(-1).type, 'done', 'done comes last');
  assert.equal(messages.filter((m) => m.type === 'done').length, 1);
  const starts = new Map();
  const ends = new Map();
  for (const m of messages) {
    if (m.type === 'start') {
      assert.ok(!starts.has(m.i), `request ${m.i} started twice`);
      assert.ok(m.i >= 0 && m.i < n);
      starts.set(m.i, m);
    } else if (m.type === 'end') {
      assert.ok(starts.has(m.i), `request ${m.i} ended without a start, or before it`);
      assert.ok(!ends.has(m.i), `request ${m.i} ended twice`);
      assert.ok(m.at >= starts.get(m.i).at, `request ${m.i} ended before it started`);
      ends.set(m.i, m);
    }
  }
  assert.equal(ends.size, starts.size, `every start has its end ${label}`);
  // In flight: +1 at each start, −1 at each end (an end first on a tie).
  const events = [...starts.values(), ...ends.values()].sort((a, b) => a.at - b.at || (a.type === 'end' ? -1 : 1));
  let now = 0;
  let max = 0;
  for (const e of events) max = Math.max(max, (now += e.type === 'start' ? 1 : -1));
  const wall = events.length ? events.at(-1).at - events[0].at : 0;
  return { starts, ends, max, wall, done: messages.at(-1), errors: messages.filter((m) => m.type === 'error') };
}

const kinds = (ends) => [...ends.values()].sort((a, b) => a.i - b.i).map((e) => e.outcome.kind);

/** A loopback port nobody listens on: a fetch there is refused. */
async function closedPort() {
  const server = createServer();
  await new Promise((go) => server.listen(0, '127.0.0.1', go));
  const { port } = server.address();
  await new Promise((go) => server.close(go));
  return port;
}

test('Python loads on the first Python run, from the site alone, reporting its bytes: loading, then ready', async (t) => {
  const origin = new URL(pg.page.url()).origin;
  assert.equal(requests.filter((u) => u.includes('/pyodide/')).length, 0, 'nothing of Python before a Python run');
  const urls = Array.from({ length: 3 }, (_, i) => sim('load', i));
  const a = accountFor(await run('python', 'join_all', urls, { limitMs: 90_000 }), 3);
  assert.deepEqual(kinds(a.ends), ['ok', 'ok', 'ok'], JSON.stringify(a.errors));

  const status = await pg.page.evaluate(() => window.langStatus);
  const loading = status.filter((s) => s.state === 'loading');
  const ready = status.filter((s) => s.state === 'ready');
  assert.ok(loading.length >= 2, `several loading messages: ${JSON.stringify(status)}`);
  assert.equal(ready.length, 1, JSON.stringify(status));
  assert.equal(status.at(-1).state, 'ready', `ready comes after every loading message: ${JSON.stringify(status.slice(-4))}`);
  // The total is the copied files' true size (some 13 MB), and loaded climbs to it.
  const { total } = loading[0];
  assert.ok(total > 10e6 && total < 20e6, `total ${total}`);
  for (const [a, b] of loading.slice(1).map((s, j) => [loading[j], s])) assert.ok(b.loaded >= a.loaded);
  assert.equal(loading.at(-1).loaded, total);
  assert.equal(ready[0].bytes, total);
  assert.ok(ready[0].ms > 0 && ready[0].ms < 60_000, `load took ${ready[0].ms} ms`);
  t.diagnostic(`Pyodide loaded ${total} bytes in ${Math.round(ready[0].ms)} ms, ${loading.length} loading messages`);

  // Every request of the load went to the page's own origin, and only for the runtime's files.
  const foreign = requests.filter((u) => new URL(u).origin !== origin);
  assert.deepEqual(foreign, [], 'no request to any other origin');
  const runtime = [...new Set(requests.filter((u) => u.includes('/pyodide/')).map((u) => new URL(u).pathname.split('/').pop()))].sort();
  assert.deepEqual(runtime, ['files.json', 'pyodide-lock.json', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'pyodide.mjs', 'python_stdlib.zip']);
  assert.deepEqual(pg.unexpectedConsole(), []);
});

for (const language of LANGUAGES) {
  test(`${language} join_all_limited, N=30, k=5, 100 ms: 30 ok, at most 5 in flight, each start before its end`, async (t) => {
    const urls = Array.from({ length: 30 }, (_, i) => sim(`lim-${language}`, i, { delay: 100 }));
    const result = await run(language, 'join_all_limited', urls, { k: 5, limitMs: 90_000 });
    const a = accountFor(result, 30);
    assert.equal(a.starts.size, 30);
    assert.deepEqual(a.errors, []);
    for (const e of a.ends.values()) assert.deepEqual(e.outcome, { kind: 'ok', status: 200, bytes: 10 });
    assert.equal(a.max, 5, `max in flight ${a.max}`);
    // Six waves of 100 ms: never under 600 ms; generous above.
    assert.ok(a.wall >= 590 && a.wall < 6000, `wall ${a.wall} ms`);
    t.diagnostic(`${language}: 30 × 100 ms at k=5 in ${Math.round(a.wall)} ms (ideal 600)`);
    // The worker's own Resource Timing entries of this run's fetches.
    assert.equal(a.done.resources.length, 30, `${a.done.resources.length} resource entries`);
    assert.ok(a.done.time_origin > 1e12);
    assert.deepEqual(pg.unexpectedConsole(), []);
  });

  test(`${language}: failures keep their own outcome kinds in every strategy (500, refused, timeout)`, async () => {
    const port = await closedPort();
    // i % 4: 0 ok, 1 HTTP 500, 2 a 3 s answer that the 400 ms timeout cuts, 3 ok; request 5 is refused.
    const urls = Array.from({ length: 12 }, (_, i) => (i === 5 ? `http://127.0.0.1:${port}/refused-${i}`
      : sim(`fail-${language}`, i, { delay: i % 4 === 2 ? 3000 : 30, status: i % 4 === 1 ? 500 : 200 })));
    const expected = urls.map((_, i) => (i === 5 ? 'network_error' : ['ok', 'http_error', 'timeout', 'ok'][i % 4]));
    for (const strategy of STRATEGIES) {
      const a = accountFor(await run(language, strategy, urls, { k: 4, timeoutMs: 400 }), 12);
      assert.equal(a.starts.size, 12, strategy);
      assert.deepEqual(a.errors, [], strategy);
      assert.deepEqual(kinds(a.ends), expected, strategy);
      assert.equal(a.ends.get(1).outcome.status, 500);
      assert.ok(a.ends.get(5).outcome.message.length > 0);
      // A timeout ends near its 400 ms, far from the 3 s answer.
      const t = a.ends.get(2).at - a.starts.get(2).at;
      assert.ok(t >= 390 && t < 2500, `${strategy}: timeout after ${t} ms`);
    }
    // The refused fetch logs "Failed to load resource", which is expected; nothing else.
    assert.deepEqual(pg.unexpectedConsole(), []);
  });

  test(`${language}: Cancel mid-run in every strategy ends every started request once, and done follows`, async () => {
    for (const strategy of STRATEGIES) {
      const urls = Array.from({ length: 40 }, (_, i) => sim(`cancel-${language}-${strategy}`, i, { delay: 300 }));
      const result = await run(language, strategy, urls, { k: 5, cancelAfter: strategy === 'sequential' ? 2 : 7 });
      const a = accountFor(result, 40);
      assert.deepEqual(a.errors, [], strategy);
      // join_all starts all 40 at once; the others stop starting at Cancel.
      if (strategy !== 'join_all') assert.ok(a.starts.size < 40, `${strategy}: ${a.starts.size} of 40 started`);
      const cancelled = [...a.ends.values()].filter((e) => e.outcome.kind === 'cancelled');
      assert.ok(cancelled.length >= 1, `${strategy}: ${kinds(a.ends)}`);
      // What was cut ended at Cancel, not 300 ms later, and done came promptly.
      for (const e of cancelled) assert.ok(e.at >= result.cancelAt - 1 && e.at < result.cancelAt + 250, `${strategy}: cancelled ${e.at - result.cancelAt} ms after Cancel`);
      const lastEnd = Math.max(...[...a.ends.values()].map((e) => e.at));
      assert.ok(lastEnd - result.cancelAt < 1000, `${strategy}: last end ${lastEnd - result.cancelAt} ms after Cancel`);
      assert.ok(![...a.ends.values()].some((e) => e.at > result.cancelAt + 250 && e.outcome.kind === 'ok'), strategy);
    }
    assert.deepEqual(pg.unexpectedConsole(), []);
  });
}

test('cpu_ms runs inside each request, in both languages: 4 × 50 ms of hashing at k=4 takes ≥ 200 ms on one thread', async () => {
  for (const language of LANGUAGES) {
    const urls = Array.from({ length: 4 }, (_, i) => sim(`cpu-${language}`, i, { delay: 10, bytes: 4096 }));
    const a = accountFor(await run(language, 'join_all', urls, { k: 4, cpuMs: 50 }), 4);
    assert.deepEqual(kinds(a.ends), ['ok', 'ok', 'ok', 'ok'], language);
    // The worker has one thread: the handlers cannot overlap.
    assert.ok(a.wall >= 195 && a.wall < 3000, `${language}: wall ${a.wall} ms`);
    for (const e of a.ends.values()) assert.ok(e.at - a.starts.get(e.i).at >= 49, language);
  }
  assert.deepEqual(pg.unexpectedConsole(), []);
});

test('a run the worker cannot do gets error, then done, and starts nothing', async () => {
  const urls = [sim('bad', 0)];
  const bad = [
    ['python', 'gather', urls, 3, /no strategy gather/],
    ['ruby', 'join_all', urls, 3, /no language ruby/],
    ['javascript', 'join_all_limited', urls, 0, /k must be a whole number/],
    // A lesson's script is Python's own: JavaScript refuses it, by name.
    ['javascript', 'lesson/held', urls, 3, /lesson\/held is a Python script: it does not run in javascript/],
    ['python', 'lesson/threads', urls, 3, /no lesson script lesson\/threads/],
  ];
  for (const [language, strategy, list, k, message] of bad) {
    const { messages } = await run(language, strategy, list, { k });
    assert.deepEqual(messages.map((m) => m.type), ['error', 'done'], JSON.stringify(messages));
    assert.match(messages[0].message, message);
  }
  assert.deepEqual(pg.unexpectedConsole(), []);
});

// The lessons' own scripts (python/lessons/*.py), each showing what its lesson is about.
const starts = (a) => [...a.starts.values()].sort((x, y) => x.i - y.i);

test('lesson/blocking: 5 × 100 ms of blocking open_url calls, strictly one after another', async (t) => {
  const urls = Array.from({ length: 5 }, (_, i) => sim('blocking', i, { delay: 100 }));
  const a = accountFor(await run('python', 'lesson/blocking', urls, { limitMs: 90_000 }), 5);
  assert.deepEqual(a.errors, []);
  for (const e of a.ends.values()) assert.deepEqual(e.outcome, { kind: 'ok', status: 200, bytes: 10 });
  assert.equal(a.max, 1, 'one request at a time');
  // In order: each starts after the previous one ended.
  const s = starts(a);
  for (let i = 1; i < 5; i++) assert.ok(s[i].at >= a.ends.get(i - 1).at, `request ${i} started before ${i - 1} ended`);
  assert.ok(a.wall >= 495 && a.wall < 3000, `wall ${a.wall} ms (sum 500)`);
  t.diagnostic(`blocking.py: 5 × 100 ms in ${Math.round(a.wall)} ms (sum 500)`);
  assert.deepEqual(pg.unexpectedConsole(), []);
});

test('lesson/blocking keeps its outcome kinds: a 500, a refused connection, a timeout', async () => {
  const port = await closedPort();
  const urls = [sim('bl-ok', 0), sim('bl-500', 1, { status: 500 }), `http://127.0.0.1:${port}/refused`, sim('bl-slow', 3, { delay: 3000 })];
  const a = accountFor(await run('python', 'lesson/blocking', urls, { timeoutMs: 400 }), 4);
  assert.deepEqual(a.errors, []);
  assert.deepEqual(kinds(a.ends), ['ok', 'http_error', 'network_error', 'timeout']);
  const took = a.ends.get(3).at - a.starts.get(3).at;
  assert.ok(took >= 390 && took < 2500, `timeout after ${took} ms`);
  assert.deepEqual(pg.unexpectedConsole(), []);
});

test('lesson/held: ensure_future tasks start during the 1 s hold, and gather waits the hold out', async (t) => {
  const urls = Array.from({ length: 10 }, (_, i) => sim('held', i, { delay: 200 }));
  const result = await run('python', 'lesson/held', urls, { k: 10, holdMs: 1000 });
  const a = accountFor(result, 10);
  assert.deepEqual(a.errors, []);
  assert.deepEqual(kinds(a.ends), Array(10).fill('ok'));
  // Python is loaded by the first test: the hold starts about when the run is sent.
  const first = Math.min(...starts(a).map((s) => s.at)) - result.sentAt;
  const last = Math.max(...starts(a).map((s) => s.at)) - result.sentAt;
  assert.ok(last < 500, `every start before the hold ends: last at ${last} ms`);
  assert.equal(a.max, 10);
  assert.ok(result.doneAt - result.sentAt >= 990, `done after the hold: ${result.doneAt - result.sentAt} ms`);
  t.diagnostic(`held.py: starts ${Math.round(first)}–${Math.round(last)} ms into a 1,000 ms hold; done at ${Math.round(result.doneAt - result.sentAt)} ms`);
  assert.deepEqual(pg.unexpectedConsole(), []);
});

test('lesson/held_coroutines: bare coroutines send nothing until gather, after the hold', async (t) => {
  const urls = Array.from({ length: 10 }, (_, i) => sim('lazy', i, { delay: 200 }));
  const result = await run('python', 'lesson/held_coroutines', urls, { k: 10, holdMs: 1000 });
  const a = accountFor(result, 10);
  assert.deepEqual(a.errors, []);
  assert.deepEqual(kinds(a.ends), Array(10).fill('ok'));
  const first = Math.min(...starts(a).map((s) => s.at)) - result.sentAt;
  assert.ok(first >= 990 && first < 3000, `first start at ${first} ms, after the hold`);
  assert.equal(a.max, 10, 'then all at once');
  t.diagnostic(`held_coroutines.py: first start ${Math.round(first)} ms after a 1,000 ms hold began`);
  assert.deepEqual(pg.unexpectedConsole(), []);
});

test('lesson/in_order: 20 tasks all in flight at once, awaited in order: wall ≈ the slowest, not the sum', async (t) => {
  // Later tasks answer sooner: they are done before their turn.
  const urls = Array.from({ length: 20 }, (_, i) => sim('order', i, { delay: 400 - i * 10 }));
  const a = accountFor(await run('python', 'lesson/in_order', urls, { k: 3 }), 20);
  assert.deepEqual(a.errors, []);
  assert.deepEqual(kinds(a.ends), Array(20).fill('ok'));
  assert.equal(a.max, 20, `max in flight ${a.max}: k is not a limit here`);
  assert.ok(a.wall >= 395 && a.wall < 1500, `wall ${a.wall} ms (slowest 400, sum ${20 * 305})`);
  t.diagnostic(`in_order.py: 20 tasks, max in flight ${a.max}, wall ${Math.round(a.wall)} ms (slowest 400 ms)`);
  assert.deepEqual(pg.unexpectedConsole(), []);
});

test('Cancel during a lesson script: every started request ends once; a hold cancelled early starts nothing', async () => {
  // held.py: everything started, then Cancel in the hold cuts the 800 ms answers.
  const urls = Array.from({ length: 10 }, (_, i) => sim('c-held', i, { delay: 800 }));
  const held = await run('python', 'lesson/held', urls, { holdMs: 1000, cancelAtMs: 300 });
  const a = accountFor(held, 10);
  assert.deepEqual(a.errors, []);
  assert.equal(a.starts.size, 10);
  assert.deepEqual(kinds(a.ends), Array(10).fill('cancelled'));
  for (const e of a.ends.values()) assert.ok(e.at < held.cancelAt + 250, `ended ${e.at - held.cancelAt} ms after Cancel`);
  // Cancel reaches the script's task too: it does not sit out the rest of its hold.
  assert.ok(held.doneAt - held.cancelAt < 500, `done ${held.doneAt - held.cancelAt} ms after Cancel`);
  // held_coroutines.py: Cancel in the hold, before gather: nothing ever starts.
  const lazy = await run('python', 'lesson/held_coroutines', urls.map((_, i) => sim('c-lazy', i)), { holdMs: 1000, cancelAtMs: 300 });
  const b = accountFor(lazy, 10);
  assert.deepEqual(b.errors, []);
  assert.equal(b.starts.size, 0);
  assert.ok(lazy.doneAt - lazy.cancelAt < 500, `done ${lazy.doneAt - lazy.cancelAt} ms after Cancel`);
  // in_order.py: Cancel mid-run.
  const order = await run('python', 'lesson/in_order', Array.from({ length: 10 }, (_, i) => sim('c-order', i, { delay: 600 })), { cancelAtMs: 300 });
  const c = accountFor(order, 10);
  assert.deepEqual(c.errors, []);
  assert.deepEqual(kinds(c.ends), Array(10).fill('cancelled'));
  assert.deepEqual(pg.unexpectedConsole(), []);
});
