// A window of k requests, refilled as each one ends: a fetch starts only when
// a slot is free. Results come in the order they end.
// `fetchOne(i, url)` resolves { status, bytes } for any HTTP answer (500
// included) and rejects on a network error, a timeout or Cancel.
export async function main(urls, k, fetchOne) {
  const results = [];
  const pending = new Set();
  for (const [i, url] of urls.entries()) {
    // Each promise settles into results and never rejects, so the race
    // below never throws and no rejection goes unhandled.
    const p = fetchOne(i, url)
      .then((answer) => results.push(answer), (e) => results.push(e))
      .finally(() => pending.delete(p));
    pending.add(p);
    if (pending.size >= k) await Promise.race(pending);
  }
  await Promise.all(pending);
  return results;
}
