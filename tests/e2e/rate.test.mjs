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
// Rates the page must reach within 10%; above them, rates only measured
// (where the page's own cost per fetch, not the limiter, sets the pace).
const REACHED = [50, 200, 500, 1000];
const MEASURED = [2000, 5000];

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
  for (const [i, rate] of [...REACHED, ...MEASURED].entries()) {
    await pg.configure({ requests: N, concurrency: N, delay: 0, strategy: 'join_all', rate });
    await pg.click('run');
    await pg.waitForRuns(i + 1, 60_000);
    const data = await exported(pg);
    const report = data.runs[data.runs.length - 1].report;
    assert.equal(report.counts.ok, N, `rate ${rate}: every request ok`);
    const { starts, perSec } = achieved(report);
    assert.equal(starts.length, N);
    // In any second, at most R starts plus one (a closed window holds both ends).
    const second = mostInWindow(starts, 1000);
    figures.push({ rate, perSec: Number(perSec.toFixed(1)), ratio: Number((perSec / rate).toFixed(3)), mostInASecond: second });
  }
  console.log(`# rate N=${N}: ${figures.map((f) => `R=${f.rate} → ${f.perSec}/s (${f.ratio})`).join(', ')}`);
  await writeFile(`${ARTIFACTS}rate.json`, JSON.stringify(figures, null, 2));
  for (const f of figures) {
    if (REACHED.includes(f.rate)) assert.ok(f.ratio >= 0.9, `rate ${f.rate}: reached only ${f.perSec}/s (${f.ratio} of it): ${JSON.stringify(figures)}`);
    assert.ok(f.ratio <= 1.02, `rate ${f.rate}: ${f.perSec}/s exceeds it: ${JSON.stringify(figures)}`);
    if (f.rate * 1 <= N) assert.ok(f.mostInASecond <= f.rate + 1, `rate ${f.rate}: ${f.mostInASecond} starts in one second`);
  }
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), []);
  await pg.close();
});
