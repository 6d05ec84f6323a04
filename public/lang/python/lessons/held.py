import asyncio

# asyncio.ensure_future hands each coroutine to the event loop at once: the
# requests start at the loop's next turn, during the hold, before anything
# awaits them. (held_coroutines.py holds the bare coroutines instead.)


async def main(urls, k, fetch, hold_ms):
    tasks = [asyncio.ensure_future(fetch(i, url)) for i, url in enumerate(urls)]
    try:
        await asyncio.sleep(hold_ms / 1000)  # nothing awaits the tasks yet
    except asyncio.CancelledError:
        for t in tasks:
            t.cancel()  # Cancel during the hold stops the tasks too
        raise
    return await asyncio.gather(*tasks, return_exceptions=True)
