import asyncio

# A window of k tasks, refilled as each one ends: a task is created only
# when a slot is free, and asyncio.wait with FIRST_COMPLETED returns as
# soon as one of the k has finished. Results come in the order they end.
# `fetch(i, url)` answers with .status and .bytes for any HTTP answer
# (500 included) and raises on a network error or a timeout, like aiohttp.


async def main(urls, k, fetch):
    async def one(i, url):
        try:
            return await fetch(i, url)
        except Exception as e:
            return e  # caught here: no task ends with an exception nobody reads

    pending, done = set(), []
    for i, url in enumerate(urls):
        pending.add(asyncio.create_task(one(i, url)))
        if len(pending) == k:
            finished, pending = await asyncio.wait(
                pending, return_when=asyncio.FIRST_COMPLETED
            )
            done += [t.result() for t in finished]
    done += await asyncio.gather(*pending)
    return done
