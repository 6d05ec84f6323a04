// The language worker: runs one strategy file, in Python (CPython's asyncio
// through Pyodide) or in JavaScript, off the page's thread. The page creates
// one per language and keeps it.
//
// Page → worker: {type:'run', run, language, strategy, urls (absolute), k,
//   timeout_ms (or null), cpu_ms, hold_ms}, {type:'cancel', run}. `strategy`
//   is a strategy's id, or `lesson/<name>` for a lesson's own Python script
//   (python/lessons/<name>.py; Python only), which gets `hold_ms` if it asks.
// Worker → page: {type:'status', state:'loading'|'ready'|'failed', …} while
//   Python's runtime loads; per request {type:'start', run, i, at} and
//   {type:'end', run, i, at, outcome} (`at` in epoch ms, `outcome` the JSON of
//   Rust's engine::Outcome); {type:'error', run, message} when the strategy
//   misbehaved; last {type:'done', run, resources, time_origin}.
//
// The strategy only decides *when* to fetch. The harness here records each
// request's start and end itself, inside `fetch` / `fetchOne`, so a strategy
// cannot misreport: exactly one `end` per `start`, and `done` always follows.

const STRATEGIES = ['sequential', 'join_all', 'join_all_limited', 'buffer_unordered', 'worker_pool'];
// The lessons' own scripts, run as `lesson/<name>`: Python only.
const LESSONS = ['blocking', 'held', 'held_coroutines', 'in_order'];
// Cancel waits this long for a strategy to unwind before it closes the run itself.
const CANCEL_GRACE_MS = 2000;

// Epoch milliseconds: the page converts them with its own performance.timeOrigin.
const now = () => performance.timeOrigin + performance.now();
const post = (message) => self.postMessage(message);
const runs = new Map();

/** One run's bookkeeping: which requests started, which are still open. */
class Run {
  constructor({ run, urls, k, timeout_ms, cpu_ms, hold_ms }) {
    Object.assign(this, { id: run, urls, k, timeout_ms: timeout_ms ?? null, cpu_ms: cpu_ms ?? 0, hold_ms: hold_ms ?? 0 });
    this.controller = new AbortController();
    this.signal = this.controller.signal;
    this.started = new Set();
    this.open = new Set();
    this.cancelled = false;
    this.onCancel = () => {};
  }

  /** The timeout in seconds for Python, or undefined (None there; JS null would be jsnull). */
  get timeout_s() {
    return this.timeout_ms === null ? undefined : this.timeout_ms / 1000;
  }

  /** Marks request i started; false (and no `start`) once the run is cancelled. */
  begin(i, url) {
    if (this.cancelled) return false;
    if (!Number.isInteger(i) || this.urls[i] !== url) throw new Error(`fetch(${i}, ${url}): not request ${i} of this run`);
    if (this.started.has(i)) throw new Error(`request ${i} was fetched twice`);
    this.started.add(i);
    this.open.add(i);
    post({ type: 'start', run: this.id, i, at: now() });
    return true;
  }

  /** Records request i's outcome (the JSON of Rust's engine::Outcome); later calls for it are ignored. */
  end(i, outcome) {
    if (!this.open.delete(i)) return;
    post({ type: 'end', run: this.id, i, at: now(), outcome });
    if (this.open.size === 0) this.drained?.();
  }

  /** For Python: the outcome as plain arguments. */
  ended(i, kind, status, bytes, message) {
    if (kind === 'ok') this.end(i, { kind, status, bytes });
    else if (kind === 'http_error') this.end(i, { kind, status });
    else if (kind === 'network_error') this.end(i, { kind, message: String(message) });
    else this.end(i, { kind });
  }

  cancel() {
    if (this.cancelled) return;
    this.cancelled = true;
    this.controller.abort();
    try {
      this.onCancel();
    } catch (e) {
      // The signal is aborted already: every fetch ends, whatever the task does.
    }
  }

  /** Resolves when no started request is still open. */
  idle() {
    return this.open.size === 0 ? Promise.resolve() : new Promise((go) => { this.drained = go; });
  }
}

const cancelledError = () => new DOMException('the run was cancelled', 'AbortError');

/** An FNV-1a hash over the body until `ms` have passed: the Rust handler's CPU work. */
function burn(body, ms) {
  const data = body.length > 0 ? body : new Uint8Array(1024).fill(0x5a);
  const start = performance.now();
  let hash = 0x811c9dc5;
  for (;;) {
    for (let at = 0; at < data.length; at += 4096) {
      for (let j = at; j < Math.min(at + 4096, data.length); j++) hash = Math.imul(hash ^ data[j], 0x01000193);
      if (performance.now() - start >= ms) return hash;
    }
  }
}

/** JavaScript's recorded GET, handed to the strategy as `fetchOne`. */
function fetcher(run) {
  return async (i, url) => {
    if (!run.begin(i, url)) throw cancelledError();
    const timeout = new AbortController();
    const timer = run.timeout_ms === null ? null : setTimeout(() => timeout.abort(), run.timeout_ms);
    try {
      const signal = AbortSignal.any([run.signal, timeout.signal]);
      const response = await fetch(url, { signal, cache: 'no-store', credentials: 'omit' });
      const body = new Uint8Array(await response.arrayBuffer());
      clearTimeout(timer);
      if (run.cpu_ms > 0) burn(body, run.cpu_ms);
      const { status } = response;
      run.end(i, response.ok ? { kind: 'ok', status, bytes: body.length } : { kind: 'http_error', status });
      return { status, bytes: body.length };
    } catch (e) {
      if (run.cancelled) run.end(i, { kind: 'cancelled' });
      else if (timeout.signal.aborted) run.end(i, { kind: 'timeout' });
      else run.end(i, { kind: 'network_error', message: String(e?.message ?? e) });
      throw e;
    } finally {
      clearTimeout(timer);
    }
  };
}

async function runJavaScript(run, strategy) {
  const { main } = await import(new URL(`javascript/${strategy}.mjs`, import.meta.url));
  clearTimings(run);
  const results = await main(run.urls, run.k, fetcher(run));
  if (!Array.isArray(results) || results.length !== run.urls.length) {
    return `main returned ${Array.isArray(results) ? results.length : typeof results} results for ${run.urls.length} requests`;
  }
  return null;
}

let python = null; // the loaded runtime's entry points, once
const stderr = [];

/** Loads Pyodide from the site's own pyodide/ folder, once, reporting the bytes as they arrive. */
function loadPython() {
  python ??= bootPython().catch((e) => {
    python = null; // a later run tries again
    post({ type: 'status', state: 'failed', message: `Python could not load: ${e?.message ?? e}` });
    throw e;
  });
  return python;
}

async function bootPython() {
  const t0 = performance.now();
  const base = new URL('../pyodide/', import.meta.url);
  // Written by the build (xtask/hooks/post-build.mjs): the copied files' true sizes.
  const { version, files } = await (await fetch(new URL('files.json', base))).json();
  const total = Object.values(files).reduce((a, b) => a + b, 0);
  let loaded = 0;
  let shown = 0;
  const report = (what, last = false) => {
    if (!last && performance.now() - shown < 100) return;
    shown = performance.now();
    post({ type: 'status', state: 'loading', loaded, total, what });
  };
  report(`Pyodide ${version}`);
  // Pyodide fetches the wasm, the standard library and its lock file with
  // the global fetch: count their bytes as they stream in. Restored below.
  const plain = self.fetch;
  self.fetch = async (input, init) => {
    const response = await plain(input, init);
    if (!response.body) return response;
    const name = new URL(response.url).pathname.split('/').pop();
    const counted = response.body.pipeThrough(new TransformStream({
      transform(chunk, out) {
        loaded += chunk.byteLength;
        report(name);
        out.enqueue(chunk);
      },
    }));
    const { status, statusText, headers } = response;
    return new Response(counted, { status, statusText, headers });
  };
  let pyodide;
  try {
    // The two modules arrive by import(), which no stream shows: counted whole.
    const { loadPyodide } = await import(new URL('pyodide.mjs', base));
    loaded += files['pyodide.mjs'];
    const { default: createPyodideModule } = await import(new URL('pyodide.asm.mjs', base));
    loaded += files['pyodide.asm.mjs'];
    report('pyodide.asm.mjs', true);
    pyodide = await loadPyodide({
      indexURL: base.href,
      createPyodideModule,
      packages: [], // nothing beyond the standard library: no micropip, no CDN
      stdout: () => {}, // the strategies print nothing; keep the console quiet
      stderr: (line) => stderr.push(line),
    });
  } finally {
    self.fetch = plain; // before pyodide.http is imported: pyfetch keeps the fetch it finds
  }
  // The Python side of the harness (recorded fetch and open_url): harness.py.
  const glue = await fetch(new URL('harness.py', import.meta.url));
  if (!glue.ok) throw new Error(`harness.py: HTTP ${glue.status}`);
  const space = pyodide.globals.get('dict')();
  pyodide.runPython(await glue.text(), { globals: space, filename: 'harness.py' });
  const harness = pyodide.runPython('start, load', { globals: space });
  space.destroy();
  const [start, load] = harness.toJs();
  harness.destroy();
  report('ready', true); // every byte counted: loaded is total here
  post({ type: 'status', state: 'ready', ms: performance.now() - t0, bytes: total });
  return { start, load, sources: new Map() };
}

/** The Python file that runs `strategy`: a strategy's, or a lesson's own. */
const pythonFile = (strategy) => (strategy.startsWith('lesson/')
  ? `python/lessons/${strategy.slice('lesson/'.length)}.py` : `python/${strategy}.py`);

async function runPython(run, strategy) {
  const py = await Promise.race([loadPython(), cancelled(run)]);
  if (!py) return null; // cancelled while Pyodide loaded: nothing started
  if (!py.sources.has(strategy)) {
    const file = pythonFile(strategy);
    const response = await fetch(new URL(file, import.meta.url));
    if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
    py.sources.set(strategy, py.load(await response.text(), file.split('/').pop()));
  }
  clearTimings(run);
  stderr.length = 0;
  // start() also sets run.onCancel: it cancels the main asyncio task, and every await inside it.
  const task = py.start(py.sources.get(strategy), run);
  try {
    const problem = await task;
    const wrote = stderr.splice(0).join('\n');
    return problem ?? (wrote ? `Python wrote to stderr: ${wrote}` : null);
  } finally {
    const cancelProxy = run.onCancel;
    run.onCancel = () => {};
    cancelProxy.destroy?.();
    task.destroy();
  }
}

/** Resolves (to nothing) once `run` is cancelled. */
function cancelled(run) {
  return new Promise((go) => {
    if (run.cancelled) go();
    run.signal.addEventListener('abort', () => go(), { once: true });
  });
}

/** Empties the worker's Resource Timing buffer, sized for this run (none other is going). */
function clearTimings(run) {
  if (runs.size > 1) return;
  performance.clearResourceTimings();
  performance.setResourceTimingBufferSize(run.urls.length + 50);
}

function timings(run) {
  const names = new Set([].concat(run.urls ?? []).map((u) => URL.parse(u)?.href));
  return performance.getEntriesByType('resource').filter((e) => names.has(e.name)).map((e) => e.toJSON());
}

async function execute(message) {
  const run = new Run(message);
  runs.set(run.id, run);
  let problem = null;
  try {
    const { language, strategy, urls, k } = message;
    const lesson = typeof strategy === 'string' && strategy.startsWith('lesson/');
    if (lesson && !LESSONS.includes(strategy.slice('lesson/'.length))) throw new Error(`no lesson script ${strategy}`);
    if (!lesson && !STRATEGIES.includes(strategy)) throw new Error(`no strategy ${strategy}`);
    if (lesson && language !== 'python') throw new Error(`${strategy} is a Python script: it does not run in ${language}`);
    if (!(Number.isFinite(run.hold_ms) && run.hold_ms >= 0)) throw new Error(`hold_ms must be a number ≥ 0, not ${run.hold_ms}`);
    if (!Array.isArray(urls) || !urls.every((u) => URL.canParse(u))) throw new Error('a run needs absolute urls');
    if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a whole number ≥ 1, not ${k}`);
    const going = language === 'python' ? runPython(run, strategy)
      : language === 'javascript' ? runJavaScript(run, strategy)
        : Promise.reject(new Error(`no language ${language}`));
    going.catch(() => {}); // handled by the race below, even when the grace wins it
    // After Cancel the strategy gets a short while to unwind, then the run closes anyway.
    const grace = cancelled(run).then(() => new Promise((go) => setTimeout(go, CANCEL_GRACE_MS)));
    problem = await Promise.race([going, grace]);
  } catch (e) {
    if (!run.cancelled) problem = `${e?.name ?? 'Error'}: ${e?.message ?? e}`;
  } finally {
    // Anything still open is aborted and recorded now: every start gets its end.
    if (run.open.size > 0) {
      if (!run.cancelled) problem ??= `main returned while ${run.open.size} requests were still in flight`;
      run.cancel();
      await Promise.race([run.idle(), new Promise((go) => setTimeout(go, CANCEL_GRACE_MS))]);
      for (const i of [...run.open]) run.end(i, { kind: 'cancelled' });
    }
    if (problem) post({ type: 'error', run: run.id, message: problem });
    post({ type: 'done', run: run.id, resources: timings(run), time_origin: performance.timeOrigin });
    runs.delete(run.id);
  }
}

self.addEventListener('message', ({ data }) => {
  if (data?.type === 'run') execute(data);
  else if (data?.type === 'cancel') runs.get(data.run)?.cancel();
});
