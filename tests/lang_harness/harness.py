# Runs a strategy file of public/lang/python under CPython, as the language
# worker runs it under Pyodide: `fetch(i, url)` is aiohttp's GET, answering
# .status and .bytes for any HTTP answer and raising on no answer, and it
# records each request's outcome itself, so the strategy cannot misreport.
# Prints {"ms", "returned", "outcomes": [[url, status or "error: …"]]}, or
# {"raised"} when main itself raised.
# Usage: python harness.py STRATEGY.py URLS_JSON K
import asyncio, gc, importlib.util, json, sys, time

import aiohttp


class Answer:
    def __init__(self, status, bytes):
        self.status, self.bytes = status, bytes


async def run(main, urls, k):
    outcomes, started = [], set()
    # limit=0: aiohttp's default pool of 100 would otherwise cap k at 100.
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

        async def fetch(i, url):
            if urls[i] != url or i in started:
                raise ValueError(f"fetch({i}, {url}): not request {i}, or fetched twice")
            started.add(i)
            try:
                async with session.get(url) as r:
                    body = await r.read()
            except Exception as e:
                outcomes.append([url, f"error: {type(e).__name__}"])
                raise
            outcomes.append([url, r.status])
            return Answer(r.status, len(body))

        results = await main(urls, k, fetch)
    return len(results), outcomes


def report():
    path, urls, k = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
    spec = importlib.util.spec_from_file_location("strategy", path)
    strategy = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(strategy)
    start = time.perf_counter()
    try:
        returned, outcomes = asyncio.run(run(strategy.main, urls, k))
    except BaseException as e:
        return {"raised": repr(e)}
    ms = (time.perf_counter() - start) * 1000
    return {"ms": ms, "returned": returned, "outcomes": outcomes}


print(json.dumps(report()), flush=True)
gc.collect()  # a task whose exception nobody retrieved says so now, on stderr
