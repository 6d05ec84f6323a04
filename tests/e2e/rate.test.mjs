// The rate limit in a real page: each wait is a browser timer, and nested
// timers are clamped to 4 ms, so the page must release several starts per
// tick to reach a high rate. Measured from the run's own records (its JSON
// export): achieved starts/s ÷ the rate asked, per rate.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { launch, Playground, ARTIFACTS } from './fixtures.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const N = 400;
// engine::CATCH_UP_MS: a start may take its slot up to this late, so in any
// window of W ms at most R·(W + CATCH_UP_MS)/1000 + 1 starts.
const CATCH_UP_MS = 50;
// Rates up to the field's maximum (500/s). On a quiet machine the page holds
// each within 1% (0.992 at 500/s). On a loaded one (a build beside it, a busy
// CI host) the page itself stalls for 100–300 ms at a time, and no pacer can
// start requests while its page is not running: 500/s then fell to 0.31–0.43.
// So a probe in the page (a chain of 0 ms timers) measures the page's own
// pauses during the run, and the bound excuses what each pause costs beyond
// the catch-up: span ≤ ((N − 1)·1000/R + Σ max(0, pause − CATCH_UP_MS)) ÷ 0.8.
// On a quiet page that is a ratio of at least 0.8, which the old rule (a start
// 1000/R after the last actual one, 0.36 of 500/s) fails, and so does a pacer
// that waits too long, since the probe sees its page running meanwhile.
// Above 500/s the page's pauses outlast the catch-up (1,000/s reached 0.57–0.70).
const REACHED = [50, 200, 500];
const AT_LEAST = 0.8;
// A probe tick this late is a pause of the page (nested 0 ms timers run every 4 ms).
const PAUSE_MS = 10;

async function exported(pg) {
  const [file] = await Promise.all([pg.page.waitForEvent('download'), pg.click('export-json')]);
  return JSON.parse(await readFile(await file.path(), 'utf8'));
}

/** Starts per second over the run: (starts - 1) ÷ (last start - first start). */
function achieved(report) {
  const starts = report.records.flatMap((r) => r.attempts.map((a) => a.started)).sort((a, b) => a - b);
  const span = starts[starts.length - 1] - starts[0];
  return { starts, perSec: span > 0 ? ((starts.length - 1) * 1000) / span : Infinity };
}

/** What the page's pauses between `from` and `to` can cost a catch-up pacer:
 * each gap between probe ticks longer than PAUSE_MS, the part of it inside
 * the run, less the CATCH_UP_MS a late start may still take its slot in. */
function pausesCost(ticks, from, to) {
  let cost = 0;
  for (let i = 1; i < ticks.length; i++) {
    const gap = ticks[i] - ticks[i - 1];
    if (gap <= PAUSE_MS) continue;
    const inside = Math.min(ticks[i], to) - Math.max(ticks[i - 1], from);
    cost += Math.max(0, inside - CATCH_UP_MS);
  }
  return cost;
}

/** The most starts in any window of `w` ms. */
function mostInWindow(starts, w) {
  let most = 0;
  for (let i = 0, j = 0; i < starts.length; i++) {
    while (starts[i] - starts[j] > w) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

test('the page reaches the rate it is asked for, and never exceeds it', async () => {
  const pg = await Playground.open(browser);
  const figures = [];
  for (const [i, rate] of REACHED.entries()) {
    await pg.configure({ requests: N, concurrency: N, delay: 0, strategy: 'join_all', rate });
    await pg.page.evaluate(() => {
      const probe = (window.__probe = { ticks: [], stop: false });
      (function tick() {
        probe.ticks.push(performance.now());
        if (!probe.stop) setTimeout(tick, 0);
      })();
    });
    await pg.click('run');
    await pg.waitForRuns(i + 1, 60_000);
    const ticks = await pg.page.evaluate(() => { window.__probe.stop = true; return window.__probe.ticks; });
    const data = await exported(pg);
    const report = data.runs[data.runs.length - 1].report;
    assert.equal(report.counts.ok, N, `rate ${rate}: every request ok`);
    const { starts, perSec } = achieved(report);
    assert.equal(starts.length, N);
    // The records are on the page's clock, so the probe's ticks bracket them.
    assert.ok(ticks[0] <= starts[0] && starts[starts.length - 1] <= ticks[ticks.length - 1], `rate ${rate}: the records' times are not on the page's clock`);
    const excusedMs = pausesCost(ticks, starts[0], starts[starts.length - 1]);
    const idealSpan = ((N - 1) * 1000) / rate;
    const span = starts[starts.length - 1] - starts[0];
    const windows = [1, 10, 100, 1000].map((w) => ({ w, most: mostInWindow(starts, w), allowed: Math.floor((rate * (w + CATCH_UP_MS)) / 1000 + 1e-9) + 1 }));
    const gaps = starts.slice(1).map((s, j) => s - starts[j]).sort((a, b) => a - b);
    figures.push({
      rate, perSec: Number(perSec.toFixed(1)), ratio: Number((perSec / rate).toFixed(3)), windows,
      spanMs: Math.round(span), idealSpanMs: Math.round(idealSpan), excusedMs: Math.round(excusedMs),
      boundMs: Math.round((idealSpan + excusedMs) / AT_LEAST),
      // How late the page ran its timers: the longest pauses between starts.
      longestGapsMs: gaps.slice(-3).map((g) => Number(g.toFixed(1))),
    });
  }
  console.log(`# rate N=${N}: ${figures.map((f) => `R=${f.rate} → ${f.perSec}/s (${f.ratio}; span ${f.spanMs} ms, ideal ${f.idealSpanMs} + page paused ${f.excusedMs} beyond the catch-up)`).join(', ')}`);
  await writeFile(`${ARTIFACTS}rate.json`, JSON.stringify(figures, null, 2));
  for (const f of figures) {
    assert.ok(f.spanMs <= f.boundMs, `rate ${f.rate}: reached only ${f.perSec}/s (${f.ratio} of it), more than the page's pauses explain: ${JSON.stringify(figures)}`);
    assert.ok(f.ratio <= 1.02, `rate ${f.rate}: ${f.perSec}/s exceeds it: ${JSON.stringify(figures)}`);
    for (const { w, most, allowed } of f.windows) {
      assert.ok(most <= allowed, `rate ${f.rate}: ${most} starts within ${w} ms, at most ${allowed} allowed`);
    }
  }
  // Above what the page can hold, the field refuses with its range, and nothing runs.
  await pg.configure({ rate: 1000 });
  assert.match(await pg.locator('rate-error').textContent(), /500/);
  assert.equal(await pg.button('run').isDisabled(), true);
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), []);
  await pg.close();
});
