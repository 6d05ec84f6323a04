// The benchmark's Markdown: ratios within one session, never absolute times alone.

const TARGETS = { 1000: 1.03, 20000: 1.05 };
const f = (x, d = 2) => (x == null || Number.isNaN(x) ? '–' : x.toFixed(d));

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export function markdown(out) {
  const lines = [];
  const o = out.opts;
  lines.push(`# fetch-playground bench ${out.date}${out.commit ? ` (${out.commit})` : ''}`, '');
  lines.push(`${out.version ?? 'Chromium'}, one browser session; simulated server (service worker), L=${o.delay} ms, jitter 0.`);
  lines.push('Wall on both sides: before the first future or promise is created → last body read. '
    + 'Pairs interleaved A B A B (app, then its peer). Ideal: replayed from the run\'s own draws.', '');

  const groups = new Map();
  for (const p of out.pairs) {
    const key = `${p.n}|${p.k}|${p.strategy}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(p);
  }
  if (groups.size) {
    lines.push('| N | k | strategy | JS peer | pairs | wasm ÷ JS median | range | ideal ÷ wall, wasm | ideal ÷ wall, JS | target |');
    lines.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const ps of groups.values()) {
      const { n, k, strategy, peer } = ps[0];
      const ratios = ps.map((p) => p.ratio);
      const m = median(ratios);
      const eff = (side) => median(ps.map((p) => p.wasm.idealMs / (side === 'wasm' ? p.wasm.startToEndMs : p.js.ms)));
      const target = peer === 'p-limit' && TARGETS[n] ? `≤ ${TARGETS[n]}: ${m <= TARGETS[n] ? 'met' : 'not met'}` : '';
      lines.push(`| ${n.toLocaleString('en')} | ${strategy === 'sequential' ? 1 : strategy === 'join_all' ? n : k} | ${strategy} | ${peer} | ${ps.length} | ${f(m, 3)} | ${f(Math.min(...ratios), 3)} – ${f(Math.max(...ratios), 3)} | ${f(100 * eff('wasm'), 0)}% | ${f(100 * eff('js'), 0)}% | ${target} |`);
    }
    lines.push('');
  }

  if (out.tti) {
    const t = out.tti;
    lines.push(`Time to interactive (fresh context, navigation → Run enabled), ${t.runEnabled.all.length} loads: median ${f(t.runEnabled.median, 0)} ms (${f(t.runEnabled.min, 0)} – ${f(t.runEnabled.max, 0)}); simulated server ready: median ${f(t.simReady.median, 0)} ms.`, '');
  }

  if (out.bundle?.length) {
    lines.push('| bundle file | raw KiB | gzip -9 KiB |', '|---|---|---|');
    for (const b of out.bundle) lines.push(`| ${b.file} | ${f(b.raw / 1024, 1)} | ${f(b.gzip / 1024, 1)} |`);
    const gz = out.bundle.reduce((s, b) => s + b.gzip, 0) / 1024;
    lines.push(`| **wasm + js** | ${f(out.bundle.reduce((s, b) => s + b.raw, 0) / 1024, 1)} | **${f(gz, 1)}** (target ≤ 280: ${gz <= 280 ? 'met' : 'not met'}) |`, '');
  }

  if (out.big) {
    const b = out.big;
    const longCount = (w) => w.tasks.filter((t) => t.ms > 50).length;
    lines.push(`## N=${b.n.toLocaleString('en')}, k=${b.k}, join_all_limited vs p-limit, same page`, '');
    lines.push('| | counted | longest task ms | tasks > 50 ms | wasm memory MiB | JS heap peak MiB | ideal ÷ wall |');
    lines.push('|---|---|---|---|---|---|---|');
    lines.push(`| app (wasm) | ${b.counted} of ${b.n} (ok ${b.wasm.ok}, failed ${b.wasm.failed}, cancelled ${b.wasm.cancelled}) | ${b.wasm.longestMs} | ${longCount(b.wasm)} | ${f(b.wasm.wasmMiB, 1)} | ${f(b.wasm.heapMaxMiB, 1)} | ${f(100 * b.wasm.idealMs / b.wasm.startToEndMs, 0)}% |`);
    lines.push(`| p-limit | ${b.js.ok} ok | ${b.js.longestMs} | ${longCount(b.js)} | – | ${f(b.js.heapMaxMiB, 1)} | ${f(100 * b.wasm.idealMs / b.js.ms, 0)}% |`);
    lines.push('', `wasm ÷ p-limit wall: ${f(b.wasm.startToEndMs / b.js.ms, 3)}. Targets: longest task ≤ 100 ms (${b.wasm.longestMs <= 100 ? 'met' : 'not met'}), wasm memory ≤ 64 MB (${b.wasm.wasmMiB != null && b.wasm.wasmMiB * 2 ** 20 <= 64e6 ? 'met' : 'not met'}), every request counted (${b.counted === b.n ? 'met' : 'not met'}).`);
    lines.push(`Long tasks of the app's run (ms after Run, duration): ${b.wasm.tasks.map((t) => `${t.at}:${t.ms}`).join(' ') || 'none'}.`, '');
    if (b.errors.length) lines.push(`Console errors: ${b.errors.join('; ')}`, '');
  }

  if (out.profile) {
    const p = out.profile;
    lines.push(`## CPU profile, N=${p.n.toLocaleString('en')}, k=${p.k}${p.named ? ' (wasm with function names, not wasm-opt\'ed)' : ''}`, '');
    for (const side of ['wasm', 'js']) {
      const s = p[side];
      const kinds = Object.entries(s.kinds).map(([k, v]) => `${k} ${f(100 * v.share, 1)}%`).join(', ');
      lines.push(`${side === 'wasm' ? 'App' : 'p-limit'}: ${f(s.totalMs, 0)} ms profiled: ${kinds}.`, '');
      if (side === 'wasm') {
        lines.push('| self time | share | function | kind |', '|---|---|---|---|');
        for (const r of s.top) lines.push(`| ${f(r.ms, 0)} ms | ${f(100 * r.share, 1)}% | \`${r.name.replace(/\|/g, '\\|').slice(0, 110)}\` | ${r.kind} |`);
        lines.push('');
      }
    }
  }
  return lines.join('\n');
}
