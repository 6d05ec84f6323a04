// The playground and its plain-JS peers, driven in one page over CDP.
import { readFileSync } from 'node:fs';

const modules = new URL('../../../node_modules/', import.meta.url).pathname;

/** Opens the app at `query` in a fresh context, waits for the simulated server, loads p-limit. */
export async function openApp(browser, base, query = '', contextId = undefined) {
  const page = await browser.newPage(contextId);
  await page.goto(new URL(query, base.endsWith('/') ? base : `${base}/`).href);
  await page.waitFor(() => document.querySelector('[data-testid="sim-status"]')?.dataset.state === 'ready',
    null, 30_000, 'the simulated server');
  // The npm package itself, unchanged: only its one import is pointed at a blob URL.
  const queue = readFileSync(`${modules}yocto-queue/index.js`, 'utf8');
  const pLimit = readFileSync(`${modules}p-limit/index.js`, 'utf8');
  await page.eval(async ({ queue, pLimit }) => {
    const url = (src) => URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
    const q = url(queue);
    const mod = await import(url(pLimit.replace(/from\s+'yocto-queue'/, `from '${q}'`)));
    window.pLimit = mod.default;
  }, { queue, pLimit });
  if (!(await page.eval(() => typeof window.pLimit === 'function'))) throw new Error('p-limit did not load');
  return page;
}

/** Sets controls by data-testid, as typing would (the app listens to `input`). */
export async function configure(page, settings) {
  await page.eval((settings) => {
    for (const [testid, value] of Object.entries(settings)) {
      const el = document.querySelector(`[data-testid="${testid}"]`);
      if (!el) throw new Error(`no control ${testid}`);
      el.value = String(value);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }
    const error = document.querySelector('[data-testid="error"]')?.textContent;
    if (error) throw new Error(`the form says: ${error}`);
  }, settings);
}

/** Clicks Run and returns the new result row once the run is filed and its ideal replayed. */
export async function runWasm(page, timeoutMs = 900_000) {
  const before = await page.eval(() => {
    const rows = document.querySelectorAll('[data-testid="run"][data-strategy]').length;
    const run = document.querySelector('button[data-testid="run"]');
    if (run.disabled) throw new Error('Run is disabled');
    run.click();
    return rows;
  });
  const row = await page.waitFor((n) => {
    const rows = document.querySelectorAll('[data-testid="run"][data-strategy]');
    const running = document.querySelector('[data-testid="progress"]')?.dataset.running;
    const last = rows[rows.length - 1];
    // The ideal is replayed after the run: wait for it so that it does not overlap the next run.
    return rows.length > n && running === 'false' && last.dataset.idealMs ? { ...last.dataset } : null;
  }, before, timeoutMs, 'the run and its replayed ideal');
  await settle(page);
  return {
    strategy: row.strategy,
    n: Number(row.requests),
    ok: Number(row.ok),
    failed: Number(row.failed),
    cancelled: Number(row.cancelled),
    wallMs: Number(row.wallMs),
    // Builds before this attribute existed time from the first fetch's start.
    startToEndMs: Number(row.startToEndMs ?? row.wallMs),
    idealMs: Number(row.idealMs),
    maxInFlight: Number(row.maxInFlight),
    // Absent when the page counts no polls (`?counting=off`, or a build before them).
    polls: row.polls == null ? null : Number(row.polls),
    wakes: row.wakes == null ? null : Number(row.wakes),
  };
}

/** Empties the app's history, so every run starts from the same page state. */
export async function clearHistory(page) {
  await page.eval(() => document.querySelector('button[data-testid="clear"]').click());
  await settle(page);
}

async function settle(page) {
  await page.eval(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 250))));
}

/**
 * What a user would otherwise write, on the app's own simulated endpoint:
 * `loop` (await in a for loop), `all` (Promise.all), `p-limit` (npm p-limit(k)).
 * Timed like the app: from before the first promise is created to the last body read.
 */
export async function runJs(page, { kind, n, k, delay }) {
  const r = await page.eval(async ({ kind, n, k, delay }) => {
    // The default Resource Timing buffer, as on a page without the app's observer.
    performance.clearResourceTimings();
    performance.setResourceTimingBufferSize(250);
    const get = (i) => fetch(`__sim/${i}?delay=${delay}&status=200&bytes=256`, { cache: 'no-store', credentials: 'omit' })
      .then((res) => res.arrayBuffer().then(() => res.ok), () => false);
    const t0 = performance.now();
    let oks;
    if (kind === 'loop') {
      oks = [];
      for (let i = 1; i <= n; i++) oks.push(await get(i));
    } else if (kind === 'all') {
      oks = await Promise.all(Array.from({ length: n }, (_, i) => get(i + 1)));
    } else {
      const limit = window.pLimit(k);
      oks = await Promise.all(Array.from({ length: n }, (_, i) => limit(() => get(i + 1))));
    }
    const ms = performance.now() - t0;
    return { ms, ok: oks.filter(Boolean).length };
  }, { kind, n, k, delay });
  if (r.ok !== n) throw new Error(`JS ${kind}: ok=${r.ok} of ${n}`);
  await settle(page);
  return r;
}

/** Records long tasks (and the JS heap every second) from now on; `stopWatch` returns them. */
export async function startWatch(page) {
  await page.eval(() => {
    const w = { t0: performance.now(), tasks: [], heapMax: 0 };
    w.observer = new PerformanceObserver((l) => {
      for (const e of l.getEntries()) w.tasks.push({ at: Math.round(e.startTime - w.t0), ms: Math.round(e.duration) });
    });
    w.observer.observe({ type: 'longtask' });
    const heap = () => { w.heapMax = Math.max(w.heapMax, performance.memory?.usedJSHeapSize ?? 0); };
    w.timer = setInterval(heap, 1000);
    window.benchWatch = w;
  });
}

export async function stopWatch(page) {
  return page.eval(async () => {
    const w = window.benchWatch;
    // Long-task entries arrive after their task: give the observer a frame to report the last one.
    await new Promise((r) => setTimeout(r, 500));
    w.observer.disconnect();
    clearInterval(w.timer);
    return {
      tasks: w.tasks,
      longestMs: Math.max(0, ...w.tasks.map((t) => t.ms)),
      heapMaxMiB: w.heapMax / 2 ** 20,
      wasmMiB: window.fetchPlayground ? window.fetchPlayground.memory.buffer.byteLength / 2 ** 20 : null,
    };
  });
}
