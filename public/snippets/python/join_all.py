import asyncio, aiohttp

async def run(urls):
    async with aiohttp.ClientSession() as session:
        async def one(url):
            async with session.get(url) as r:
                await r.read()
                return r.status
        # Every request at once.
        return await asyncio.gather(*(one(url) for url in urls))
