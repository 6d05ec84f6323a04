//! The code panel's aiohttp tab: each strategy written for this project in
//! Python asyncio with aiohttp (the seed posts' style), for a machine of your
//! own, each run by tests/snippets.rs against a local server with failures.
#![deny(missing_docs)]
use crate::engine::Strategy;

// Every snippet keeps one outcome per request, a status or the error, as the
// engine does, and ends when every request has: tests/snippets.rs runs each
// one against a local server with refused connections, resets and HTTP 500s.
//
// aiohttp's ClientSession() pools at most 100 connections (TCPConnector's
// `limit=100`), so every aiohttp snippet sets the limit itself:
// https://docs.aiohttp.org/en/stable/client_advanced.html#limiting-connection-pool-size
// requests has no timeout unless one is given:
// https://requests.readthedocs.io/en/latest/user/advanced/#timeouts

/// `strategy` in Python: requests for the sync loop, aiohttp for the rest.
/// aiohttp 3.14 needs Python 3.10 or later (its `Requires-Python`).
pub fn python(strategy: Strategy) -> &'static str {
    match strategy {
        Strategy::Sequential => {
            r#"import requests

def run(urls):
    outcomes = []
    # One call at a time: N × latency. The session keeps its connection
    # between calls; requests never times out unless it is given a timeout.
    with requests.Session() as session:
        for url in urls:
            try:
                outcomes.append(session.get(url, timeout=10).status_code)
            except requests.RequestException as e:
                outcomes.append(e)  # one outcome per request; the loop goes on
    return outcomes"#
        }
        Strategy::JoinAll => {
            r#"import asyncio, aiohttp

async def run(urls):
    # ClientSession() alone holds 100 connections at most, so past 100
    # requests it runs in waves; limit=0 lifts that cap. See
    # https://docs.aiohttp.org/en/stable/client_advanced.html#limiting-connection-pool-size
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        async def one(url):
            async with session.get(url) as r:
                await r.read()
                return r.status
        # Every request at once. return_exceptions=True puts each failure in
        # its place; without it the first error loses every result.
        return await asyncio.gather(*(one(url) for url in urls),
                                    return_exceptions=True)"#
        }
        Strategy::JoinAllLimited => {
            r#"import asyncio, aiohttp

async def run(urls, k):
    sem = asyncio.Semaphore(k)
    # ClientSession() alone holds 100 connections at most, which would cap
    # k at 100; limit=0 leaves the semaphore as the only limit. See
    # https://docs.aiohttp.org/en/stable/client_advanced.html#limiting-connection-pool-size
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        async def one(url):
            async with sem:  # at most k inside
                async with session.get(url) as r:
                    await r.read()
                    return r.status
        # All N coroutines exist at once; k hold a permit. A failure gives
        # its permit back and is returned in its place.
        return await asyncio.gather(*(one(url) for url in urls),
                                    return_exceptions=True)"#
        }
        Strategy::BufferUnordered => {
            r#"import asyncio, aiohttp

async def run(urls, k):
    # ClientSession() alone holds 100 connections at most, which would cap
    # k at 100; limit=0 leaves the window as the only limit. See
    # https://docs.aiohttp.org/en/stable/client_advanced.html#limiting-connection-pool-size
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        async def one(url):
            try:
                async with session.get(url) as r:
                    await r.read()
                    return url, r.status
            except Exception as e:
                return url, e  # caught here: no task ends with an unread error
        pending, done = set(), []
        # A task is created only when a slot is free: asyncio.wait with
        # FIRST_COMPLETED returns as soon as one of the k has finished.
        for url in urls:
            pending.add(asyncio.create_task(one(url)))
            if len(pending) == k:
                finished, pending = await asyncio.wait(
                    pending, return_when=asyncio.FIRST_COMPLETED)
                done += [t.result() for t in finished]
        done += await asyncio.gather(*pending)
        return done  # (url, status or error), in the order they finished"#
        }
        Strategy::WorkerPool => {
            r#"import asyncio, aiohttp

async def run(urls, k):
    queue = asyncio.Queue(maxsize=k)
    results = []
    # ClientSession() alone holds 100 connections at most, which would cap
    # k at 100; limit=0 leaves the k workers as the only limit. See
    # https://docs.aiohttp.org/en/stable/client_advanced.html#limiting-connection-pool-size
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        async def worker():
            while (url := await queue.get()) is not None:
                try:
                    async with session.get(url) as r:
                        await r.read()
                        results.append((url, r.status))
                except Exception as e:
                    # Recorded, not raised: if every worker died, the
                    # producer would wait on a full queue forever.
                    results.append((url, e))
        workers = [asyncio.create_task(worker()) for _ in range(k)]
        for url in urls:
            await queue.put(url)  # waits while the queue is full
        for _ in workers:
            await queue.put(None)  # one stop signal per worker
        await asyncio.gather(*workers)
    return results  # (url, status or error), in the order they finished"#
        }
    }
}
