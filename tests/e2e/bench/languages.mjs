// Issue 21's figures, each within one page: the limited strategies in Rust,
// Python and JavaScript, interleaved (the order rotates each round); Pyodide's
// cold and warm load; and the CPU lesson in `main` and `workers` mode, A B B A.
import { openApp, configure, runWasm, clearHistory } from './app.mjs';
import { median } from './report.mjs';

const LIMITED = ['join_all_limited', 'buffer_unordered', 'worker_pool'];
const LANGS = ['rust', 'python', 'javascript'];
const f = (x, d = 3) => (x == null || Number.isNaN(x) ? '–' : x.toFixed(d));

/** Python ÷ Rust and JavaScript ÷ Rust walls (first start → last body read) for the same draws. */
export async function languageRatios(browser, base, { n = 1000, k = 50, delay = 50, rounds = 3 } = {}) {
  const page = await openApp(browser, base);
  await configure(page, { delay, jitter: 0, 'fail-rate': 0, retries: 0, timeout: 0, rate: 0, requests: k, concurrency: k });
  // Pyodide's load is not part of any run's wall: it loads with one small run first.
  await configure(page, { strategy: 'join_all_limited', language: 'python' });
  await runWasm(page, 180_000);
  await configure(page, { requests: n });
  await clearHistory(page);
  const rows = [];
  for (let round = 0; round < rounds; round++) {
    for (const strategy of LIMITED) {
      const order = LANGS.map((_, j) => LANGS[(j + round) % LANGS.length]);
      const walls = {};
      for (const language of order) {
        await configure(page, { strategy, language });
        const r = await runWasm(page);
        if (r.ok !== n) throw new Error(`${language} ${strategy}: ok=${r.ok} of ${n}`);
        walls[language] = r.startToEndMs;
        await clearHistory(page);
      }
      rows.push({ round, strategy, order, walls, python: walls.python / walls.rust, javascript: walls.javascript / walls.rust });
      console.error(`bench: languages ${strategy} round ${round + 1}: Python ÷ Rust ${f(walls.python / walls.rust)}, JS ÷ Rust ${f(walls.javascript / walls.rust)}`);
    }
  }
  if (page.errors.length) throw new Error(`console errors during the language runs: ${page.errors.join('; ')}`);
  await page.close();
  return { n, k, delay, rounds, rows };
}

/** Pyodide's load as the worker timed it: cold (a fresh context, empty cache), then warm (a second page in it). */
export async function pyodideLoads(browser, base, loads = 3) {
  const loadOnce = async (contextId) => {
    const page = await openApp(browser, base, '?n=5&k=5&delay=10&lang=python', contextId);
    await runWasm(page, 180_000);
    const ms = await page.eval(() => Number(document.querySelector('[data-testid="python-status"]').dataset.loadMs));
    if (!(ms > 0)) throw new Error('python-status has no load time');
    if (page.errors.length) throw new Error(`console errors while loading Python: ${page.errors.join('; ')}`);
    return { page, ms };
  };
  const cold = [];
  const warm = [];
  for (let i = 0; i < loads; i++) {
    const first = await loadOnce();
    cold.push(first.ms);
    const second = await loadOnce(first.page.contextId);
    warm.push(second.ms);
    await second.page.close({ keepContext: true });
    await first.page.close();
    console.error(`bench: Pyodide load ${i + 1}: cold ${first.ms} ms, warm ${second.ms} ms`);
  }
  return { cold, warm };
}

/** The CPU lesson's settings (N=20, cpu=50 ms, k=10) in `main` and `workers` mode, A B B A. */
export async function cpuModes(browser, base, pairs = 2) {
  const n = 20, cpu = 50;
  const page = await openApp(browser, base);
  await configure(page, {
    requests: n, concurrency: 10, 'cpu-ms': cpu, delay: 169, jitter: 0, 'fail-rate': 0, retries: 0,
    timeout: 0, rate: 0, strategy: 'join_all_limited', language: 'rust',
  });
  const walls = { main: [], workers: [] };
  for (let pair = 0; pair < pairs; pair++) {
    for (const mode of pair % 2 ? ['workers', 'main'] : ['main', 'workers']) {
      await configure(page, { 'cpu-mode': mode });
      const r = await runWasm(page);
      if (r.ok !== n) throw new Error(`cpu ${mode}: ok=${r.ok} of ${n}`);
      walls[mode].push(r.wallMs);
      await clearHistory(page);
    }
  }
  const workers = await page.eval(() => document.querySelector('[data-testid="cpu-workers"]')?.textContent ?? null);
  if (page.errors.length) throw new Error(`console errors during the CPU runs: ${page.errors.join('; ')}`);
  await page.close();
  return { n, cpu, walls, workers, ratio: median(walls.workers) / median(walls.main) };
}

export function languagesMarkdown({ languages, pyodide, cpu }) {
  const lines = [];
  if (languages) {
    const { n, k, delay, rounds, rows } = languages;
    lines.push(`## Python and JavaScript ÷ Rust (N=${n.toLocaleString('en')}, k=${k}, L=${delay} ms, ${rounds} rounds, order rotated each round)`, '');
    lines.push('| strategy | Python ÷ Rust median | range | JS ÷ Rust median | range |', '|---|---|---|---|---|');
    for (const strategy of LIMITED) {
      const rs = rows.filter((r) => r.strategy === strategy);
      if (!rs.length) continue;
      const py = rs.map((r) => r.python);
      const js = rs.map((r) => r.javascript);
      lines.push(`| ${strategy} | ${f(median(py))} | ${f(Math.min(...py))} – ${f(Math.max(...py))} | ${f(median(js))} | ${f(Math.min(...js))} – ${f(Math.max(...js))} |`);
    }
    lines.push('');
  }
  if (pyodide) {
    lines.push('## Pyodide load, as the worker timed it (ms; for reference, not a result)', '');
    lines.push(`cold (fresh context): median ${median(pyodide.cold)} (${pyodide.cold.join(', ')}); warm (cached): median ${median(pyodide.warm)} (${pyodide.warm.join(', ')}); warm ÷ cold ${f(median(pyodide.warm) / median(pyodide.cold))}`, '');
  }
  if (cpu) {
    const floor = cpu.n * cpu.cpu;
    lines.push(`## The CPU lesson: workers ÷ main (N=${cpu.n}, cpu=${cpu.cpu} ms, k=10; ${cpu.workers ?? 'pool size unknown'})`, '');
    lines.push(`workers ÷ main ${f(cpu.ratio)}; main ÷ (N × cpu) ${f(median(cpu.walls.main) / floor)}; workers ÷ (N × cpu) ${f(median(cpu.walls.workers) / floor)}`, '');
  }
  return lines.join('\n');
}
