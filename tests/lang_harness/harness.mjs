// Runs a strategy file of public/lang/javascript under node, as the language
// worker runs it in the browser: `fetchOne(i, url)` is node's fetch, resolving
// { status, bytes } for any HTTP answer and rejecting on no answer, and it
// records each request's outcome itself, so the strategy cannot misreport.
// Prints {"ms", "returned", "outcomes": [[url, status or "error: …"]]}, or
// {"raised"} when main itself threw.
// Usage: node harness.mjs STRATEGY.mjs URLS_JSON K
import { pathToFileURL } from 'node:url';

const [path, urlsJson, kText] = process.argv.slice(2);
const urls = JSON.parse(urlsJson);
const outcomes = [];
const started = new Set();

async function fetchOne(i, url) {
  if (urls[i] !== url || started.has(i)) throw new Error(`fetchOne(${i}, ${url}): not request ${i}, or fetched twice`);
  started.add(i);
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    const body = await r.arrayBuffer();
    outcomes.push([url, r.status]);
    return { status: r.status, bytes: body.byteLength };
  } catch (e) {
    outcomes.push([url, `error: ${e.name}`]);
    throw e;
  }
}

const { main } = await import(pathToFileURL(path).href);
const start = performance.now();
try {
  const results = await main(urls, Number(kText), fetchOne);
  const ms = performance.now() - start;
  console.log(JSON.stringify({ ms, returned: Array.isArray(results) ? results.length : -1, outcomes }));
} catch (e) {
  console.log(JSON.stringify({ raised: String(e) }));
}
