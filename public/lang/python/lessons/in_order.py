import asyncio

# The post's pattern: every request made a task first, so the event loop runs
# them all at once; then the tasks are awaited one by one in creation order.
# A task that finished before its turn returns at once: the wall is about the
# slowest task, not the sum. k is not used.


async def main(urls, k, fetch):
    tasks = [asyncio.create_task(fetch(i, url)) for i, url in enumerate(urls)]
    results = []
    for t in tasks:
        try:
            results.append(await t)
        except Exception as e:
            results.append(e)  # kept in its place; the next await goes on
    return results
