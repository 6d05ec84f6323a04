// fetch-playground's simulated server. It answers GET <scope>__sim/* after
// the delay the page asks for, with the status and body size it asks for:
//   <scope>__sim/7?delay=100&status=500&bytes=256
// <scope> is where the site is served (`/` or e.g. `/fetch-playground/`), so
// the same file works at the root of an origin and under a sub-path.
// The page draws those numbers from a seed, so every strategy meets the same
// server. Other requests pass through untouched.
'use strict';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
// After a hard reload the page is not controlled; it asks us to claim it.
self.addEventListener('message', (event) => {
  if (event.data === 'claim') event.waitUntil(self.clients.claim());
});

const bodies = new Map();
function body(bytes) {
  if (!bodies.has(bytes)) bodies.set(bytes, new Uint8Array(bytes).fill(120));
  return bodies.get(bytes);
}

function param(params, name, fallback, min, max) {
  const value = Number.parseInt(params.get(name) ?? '', 10);
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  const sim = new URL('__sim/', self.registration.scope);
  if (url.origin !== sim.origin || !url.pathname.startsWith(sim.pathname)) return;
  const delay = param(url.searchParams, 'delay', 0, 0, 600000);
  const status = param(url.searchParams, 'status', 200, 200, 599);
  const bytes = param(url.searchParams, 'bytes', 0, 0, 10000000);
  event.respondWith(new Promise((resolve) => {
    const timer = setTimeout(() => resolve(new Response(body(bytes), {
      status,
      headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' },
    })), delay);
    // The page aborted (timeout or Cancel): free the timer at once.
    event.request.signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve(Response.error());
    });
  }));
});
