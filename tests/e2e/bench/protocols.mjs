// The closing note's table, measured in one browser session: join_all of
// 24 × 500 ms over plain HTTP/1.1, HTTP/1.1 over TLS and HTTP/2 over TLS, on
// one host name and over 4 shards, and HTTP/2 with 6, 10 and no stream limit.
// Run it with `cargo xtask e2e tests/e2e/bench/protocols.mjs` (it starts its
// own server with --max-streams 6 beside the suite's). Not part of the suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { launch, Playground } from '../fixtures.mjs';

const REPEAT = Number(process.env.REPEAT ?? 3);
const port = (url) => new URL(url).port;

async function sixStreams() {
  const child = spawn(process.env.XTASK_BIN, ['latency-server', '--port', '0', '--max-streams', '6'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => { out += c; const m = out.match(/^LATENCY_H2_URL=(\S+)$/m); if (m) resolve(m[1]); });
    child.on('exit', (code) => reject(new Error(`exited ${code}`)));
  });
  return [url, child];
}

test('wall time of join_all 24 × 500 ms by protocol, shards and stream limit', { timeout: 600_000 }, async (t) => {
  const [six, child] = await sixStreams();
  const browser = await launch();
  try {
    const pg = await Playground.open(browser);
    const e = process.env;
    const servers = [
      ['HTTP/1.1', 'http', port(e.LATENCY_URL)],
      ['HTTP/1.1 over TLS', 'https', port(e.LATENCY_TLS_URL)],
      ['HTTP/2, no stream limit', 'https', port(e.LATENCY_H2_URL)],
      ['HTTP/2, max-streams 10', 'https', port(e.LATENCY_H2_CAPPED_URL)],
      ['HTTP/2, max-streams 6', 'https', port(six)],
    ];
    const lines = ['| server | hosts | protocol | wall (median of ' + REPEAT + ') | runs |', '|---|---|---|---|---|'];
    let count = 0;
    for (const [name, scheme, p] of servers) {
      for (const shards of [1, 4]) {
        const host = shards === 1 ? 'localhost' : '{shard}.localhost';
        const walls = [];
        let protocol = '';
        for (let r = 0; r < REPEAT; r += 1) {
          await pg.configure({ target: `${scheme}://${host}:${p}/delay/500?r=${count}&i={i}`, shards, requests: 24, concurrency: 6, strategy: 'join_all', timeout: 0 });
          await pg.click('run');
          count += 1;
          await pg.waitForRuns(count);
          const runs = await pg.runs();
          const run = runs[runs.length - 1];
          protocol = await pg.page.getAttribute(`[data-testid="run"][data-run-id="${run.id}"]`, 'data-protocol');
          assert.equal(run.ok, 24, JSON.stringify(run));
          walls.push(run.wallMs);
        }
        walls.sort((a, b) => a - b);
        const median = walls[Math.floor(walls.length / 2)];
        lines.push(`| ${name} | ${shards === 1 ? 'one' : '4 shards'} | ${protocol} | ${median.toFixed(0)} ms | ${walls.map((w) => w.toFixed(0)).join(', ')} |`);
      }
    }
    t.diagnostic(`\n${lines.join('\n')}`);
    await pg.close();
  } finally {
    await browser.close();
    child.kill();
  }
});
