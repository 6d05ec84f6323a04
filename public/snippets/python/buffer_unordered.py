import asyncio, aiohttp

async def run(urls, k):
    async with aiohttp.ClientSession() as session:
        async def one(url):
            async with session.get(url) as r:
                await r.read()
                return r.status
        pending, todo, done = set(), iter(urls), []
        # A task is created only when a slot is free.
        for url in todo:
            pending.add(asyncio.create_task(one(url)))
            if len(pending) == k:
                finished, pending = await asyncio.wait(
                    pending, return_when=asyncio.FIRST_COMPLETED)
                done += [t.result() for t in finished]
        done += await asyncio.gather(*pending)
        return done
