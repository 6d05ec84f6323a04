import asyncio

# A producer puts every request on an asyncio.Queue; k workers take the next
# one as soon as they are free. Results come in the order they end.
# `fetch(i, url)` answers with .status and .bytes for any HTTP answer
# (500 included) and raises on a network error or a timeout, like aiohttp.


async def main(urls, k, fetch):
    queue = asyncio.Queue()
    results = []

    async def worker():
        while True:
            i, url = await queue.get()
            try:
                results.append(await fetch(i, url))
            except Exception as e:
                # Recorded, not raised: a worker that died here would leave
                # its items undone, and queue.join() would wait forever.
                results.append(e)
            finally:
                queue.task_done()

    workers = [asyncio.create_task(worker()) for _ in range(k)]
    for item in enumerate(urls):
        queue.put_nowait(item)
    try:
        await queue.join()  # every item taken and marked done
    finally:
        # The workers never return on their own: stop them, also when this
        # run is cancelled, so none is left waiting on an empty queue.
        for w in workers:
            w.cancel()
    return results
