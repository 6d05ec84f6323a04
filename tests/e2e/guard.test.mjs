// A shared link can aim a visitor's browser at anyone's server: the page
// names the host, caps the run politely and asks once before the first run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, Playground } from './fixtures.mjs';

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
