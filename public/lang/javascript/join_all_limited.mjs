// All N promises exist at once, but only k run: a p-limit-style semaphore.
// `fetchOne(i, url)` resolves { status, bytes } for any HTTP answer (500
// included) and rejects on a network error, a timeout or Cancel.
function limit(k) {
  let active = 0;
  const waiting = [];
  return async (task) => {
    if (active < k) active++;
    else await new Promise((go) => waiting.push(go));
    try {
      return await task();
    } finally {
      // A task that ends, even by failing, hands its slot to the next one.
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

export function main(urls, k, fetchOne) {
  const gate = limit(k);
  // allSettled: one outcome per request, in order, failures included.
  return Promise.allSettled(urls.map((url, i) => gate(() => fetchOne(i, url))));
}
