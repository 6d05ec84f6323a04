// Every request at once: promises are eager, so all N fetches start before
// the first answer. k is not used.
// `fetchOne(i, url)` resolves { status, bytes } for any HTTP answer (500
// included) and rejects on a network error, a timeout or Cancel.
export function main(urls, k, fetchOne) {
  // allSettled keeps one outcome per request ({ status, value } or
  // { status, reason }); Promise.all would reject at the first failure and
  // drop every other result.
  return Promise.allSettled(urls.map((url, i) => fetchOne(i, url)));
}
