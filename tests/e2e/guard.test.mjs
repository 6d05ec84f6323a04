// A shared link can aim a visitor's browser at anyone's server: the page
// names the host, caps the run politely and asks once before the first run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, Playground, BASE_URL } from './fixtures.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a link to someone else\'s server: banner, polite caps, one confirmation, never a run by itself', async () => {
  const query = `?${new URLSearchParams({ target: 'http://other.example/{i}', n: '100000', k: '100000' })}`;
  const pg = await Playground.open(browser, query);
  const banner = pg.locator('host-warning');
  await banner.waitFor();
  const text = await banner.textContent();
  assert.match(text, /other\.example is someone else's server/);
  assert.match(text, /A run sends 100000 requests, 100000 at a time \(no rate limit\)/);
  // The caps hold: too many requests and no rate limit are both marked.
  assert.match(await pg.locator('requests-error').textContent(), /someone else's server: at most 1,000 requests/);
  assert.match(await pg.locator('rate-error').textContent(), /at most 10 starts\/s/);
  assert.equal(await pg.button('run').isDisabled(), true);
  // Polite settings clear the errors, but Run still waits for the confirmation.
  await pg.configure({ requests: 50, concurrency: 5, rate: 10 });
  await pg.locator('error').waitFor({ state: 'detached' });
  assert.equal(await pg.button('run').isDisabled(), true);
  assert.match(await banner.textContent(), /A run sends 50 requests, 5 at a time \(at most 10 starts\/s\)/);
  await pg.click('confirm-host');
  await pg.page.waitForFunction(() => !document.querySelector('button[data-testid="run"]').disabled);
  assert.equal(await pg.locator('confirm-host').count(), 0);
  // "I run this server" lifts the caps.
  await pg.set('requests', 5000);
  await pg.locator('requests-error').waitFor();
  await pg.page.check('[data-testid="own-server"]');
  await pg.locator('requests-error').waitFor({ state: 'detached' });
  assert.equal(await pg.button('run').isEnabled(), true);
  // Nothing ran: no request ever left for other.example.
  assert.equal(await pg.runCount(), 0);
  assert.equal(await pg.locator('progress').getAttribute('data-total'), '0');
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), []);
  await pg.close();
});

test('this page\'s origin and loopback are not someone else\'s server', async () => {
  const pg = await Playground.open(browser);
  const origin = new URL(pg.page.url()).origin;
  for (const target of [`${origin}/delay/5?i={i}`, 'http://127.0.0.1:9/{i}', 'http://2.localhost:9/{i}']) {
    await pg.set('target', target);
    await pg.page.waitForFunction(() => !document.querySelector('button[data-testid="run"]').disabled);
    assert.equal(await pg.locator('host-warning').count(), 0, target);
  }
  await pg.set('target', 'https://example.com/{i}');
  await pg.locator('host-warning').waitFor();
  await pg.close();
});

// A page opened at `query` with every request of its context watched from
// the first one, so a request the page sends while loading is seen too.
async function openWatched(query) {
  const context = await browser.newContext();
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  const pg = new Playground(page);
  await page.goto(new URL(query, `${BASE_URL}/`).href);
  await page.waitForSelector('[data-testid="sim-status"][data-state="ready"]', { timeout: 30_000 });
  return { pg, requests };
}

const foreignRequests = (requests) =>
  requests.filter((u) => !['127.0.0.1', 'localhost'].includes(new URL(u).hostname));

test('hostile links that spell another host with backslashes or @ get the banner, and nothing is sent', async () => {
  const port = new URL(BASE_URL).port;
  for (const target of ['/\\evil.example/{i}', `http://evil.example\\@127.0.0.1:${port}/{i}`, 'http://127.0.0.1:8080@evil.example/{i}']) {
    // Polite settings, so only the confirmation stands between the link and a run.
    const query = `?${new URLSearchParams({ target, n: '3', k: '1', rate: '10' })}`;
    const { pg, requests } = await openWatched(query);
    // A visitor who follows the link presses Run: without a confirmation nothing goes.
    if (await pg.button('run').isEnabled()) await pg.click('run');
    await pg.page.waitForTimeout(500);
    assert.deepEqual(foreignRequests(requests), [], target);
    const banner = pg.locator('host-warning');
    await banner.waitFor({ timeout: 5000 });
    assert.equal(await banner.getAttribute('data-host'), 'evil.example', target);
    assert.match(await banner.textContent(), /evil\.example is someone else's server/, target);
    assert.equal(await pg.button('run').isDisabled(), true, target);
    assert.equal(await pg.locator('confirm-host').count(), 1, target);
    assert.equal(await pg.runCount(), 0, target);
    await pg.close();
  }
});

test('hostile links the guard refuses say why in the error, and nothing is sent', async () => {
  for (const [params, why] of [
    [{ target: 'http://{i}.evil.example/x' }, /\{i\} can't be in the host name or the port/],
    [{ target: 'http://localhost:18700/{shard}/{i}', shards: '2' }, /\{shard\} may only be part of the host name/],
    [{ target: '__sim/{i}?delay=5' }, /can't have its own \? or # part/],
    [{ target: 'http://[::1/{i}' }, /is not an http\(s\) address the browser can read/],
  ]) {
    const target = params.target;
    const { pg, requests } = await openWatched(`?${new URLSearchParams(params)}`);
    const error = pg.locator('error');
    await error.waitFor();
    assert.match(await error.textContent(), why, target);
    assert.match(await pg.locator('target-error').textContent(), why, target);
    assert.equal(await pg.button('run').isDisabled(), true, target);
    assert.equal(await pg.locator('host-warning').count(), 0, target);
    assert.deepEqual(foreignRequests(requests), [], target);
    await pg.close();
  }
});

test('loopback in decimal, hex and short forms is this machine, not someone else\'s server', async () => {
  const pg = await Playground.open(browser);
  for (const target of ['http://2130706433:9/{i}', 'http://0x7f.1:9/{i}', 'http://127.1:9/{i}', 'http://[0:0:0:0:0:0:0:1]:9/{i}']) {
    await pg.set('target', target);
    await pg.page.waitForFunction(() => !document.querySelector('button[data-testid="run"]').disabled);
    assert.equal(await pg.locator('host-warning').count(), 0, target);
  }
  // Decimal for someone else's address is named in its usual spelling.
  await pg.set('target', 'http://3232235521/{i}');
  await pg.locator('host-warning').waitFor();
  assert.equal(await pg.locator('host-warning').getAttribute('data-host'), '192.168.0.1');
  await pg.close();
});
