// The release build served under a sub-path, as on a project page
// (https://user.github.io/fetch-playground/): the simulated server, share links
// and old links all work there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, Playground, SUBPATH_URL } from './fixtures.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const skip = SUBPATH_URL ? false : 'SUBPATH_URL is not set (cargo xtask test sets it)';

test('under /fetch-playground/: Compare on the simulated server counts every request', { skip }, async () => {
  // An old share link's target, /__sim/{i}, is read as the simulated server here too.
  const pg = await Playground.open(browser, '?target=%2F__sim%2F%7Bi%7D', { base: SUBPATH_URL });
  assert.equal(new URL(pg.page.url()).pathname, '/fetch-playground/');
  assert.equal(await pg.value('target'), '__sim/{i}');
  const scope = await pg.page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope);
  assert.equal(scope, new URL(SUBPATH_URL).href, 'the worker serves the sub-path');
  await pg.configure({ requests: 12, delay: 30, concurrency: 4, strategy: 'join_all_limited' });
  await pg.click('compare');
  await pg.waitForRuns(2);
  const runs = await pg.runs();
  assert.deepEqual(runs.map((r) => [r.strategy, r.ok, r.failed, r.cancelled]),
    [['sequential', 12, 0, 0], ['join_all_limited', 12, 0, 0]]);
  // A share link names the page's own path.
  await pg.click('share-link');
  const link = new URL(await pg.page.inputValue('[data-testid="share-url"]'));
  assert.equal(link.pathname, '/fetch-playground/');
  assert.equal(link.searchParams.get('n'), '12');
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), []);
  await pg.close();
});
