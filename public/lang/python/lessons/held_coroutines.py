import asyncio

# Calling an async function builds a coroutine object and runs none of it:
# nothing is sent until something awaits it, here gather after the hold.
# (held.py makes tasks of them instead, which start at once.)


async def main(urls, k, fetch, hold_ms):
    coroutines = [fetch(i, url) for i, url in enumerate(urls)]  # built, not started
    try:
        await asyncio.sleep(hold_ms / 1000)
    except asyncio.CancelledError:
        for c in coroutines:
            c.close()  # never started: closed, so none warns "never awaited"
        raise
    return await asyncio.gather(*coroutines, return_exceptions=True)
