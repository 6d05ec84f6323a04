# One request at a time, as in the seeds' sync loop: each await ends before
# the next request starts, so the wall is N × latency. k is not used.
# `fetch(i, url)` answers with .status and .bytes for any HTTP answer
# (500 included) and raises on a network error or a timeout, like aiohttp.


async def main(urls, k, fetch):
    results = []
    for i, url in enumerate(urls):
        try:
            results.append(await fetch(i, url))
        except Exception as e:
            results.append(e)  # one outcome per request; the loop goes on
    return results
