import asyncio

# All N coroutines exist at once, but only k hold a permit: the rest wait
# at `async with sem`. A request that fails gives its permit back too.
# `fetch(i, url)` answers with .status and .bytes for any HTTP answer
# (500 included) and raises on a network error or a timeout, like aiohttp.


async def main(urls, k, fetch):
    sem = asyncio.Semaphore(k)

    async def one(i, url):
        async with sem:  # at most k inside
            return await fetch(i, url)

    # return_exceptions=True: one result or exception per request, in order.
    return await asyncio.gather(
        *(one(i, url) for i, url in enumerate(urls)), return_exceptions=True
    )
