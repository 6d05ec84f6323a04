// A bare Chrome DevTools Protocol client over --remote-debugging-pipe. The
// benchmark drives Chromium with it rather than Playwright, whose Network
// domain keeps an object per request and slows a 20,000-request page down
// (a heap snapshot after one run held 20,006 `NetworkResourcesData` entries).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FLAGS as CHROMIUM_FLAGS } from '../fixtures.mjs';

// The test suite's flags (closed network, no sandbox as root), driven over a pipe.
const FLAGS = [...CHROMIUM_FLAGS, '--headless', '--no-default-browser-check', '--remote-debugging-pipe'];

export class Browser {
  static async launch() {
    const profile = mkdtempSync(join(tmpdir(), 'bench-chromium-'));
    const proc = spawn(process.env.CHROMIUM ?? '/usr/bin/chromium', [...FLAGS, `--user-data-dir=${profile}`, 'about:blank'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    });
    proc.stderr.resume();
    const b = new Browser(proc, profile);
    await b.send('Target.setDiscoverTargets', { discover: false });
    return b;
  }

  constructor(proc, profile) {
    this.proc = proc;
    this.profile = profile;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = new Set();
    let buffered = '';
    proc.stdio[4].on('data', (chunk) => {
      buffered += chunk.toString('utf8');
      let end;
      while ((end = buffered.indexOf('\0')) >= 0) {
        const msg = JSON.parse(buffered.slice(0, end));
        buffered = buffered.slice(end + 1);
        if (msg.id && this.pending.has(msg.id)) {
          const { resolve, reject, method } = this.pending.get(msg.id);
          this.pending.delete(msg.id);
          if (msg.error) reject(new Error(`${method}: ${msg.error.message}`));
          else resolve(msg.result);
        } else {
          for (const l of this.listeners) l(msg);
        }
      }
    });
    proc.on('exit', () => {
      for (const { reject, method } of this.pending.values()) reject(new Error(`${method}: Chromium exited`));
    });
  }

  send(method, params = {}, sessionId) {
    const id = this.nextId++;
    this.proc.stdio[3].write(JSON.stringify({ id, method, params, sessionId }) + '\0');
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject, method }));
  }

  /** A page in a fresh browser context (so a fresh service worker and cache), or in `contextId`'s. */
  async newPage(contextId) {
    const { browserContextId } = contextId ? { browserContextId: contextId } : await this.send('Target.createBrowserContext');
    const { targetId } = await this.send('Target.createTarget', { url: 'about:blank', browserContextId });
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true });
    const page = new Page(this, sessionId, targetId, browserContextId);
    await page.init();
    return page;
  }

  async close() {
    await this.send('Browser.close').catch(() => {});
    await new Promise((r) => (this.proc.exitCode === null ? this.proc.on('exit', r) : r()));
    rmSync(this.profile, { recursive: true, force: true });
  }
}

export class Page {
  constructor(browser, sessionId, targetId, contextId) {
    Object.assign(this, { browser, sessionId, targetId, contextId });
    this.errors = [];
    this.failedLoads = [];
    browser.listeners.add((msg) => {
      if (msg.sessionId !== sessionId) return;
      if (msg.method === 'Runtime.exceptionThrown') {
        const d = msg.params.exceptionDetails;
        this.errors.push(`exception: ${d.exception?.description ?? d.text}`);
      } else if (msg.method === 'Runtime.consoleAPICalled' && ['error', 'warning'].includes(msg.params.type)) {
        this.errors.push(`${msg.params.type}: ${msg.params.args.map((a) => a.value ?? a.description).join(' ')}`);
      } else if (msg.method === 'Log.entryAdded' && msg.params.entry.level === 'error') {
        // The browser's own line for a failed load (the app probes optional local
        // servers); the benchmark counts its requests' outcomes itself.
        const e = msg.params.entry;
        if (e.text.startsWith('Failed to load resource')) this.failedLoads.push(`${e.text} ${e.url ?? ''}`);
        else this.errors.push(`log: ${e.text}`);
      }
    });
  }

  send(method, params) { return this.browser.send(method, params, this.sessionId); }

  async init() {
    await this.send('Runtime.enable');
    await this.send('Log.enable');
    await this.send('Page.enable');
    // p-limit is loaded from blob: URLs, which the app's CSP (scripts from 'self') refuses.
    await this.send('Page.setBypassCSP', { enabled: true });
  }

  /** Navigates and waits for the load event. */
  async goto(url) {
    const loaded = new Promise((resolve) => {
      const l = (msg) => {
        if (msg.sessionId === this.sessionId && msg.method === 'Page.loadEventFired') {
          this.browser.listeners.delete(l);
          resolve();
        }
      };
      this.browser.listeners.add(l);
    });
    await this.send('Page.navigate', { url });
    await loaded;
  }

  /** Evaluates `fn(arg)` in the page, awaiting a returned promise; returns its JSON value. */
  async eval(fn, arg) {
    const expression = `(${fn})(${JSON.stringify(arg ?? null)})`;
    const r = await this.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails) throw new Error(`in page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  }

  /** Polls `fn(arg)` in the page every 100 ms until it is truthy. */
  async waitFor(fn, arg, timeoutMs = 60_000, what = String(fn)) {
    const ok = await this.eval(`async (arg) => {
      const f = ${fn}; const end = performance.now() + ${timeoutMs};
      while (performance.now() < end) { const v = f(arg); if (v) return v; await new Promise((r) => setTimeout(r, 100)); }
      return null;
    }`, arg);
    if (ok == null) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; page errors: ${JSON.stringify(this.errors)}`);
    return ok;
  }

  async close({ keepContext = false } = {}) {
    await this.browser.send('Target.closeTarget', { targetId: this.targetId }).catch(() => {});
    if (keepContext) return;
    await this.browser.send('Target.disposeBrowserContext', { browserContextId: this.contextId }).catch(() => {});
  }
}
