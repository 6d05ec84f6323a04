// The first load as a visitor on a slow phone link sees it: 1.6 Mbps down,
// 150 ms round trip, the CPU 4× slower, a cold cache (a fresh context each
// load). Absolute times are for reference; the gate is that the page paints
// (the static shell) before the wasm has finished arriving.
import { median } from './report.mjs';

const SLOW = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
const CPU_SLOWDOWN = 4;

// Times since navigation: first contentful paint, the wasm's last byte, Run enabled.
const PROBE = `window.benchFirst = new Promise((resolve) => {
  const t = {};
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') t.firstPaint = e.startTime;
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name.endsWith('.wasm')) t.wasmArrived = Math.max(t.wasmArrived ?? 0, e.responseEnd);
  }).observe({ type: 'resource', buffered: true });
  const check = () => {
    if (t.shellAt == null && document.querySelector('[data-testid="shell-lessons"] a')) t.shellAt = performance.now();
    const run = document.querySelector('button[data-testid="run"]');
    if (run && !run.disabled && t.runEnabled == null) {
      t.runEnabled = performance.now();
      observer.disconnect();
      // Let the observers deliver the paint and resource entries.
      setTimeout(() => resolve(t), 200);
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true });
});`;

export async function slowFirstLoad(browser, url, loads = 5) {
  const runs = [];
  for (let i = 0; i < loads; i++) {
    const page = await browser.newPage();
    await page.send('Network.enable');
    await page.send('Network.emulateNetworkConditions', SLOW);
    await page.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await page.send('Page.addScriptToEvaluateOnNewDocument', { source: PROBE });
    await page.goto(url);
    runs.push(await page.eval(() => window.benchFirst));
    await page.close();
  }
  const stat = (key) => {
    const xs = runs.map((r) => r[key]).filter((x) => x != null);
    return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), all: xs };
  };
  return {
    loads,
    conditions: { downMbps: 1.6, rttMs: 150, cpuSlowdown: CPU_SLOWDOWN },
    firstPaint: stat('firstPaint'),
    wasmArrived: stat('wasmArrived'),
    runEnabled: stat('runEnabled'),
    paintedFirst: runs.every((r) => r.firstPaint != null && r.wasmArrived != null && r.firstPaint < r.wasmArrived),
  };
}

export function slowFirstLoadMarkdown(s) {
  const f = (x) => x.toLocaleString('en', { maximumFractionDigits: 0 });
  const row = (name, v) => `| ${name} | ${f(v.median)} | ${f(v.min)} – ${f(v.max)} |`;
  return [
    `First load under ${s.conditions.downMbps} Mbps down, ${s.conditions.rttMs} ms RTT, CPU ${s.conditions.cpuSlowdown}× slower, cold cache, ${s.loads} loads (ms after navigation; for reference):`,
    '',
    '| moment | median | range |',
    '|---|---|---|',
    row('first paint (the static shell)', s.firstPaint),
    row('the wasm\'s last byte', s.wasmArrived),
    row('Run enabled', s.runEnabled),
    '',
    `First paint before the wasm finished loading, every load: ${s.paintedFirst ? 'met' : 'NOT met'}.`,
    '',
  ].join('\n');
}
