// One request at a time: each await ends before the next request starts, so
// the wall is N × latency. k is not used.
// `fetchOne(i, url)` resolves { status, bytes } for any HTTP answer (500
// included) and rejects on a network error, a timeout or Cancel.
export async function main(urls, k, fetchOne) {
  const results = [];
  for (const [i, url] of urls.entries()) {
    try {
      results.push(await fetchOne(i, url));
    } catch (e) {
      results.push(e); // one outcome per request; the loop goes on
    }
  }
  return results;
}
