// A newcomer's first minute: the static shell before (or instead of) the wasm,
// a fresh page with nothing in red, the form's fold, lesson links, axe-core in
// light and dark, and a 390 px phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { launch, Playground, BASE_URL, ARTIFACTS, RUN_ROW } from './fixtures.mjs';

const require = createRequire(import.meta.url);
const AXE = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const visible = (page, testid) => page.locator(`[data-testid="${testid}"]`).first().isVisible();

test('with the wasm blocked, the shell still explains the page, links the lessons and says why it stopped', async () => {
  const context = await browser.newContext();
  await context.route('**/*.wasm', (route) => route.abort('blockedbyclient'));
  const page = await context.newPage();
  await page.goto(BASE_URL);
  await page.waitForSelector('[data-testid="boot-status"][data-state="failed"]', { timeout: 15_000 });
  assert.match(await page.textContent('h1'), /fetch-playground/);
  assert.match(await page.textContent('.lede'), /run five ways/);
  assert.match(await page.textContent('[data-testid="boot-status"]'), /could not start: .*WebAssembly/);
  const links = await page.$$eval('[data-testid="shell-lessons"] a', (as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links, ['004', 'semaphore', '001', '003', 'cpu', '000', '002', 'polls', 'h2'].map((id) => `?lesson=${id}`));
  await page.screenshot({ path: `${ARTIFACTS}shell-blocked.png` });
  await context.close();
});

test('the shell paints before the wasm has arrived, says how big it is, and gives way to the app', async () => {
  const context = await browser.newContext();
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await context.route('**/*.wasm', async (route) => { await held; await route.continue(); });
  const page = await context.newPage();
  const pg = new Playground(page);
  await page.goto(BASE_URL, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('[data-testid="shell-lessons"] a');
  // The wasm is held back: what shows is the shell alone.
  assert.equal(await page.getAttribute('[data-testid="boot-status"]', 'data-state'), 'loading');
  const size = await page.textContent('[data-testid="boot-size"]');
  const bytes = Number(await page.getAttribute('[data-testid="boot-size"]', 'data-bytes'));
  assert.match(size, /^\d[\d,]* KiB compressed, \d[\d,]* KiB unpacked$/);
  assert.ok(bytes > 100_000, `the wasm's size is stamped: ${bytes}`);
  assert.equal(await page.locator('button[data-testid="run"]').count(), 0);
  release();
  await page.waitForSelector('button[data-testid="run"]:not([disabled])', { timeout: 30_000 });
  assert.equal(await page.locator('[data-testid="shell"]').count(), 0, 'the app replaced the shell');
  assert.equal(await page.locator('h1').count(), 1, 'one header: the shell\'s');
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), []);
  await context.close();
});

test('a fresh page: nothing in red, no console message, the first screen folds the rest', async () => {
  const pg = await Playground.open(browser);
  const { page } = pg;
  await page.waitForTimeout(500);
  const red = await page.$$eval(
    '[role="alert"], .error, .field-error, [aria-invalid="true"]',
    (els) => els.filter((el) => el.offsetParent !== null || el.getClientRects().length).map((el) => el.outerHTML),
  );
  assert.deepEqual(red, [], 'nothing in red on a fresh page');
  assert.equal(await pg.button('sweep').isEnabled(), true, 'the default sweep list can run at the default N');
  for (const id of ['target', 'requests', 'concurrency', 'strategy', 'run', 'compare', 'lessons']) {
    assert.ok(await visible(page, id), `${id} is on the first screen`);
  }
  for (const id of ['delay', 'timeout', 'seed', 'sweep', 'compare-with']) {
    assert.equal(await visible(page, id), false, `${id} is folded`);
  }
  assert.equal(await page.getAttribute('[data-testid="more-options-changed"]', 'data-count'), '0');
  assert.equal(await page.locator('[data-testid="results-empty"]').count(), 1, 'one line instead of empty charts');
  assert.equal(await page.locator('[data-testid="compare-chart"]').count(), 0);
  // Opened as a user would, the fold shows every field.
  await pg.set('delay', 250);
  assert.ok(await visible(page, 'delay'));
  assert.match(await page.textContent('[data-testid="more-options-changed"]'), /1 changed: Server delay \(ms\) = 250/);
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), []);
  await pg.close();
});

test('a link that changes folded fields opens the fold and names them; a lesson link opens the lesson and runs nothing', async () => {
  const pg = await Playground.open(browser, '?delay=300&seed=7&n=12');
  const { page } = pg;
  await page.waitForSelector('[data-testid="more-options"][open]');
  assert.match(await page.textContent('[data-testid="more-options-changed"]'), /2 changed: Server delay \(ms\) = 300, Seed = 7/);
  await pg.close();
  const lesson = await Playground.open(browser, '?lesson=004');
  await lesson.page.waitForSelector('[data-testid="lesson-chosen"][data-lesson="004"]');
  assert.ok(await visible(lesson.page, 'published'));
  assert.equal(await lesson.value('requests'), '21');
  await lesson.page.waitForTimeout(500);
  assert.equal(await lesson.runCount(), 0, 'a lesson link never runs');
  assert.deepEqual(lesson.unexpectedConsole({ failedLoads: false }), []);
  await lesson.close();
});

/** axe-core's violations on the page as it is now, with the nodes they name. */
async function axe(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

for (const scheme of ['light', 'dark']) {
  test(`axe-core: no violation in ${scheme} mode after a Compare, with a lesson open, and after a sweep`, async () => {
    // The harness, not the page, lifts the CSP so axe's inline script runs.
    const context = await browser.newContext({ colorScheme: scheme, bypassCSP: true });
    const page = await context.newPage();
    const pg = new Playground(page);
    await page.goto(BASE_URL);
    await page.waitForSelector('[data-testid="sim-status"][data-state="ready"]', { timeout: 30_000 });
    assert.deepEqual(await axe(page), [], 'fresh page');
    await pg.click('lesson-004');
    await pg.set('delay', 20);
    await pg.click('compare');
    await pg.waitForRuns(2);
    await page.waitForTimeout(400);
    assert.deepEqual(await axe(page), [], 'after Compare, lesson 004 open');
    await pg.configure({ strategy: 'buffer_unordered', requests: 40 });
    await pg.set('sweep-list', '1, 5, 20');
    await pg.click('sweep');
    await pg.waitForRuns(5);
    await page.waitForSelector('[data-testid="sweep-chart"]');
    await page.waitForTimeout(400);
    assert.deepEqual(await axe(page), [], 'after a sweep');
    // Every scrollable region can take the keyboard's focus.
    const unreachable = await page.$$eval('*', (els) => els
      .filter((el) => {
        const s = getComputedStyle(el);
        const scrolls = (/(auto|scroll)/.test(s.overflowX) && el.scrollWidth > el.clientWidth)
          || (/(auto|scroll)/.test(s.overflowY) && el.scrollHeight > el.clientHeight);
        return scrolls && el.tabIndex < 0 && el !== document.documentElement && el !== document.body;
      })
      .map((el) => el.className || el.tagName));
    assert.deepEqual(unreachable, []);
    assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), []);
    await context.close();
  });
}

test('a 390 px phone: no horizontal overflow and no text under 11 px, charts included', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const pg = new Playground(page);
  await page.goto(BASE_URL);
  await page.waitForSelector('[data-testid="sim-status"][data-state="ready"]', { timeout: 30_000 });
  await pg.click('lesson-004');
  await pg.set('delay', 20);
  await pg.click('compare');
  await pg.waitForRuns(2);
  await page.waitForTimeout(600);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `horizontal overflow ${overflow} px`);
  // Rendered size: an SVG's text shrinks with its viewBox, so scale by the CTM.
  const small = await page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const el = walker.currentNode.parentElement;
      if (!walker.currentNode.textContent.trim() || !el || !el.getClientRects().length) continue;
      const px = parseFloat(getComputedStyle(el).fontSize);
      const scale = el instanceof SVGElement && el.getScreenCTM() ? el.getScreenCTM().a : 1;
      if (px * scale < 10.95) out.push(`${(px * scale).toFixed(1)} px: ${el.tagName} “${walker.currentNode.textContent.trim().slice(0, 30)}”`);
    }
    return out;
  });
  assert.deepEqual(small, [], 'text under 11 px');
  assert.ok(await page.locator(RUN_ROW).count() >= 2);
  await page.screenshot({ path: `${ARTIFACTS}phone-390.png`, fullPage: true });
  assert.deepEqual(pg.unexpectedConsole({ failedLoads: false }), []);
  await context.close();
});
