import asyncio

# Every request at once: gather wraps each coroutine in a task, and all N
# start before the first answer. k is not used.
# `fetch(i, url)` answers with .status and .bytes for any HTTP answer
# (500 included) and raises on a network error or a timeout, like aiohttp.


async def main(urls, k, fetch):
    # return_exceptions=True puts each failure in its place; without it the
    # first error would propagate and every other result would be lost.
    return await asyncio.gather(
        *(fetch(i, url) for i, url in enumerate(urls)), return_exceptions=True
    )
