// `cargo xtask bench`: the project's performance record. Each strategy against
// what a user would otherwise write (a for loop, Promise.all, npm p-limit), in
// one page, interleaved A B A B, reported as ratios; also the replayed ideal,
// time to interactive, bundle sizes, and opt-in a 100,000-request run and a CPU
// profile. Markdown on stdout, JSON in target/bench/.
//   --pairs1k 5 --pairs20k 2 --k1k 50 --k20k 150 --delay 50 --seq-n 200
//   --quick (2 pairs at 1,000, none at 20,000)  --profile  --100k
//   --counting [--counting-pairs 3]: poll counting on ÷ off at N=20,000, k=k20k
//   --polls-table: every strategy's polls and wakes at N = 20, 200, 2,000
//   --draw / --sweep: Playwright views, see bench/playwright-modes.mjs
//   --only tti,slow,pairs,languages,pyodide,cpu: just these parts (default: all six)
//   --lang-rounds 3 --cpu-pairs 2 --pyodide-loads 3
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Browser } from './bench/cdp.mjs';
import { openApp, configure, runWasm, runJs, clearHistory, startWatch, stopWatch } from './bench/app.mjs';
import { startProfile, stopProfile } from './bench/profile.mjs';
import { markdown, median } from './bench/report.mjs';
import { countingOverhead, countingMarkdown, pollsTable, pollsTableMarkdown } from './bench/counting.mjs';
import { slowFirstLoad, slowFirstLoadMarkdown } from './bench/first-paint.mjs';
import { languageRatios, pyodideLoads, cpuModes, languagesMarkdown } from './bench/languages.mjs';

if (process.argv.includes('--draw') || process.argv.includes('--sweep')) {
  await import('./bench/playwright-modes.mjs');
  process.exit(0);
}

const has = (name) => process.argv.includes(`--${name}`);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const quick = has('quick');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? new Set(process.argv[onlyAt + 1].split(',')) : null;
const part = (name) => !only || only.has(name);
const opts = {
  pairs1k: arg('pairs1k', quick ? 2 : 5), pairs20k: arg('pairs20k', quick ? 0 : 2),
  k1k: arg('k1k', 50), k20k: arg('k20k', 150), delay: arg('delay', 50), seqN: arg('seq-n', 200),
};
const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
const STRATEGIES = ['sequential', 'join_all', 'join_all_limited', 'buffer_unordered', 'worker_pool'];
const PEER = { sequential: 'loop', join_all: 'all', join_all_limited: 'p-limit', buffer_unordered: 'p-limit', worker_pool: 'p-limit' };
const log = (...a) => console.error('bench:', ...a);

const out = { date: new Date().toISOString(), commit: process.env.BENCH_COMMIT ?? null, opts, pairs: [] };
const browser = await Browser.launch();
try {
  out.version = (await browser.send('Browser.getVersion')).product;
  if (part('tti')) {
    out.tti = await timeToInteractive(browser, 5);
    log(`time to interactive: median ${out.tti.runEnabled.median.toFixed(0)} ms`);
  }
  if (part('slow')) {
    out.slowFirst = await slowFirstLoad(browser, BASE_URL, 5);
    log(`slow first load: first paint ${out.slowFirst.firstPaint.median.toFixed(0)} ms, wasm ${out.slowFirst.wasmArrived.median.toFixed(0)} ms, Run ${out.slowFirst.runEnabled.median.toFixed(0)} ms`);
  }

  const page = await openApp(browser, BASE_URL);
  await configure(page, { delay: opts.delay, jitter: 0, 'fail-rate': 0, retries: 0, timeout: 0, rate: 0 });
  for (const [n, k, pairs] of part('pairs') ? [[1000, opts.k1k, opts.pairs1k], [20000, opts.k20k, opts.pairs20k]] : []) {
    for (let pair = 1; pair <= pairs; pair++) {
      for (const strategy of STRATEGIES) {
        // Sequential at 20,000 × 50 ms would take 17 minutes a side: it runs at N=seq-n only.
        if (strategy === 'sequential' && n > 1000) continue;
        const size = strategy === 'sequential' ? Math.min(n, opts.seqN) : n;
        await configure(page, { requests: size, concurrency: k, strategy });
        const wasm = await runWasm(page);
        if (wasm.ok !== size) throw new Error(`${strategy}: ok=${wasm.ok} of ${size}`);
        await clearHistory(page);
        const js = await runJs(page, { kind: PEER[strategy], n: size, k, delay: opts.delay });
        out.pairs.push({ n: size, k, strategy, peer: PEER[strategy], pair, wasm, js, ratio: wasm.startToEndMs / js.ms });
        log(`N=${size} k=${k} ${strategy} pair ${pair}: wasm ÷ ${PEER[strategy]} = ${(wasm.startToEndMs / js.ms).toFixed(3)}`);
      }
    }
  }
  if (page.errors.length) throw new Error(`console errors during the pairs: ${page.errors.join('; ')}`);
  await page.close();

  if (part('languages')) out.languages = await languageRatios(browser, BASE_URL, { n: 1000, k: opts.k1k, delay: opts.delay, rounds: arg('lang-rounds', 3) });
  if (part('pyodide')) out.pyodide = await pyodideLoads(browser, BASE_URL, arg('pyodide-loads', 3));
  if (part('cpu')) out.cpu = await cpuModes(browser, BASE_URL, arg('cpu-pairs', 2));
  if (has('profile')) out.profile = await profile(browser, process.env.PROFILE_URL ?? BASE_URL, opts);
  if (has('100k')) out.big = await hundredThousand(browser, opts.delay);
  if (has('polls-table')) out.pollsTable = await pollsTable(browser, BASE_URL);
  if (has('counting')) out.counting = await countingOverhead(browser, BASE_URL, { k: opts.k20k, delay: opts.delay, pairs: arg('counting-pairs', 3) });
} finally {
  await browser.close();
}
out.bundle = bundle(process.env.DIST);

const text = markdown(out)
  + (out.slowFirst ? `\n${slowFirstLoadMarkdown(out.slowFirst)}` : '')
  + (out.pollsTable ? `\n${pollsTableMarkdown(out.pollsTable)}` : '')
  + (out.counting ? `\n${countingMarkdown(out.counting)}` : '')
  + (out.languages || out.pyodide || out.cpu ? `\n${languagesMarkdown(out)}` : '');
console.log(text);
const dir = process.env.BENCH_OUT;
if (dir) {
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(out, null, 1);
  writeFileSync(`${dir}/bench-${out.date.replace(/[:.]/g, '-')}.json`, json);
  writeFileSync(`${dir}/latest.json`, json);
  writeFileSync(`${dir}/latest.md`, text);
  log(`wrote ${dir}/latest.json and latest.md`);
}

/** Navigation → Run enabled (and → simulated server ready), each load in a fresh context. */
async function timeToInteractive(browser, loads) {
  const source = `window.benchTti = new Promise((resolve) => {
    const t = {};
    const check = () => {
      const run = document.querySelector('button[data-testid="run"]');
      if (run && !run.disabled && t.runEnabled == null) t.runEnabled = performance.now();
      if (document.querySelector('[data-testid="sim-status"][data-state="ready"]') && t.simReady == null) t.simReady = performance.now();
      if (t.runEnabled != null && t.simReady != null) { observer.disconnect(); resolve(t); }
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { subtree: true, childList: true, attributes: true });
  });`;
  const runs = [];
  for (let i = 0; i < loads; i++) {
    const page = await browser.newPage();
    await page.send('Page.addScriptToEvaluateOnNewDocument', { source });
    await page.goto(BASE_URL);
    runs.push(await page.eval(() => window.benchTti));
    await page.close();
  }
  const stat = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), all: xs });
  return { runEnabled: stat(runs.map((r) => r.runEnabled)), simReady: stat(runs.map((r) => r.simReady)) };
}

/** A live 20,000-request run under the CPU profiler, then p-limit's run for the same requests. */
async function profile(browser, url, { k20k, delay }) {
  const page = await openApp(browser, url);
  await configure(page, { requests: 20000, concurrency: k20k, delay, jitter: 0, 'fail-rate': 0, strategy: 'join_all_limited' });
  await startProfile(page);
  const wasm = await runWasm(page);
  const wasmProfile = await stopProfile(page);
  await startProfile(page);
  const js = await runJs(page, { kind: 'p-limit', n: 20000, k: k20k, delay });
  const jsProfile = await stopProfile(page);
  await page.close();
  log('profiled 20,000 requests');
  return { n: 20000, k: k20k, named: url !== BASE_URL, wasm: { ...wasmProfile, run: wasm }, js: { ...jsProfile, run: js } };
}

/** 100,000 requests, k=150: longest task, wasm memory, every request counted; p-limit after it. */
async function hundredThousand(browser, delay) {
  const n = 100_000, k = 150;
  const page = await openApp(browser, BASE_URL, `?n=${n}&k=${k}&delay=${delay}&jitter=0&fail=0&strategy=join_all_limited`);
  log('100,000 requests from the app (about 3 minutes)');
  await startWatch(page);
  const wasm = await runWasm(page, 1_800_000);
  const wasmWatch = await stopWatch(page);
  await clearHistory(page);
  log('100,000 requests from p-limit');
  await startWatch(page);
  const js = await runJs(page, { kind: 'p-limit', n, k, delay });
  const jsWatch = await stopWatch(page);
  const errors = page.errors;
  await page.close();
  return {
    n, k, wasm: { ...wasm, ...wasmWatch }, js: { ...js, ...jsWatch },
    counted: wasm.ok + wasm.failed + wasm.cancelled, errors,
  };
}

function bundle(dist) {
  if (!dist) return [];
  return readdirSync(dist).filter((f) => /\.(wasm|js)$/.test(f)).map((f) => {
    const raw = readFileSync(`${dist}/${f}`);
    return { file: f.replace(/-[0-9a-f]{12,16}(?=[._])/, ''), raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
  });
}
