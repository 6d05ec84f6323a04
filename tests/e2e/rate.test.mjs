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
// each within 1% (0.992 at 500/s); with a build running beside it, 500/s fell
// to 0.83, so the bound is generous: 0.75 still fails the old rule (a start
// 1000/R after the last actual one), which reached 0.36 of 500/s. Above 500/s
// the page's pauses outlast the catch-up (1,000/s reached 0.57–0.70 of it).
const REACHED = [50, 200, 500];
const AT_LEAST = 0.75;

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
    await pg.click('run');
    await pg.waitForRuns(i + 1, 60_000);
    const data = await exported(pg);
    const report = data.runs[data.runs.length - 1].report;
    assert.equal(report.counts.ok, N, `rate ${rate}: every request ok`);
    const { starts, perSec } = achieved(report);
    assert.equal(starts.length, N);
    const windows = [1, 10, 100, 1000].map((w) => ({ w, most: mostInWindow(starts, w), allowed: Math.floor((rate * (w + CATCH_UP_MS)) / 1000 + 1e-9) + 1 }));
    const gaps = starts.slice(1).map((s, j) => s - starts[j]).sort((a, b) => a - b);
    figures.push({
      rate, perSec: Number(perSec.toFixed(1)), ratio: Number((perSec / rate).toFixed(3)), windows,
      // How late the page ran its timers: the longest pauses between starts.
      longestGapsMs: gaps.slice(-3).map((g) => Number(g.toFixed(1))),
    });
  }
  console.log(`# rate N=${N}: ${figures.map((f) => `R=${f.rate} → ${f.perSec}/s (${f.ratio})`).join(', ')}`);
  await writeFile(`${ARTIFACTS}rate.json`, JSON.stringify(figures, null, 2));
  for (const f of figures) {
    assert.ok(f.ratio >= AT_LEAST, `rate ${f.rate}: reached only ${f.perSec}/s (${f.ratio} of it): ${JSON.stringify(figures)}`);
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
