import asyncio, aiohttp

async def run(urls, k):
    queue = asyncio.Queue(maxsize=k)
    results = []
    async with aiohttp.ClientSession() as session:
        async def worker():
            while (url := await queue.get()) is not None:
                async with session.get(url) as r:
                    await r.read()
                    results.append(r.status)
        workers = [asyncio.create_task(worker()) for _ in range(k)]
        for url in urls:
            await queue.put(url)  # waits while the queue is full
        for _ in workers:
            await queue.put(None)  # one stop signal per worker
        await asyncio.gather(*workers)
    return results
