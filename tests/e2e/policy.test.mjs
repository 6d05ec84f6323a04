// The page's Content-Security-Policy is in force: no inline script runs, and
// the built page needs none (the app itself runs under it in every other test).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, Playground } from './fixtures.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the built page has no inline script, and the policy refuses one', async () => {
  const pg = await Playground.open(browser);
  const html = await (await pg.page.request.get(pg.page.url())).text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  assert.ok(scripts.length > 0, 'the page loads a script');
  for (const tag of scripts) assert.match(tag, /\ssrc="/, `inline script: ${tag}`);
  assert.match(html, /http-equiv="Content-Security-Policy"/);
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), [], 'the app runs under the policy');

  const outcome = await pg.page.evaluate(() => new Promise((resolve) => {
    document.addEventListener('securitypolicyviolation',
      (e) => resolve({ ran: window.__inline === true, directive: e.effectiveDirective }), { once: true });
    const script = document.createElement('script');
    script.textContent = 'window.__inline = true;';
    document.head.append(script);
  }));
  assert.deepEqual(outcome, { ran: false, directive: 'script-src-elem' });
  // The refusal is the one console line here, and it names the policy.
  assert.equal(pg.consoleErrors.length, 1);
  assert.match(pg.consoleErrors[0], /Content Security Policy/);
  await pg.close();
});
