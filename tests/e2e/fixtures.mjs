// Page object for the playground, driven by the contract's data-testid selectors.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
// The same app built with `--public-url /fetch-playground/` and served there.
export const SUBPATH_URL = process.env.SUBPATH_URL;
export const ARTIFACTS = new URL('../../test-results/', import.meta.url).pathname;

// Chromium as root in a closed network: no sandbox, no background traffic.
export const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run',
];
// The latency server's HTTPS listeners use a self-signed certificate: a user
// accepts it once by hand (README), the suite's browser is told to.
export const TRUST_TEST_CERT = '--ignore-certificate-errors';

/** Headless Chromium; `trustTestCert: false` gives one that refuses the test certificate, as a user's would. */
export async function launch({ trustTestCert = true } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: trustTestCert ? [...FLAGS, TRUST_TEST_CERT] : FLAGS,
  });
}

const id = (testid) => `[data-testid="${testid}"]`;
// The contract names both the Run button and each result row `run`: rows carry data-strategy.
export const RUN_ROW = '[data-testid="run"][data-strategy]';

export class Playground {
  constructor(page) {
    this.page = page;
    this.consoleErrors = [];
    this.consoleWarnings = [];
    this.pageErrors = [];
    page.on('console', (m) => {
      if (m.type() === 'error') this.consoleErrors.push(m.text());
      if (m.type() === 'warning') this.consoleWarnings.push(m.text());
    });
    page.on('pageerror', (e) => this.pageErrors.push(String(e)));
  }

  /** A fresh context (so a fresh service worker) at `query`, simulated server ready. */
  static async open(browser, query = '', { waitReady = true, base = BASE_URL } = {}) {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const pg = new Playground(page);
    await page.goto(new URL(query, base.endsWith('/') ? base : `${base}/`).href);
    if (waitReady) {
      await page.waitForSelector(`${id('sim-status')}[data-state="ready"]`, { timeout: 30_000 }).catch(async (e) => {
        // Say where the simulated server stuck, not only that it did.
        const status = page.locator(id('sim-status'));
        const state = await status.getAttribute('data-state', { timeout: 1000 }).catch(() => 'absent');
        const text = await status.textContent({ timeout: 1000 }).catch(() => '');
        throw new Error(`simulated server not ready: ${state}: ${text}; console: ${JSON.stringify(pg.unexpectedConsole())}; ${e.message}`);
      });
    }
    return pg;
  }

  locator(testid) { return this.page.locator(id(testid)); }
  /** Opens "More options", as a user would, when `selector` is folded inside it. */
  async reveal(selector) {
    const folded = await this.page.$eval(
      selector,
      (el) => Boolean(el.closest('details[data-testid="more-options"]:not([open])')),
    ).catch(() => false);
    if (folded) await this.page.click(id('more-options-toggle'));
  }
  async set(testid, value) { await this.reveal(id(testid)); await this.page.fill(id(testid), String(value)); }
  async value(testid) { return this.page.inputValue(id(testid)); }
  async choose(strategy) { await this.page.selectOption(id('strategy'), strategy); }
  /** Picks the language that runs the strategy: `rust`, `python` or `javascript`. */
  async language(language) { await this.reveal(id('language')); await this.page.selectOption(id('language'), language); }
  async click(testid) { await this.reveal(`button${id(testid)}`); await this.page.click(`button${id(testid)}`); }
  async check(testid, on = true) {
    await this.reveal(id(testid));
    await (on ? this.page.check(id(testid)) : this.page.uncheck(id(testid)));
  }
  button(testid) { return this.page.locator(`button${id(testid)}`); }

  /** Fills the form from an object of testid → value. */
  async configure(settings) {
    for (const [testid, value] of Object.entries(settings)) {
      if (testid === 'strategy') await this.choose(value);
      else if (testid === 'language') await this.language(value);
      else await this.set(testid, value);
    }
  }

  async runCount() { return this.page.locator(RUN_ROW).count(); }

  /** Waits until `count` run rows exist and nothing is running. */
  async waitForRuns(count, timeout = 60_000) {
    await this.page.waitForFunction(
      ([n]) => document.querySelectorAll('[data-testid="run"][data-strategy]').length >= n
        && document.querySelector('[data-testid="progress"]')?.dataset.running === 'false',
      [count],
      { timeout, polling: 100 },
    );
  }

  /** The run rows' contract attributes, oldest first. */
  async runs() {
    const rows = await this.page.$$eval(RUN_ROW, (els) => els.map((el) => ({ ...el.dataset })));
    return rows
      .map((d) => ({
        id: Number(d.runId),
        strategy: d.strategy,
        requests: Number(d.requests),
        concurrency: Number(d.concurrency),
        ok: Number(d.ok),
        failed: Number(d.failed),
        cancelled: Number(d.cancelled),
        wallMs: Number(d.wallMs),
        maxInFlight: Number(d.maxInFlight),
        idealMs: d.idealMs === undefined ? null : Number(d.idealMs),
        completed: d.completed === 'true',
        language: d.language ?? 'rust',
      }))
      .sort((a, b) => a.id - b.id);
  }

  /**
   * Page errors, console warnings and console errors, except (unless
   * `failedLoads` is false) the browser's own "Failed to load resource" lines,
   * which every failed fetch logs and which tests of failures expect.
   */
  unexpectedConsole({ failedLoads = true } = {}) {
    return [
      ...this.pageErrors,
      ...this.consoleWarnings.map((w) => `warning: ${w}`),
      ...this.consoleErrors
        .filter((e) => !(failedLoads && e.startsWith('Failed to load resource')))
        .map((e) => `error: ${e}`),
    ];
  }

  async close() { await this.page.context().close(); }
}

/**
 * Resource Timing of the requests whose URL contains `marker`, as the page
 * matched it to each attempt (it empties the browser's buffer afterwards),
 * read from Export JSON: when each was on the wire.
 */
export async function wire(pg, marker) {
  const [file] = await Promise.all([pg.page.waitForEvent('download'), pg.click('export-json')]);
  const data = JSON.parse(await readFile(await file.path(), 'utf8'));
  return data.runs.flatMap((run) => run.report.records)
    .filter((r) => r.url.includes(marker))
    .flatMap((r) => r.attempts.filter((a) => a.timing).map((a) => ({
      host: new URL(r.url).host, sent: a.timing.request_start, end: a.timing.response_end, protocol: a.timing.protocol,
    })));
}
