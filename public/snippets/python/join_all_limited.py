import asyncio, aiohttp

async def run(urls, k):
    sem = asyncio.Semaphore(k)
    async with aiohttp.ClientSession() as session:
        async def one(url):
            async with sem:  # at most k inside
                async with session.get(url) as r:
                    await r.read()
                    return r.status
        # All N coroutines exist at once; k hold a permit.
        return await asyncio.gather(*(one(url) for url in urls))
