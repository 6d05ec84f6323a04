# The language worker's Python side (worker.mjs loads it once, with Pyodide).
# `fetch` is pyodide.http.pyfetch (the browser's fetch) with asyncio.timeout
# for the per-attempt timeout; `open_url` is a synchronous XHR, as
# pyodide.http.open_url makes one. Both answer like aiohttp / requests
# (.status for any HTTP answer, an exception for no answer) and record each
# request's start and end themselves, so a script cannot misreport.
import asyncio, gc, hashlib, inspect, time

import js
from pyodide.ffi import create_proxy
from pyodide.http import pyfetch


class Answer:
    """An HTTP answer, as a strategy sees it: its status and body size."""

    def __init__(self, status, bytes):
        self.status, self.bytes = status, bytes

    def __repr__(self):
        return f"Answer(status={self.status}, bytes={self.bytes})"


def burn(body, ms):
    """Hashes the body until ms have passed: the handler's CPU work, in Python."""
    data, h = body or bytes(1024), hashlib.sha256()
    end = time.perf_counter() + ms / 1000
    while True:
        for at in range(0, len(data), 4096):
            h.update(data[at : at + 4096])
            if time.perf_counter() >= end:
                return h.digest()


def answered(run, i, status, body):
    if run.cpu_ms > 0:
        burn(body, run.cpu_ms)
    kind = "ok" if 200 <= status < 300 else "http_error"
    run.ended(i, kind, status, len(body))
    return Answer(status, len(body))


def recorded_fetch(run):
    timeout = run.timeout_s

    async def fetch(i, url):
        if not run.begin(i, url):
            raise asyncio.CancelledError()  # cancelled before it started
        try:
            async with asyncio.timeout(timeout):
                r = await pyfetch(url, signal=run.signal, cache="no-store", credentials="omit")
                body = await r.bytes()
        except asyncio.CancelledError:
            run.ended(i, "cancelled")  # pyfetch has aborted the fetch
            raise
        except TimeoutError:
            run.ended(i, "timeout")
            raise
        except Exception as e:
            if run.cancelled:  # the run's signal aborted it
                run.ended(i, "cancelled")
                raise asyncio.CancelledError() from e
            run.ended(i, "network_error", None, None, str(e))
            raise
        return answered(run, i, r.status, body)

    return fetch


def recorded_open_url(run):
    """Blocking GETs: the worker's thread waits in send(), so no message (not
    even Cancel) reaches the worker until the blocking loop returns."""

    def open_url(i, url):
        if not run.begin(i, url):
            raise RuntimeError("the run was cancelled")
        xhr = js.XMLHttpRequest.new()
        xhr.open("GET", url, False)  # synchronous, as pyodide.http.open_url
        xhr.responseType = "arraybuffer"  # allowed for a synchronous XHR in a worker
        if run.timeout_s is not None:
            xhr.timeout = run.timeout_s * 1000
        try:
            xhr.send()
        except Exception as e:
            timed_out = "TimeoutError" in f"{type(e).__name__} {getattr(e, 'name', '')} {e}"
            run.ended(i, "timeout" if timed_out else "network_error", None, None, str(e))
            raise
        body = xhr.response.to_bytes() if xhr.response else b""
        return answered(run, i, xhr.status, body)

    return open_url


def load(source, name):
    """The script's main, from a fresh namespace per file."""
    space = {"__name__": name}
    exec(compile(source, name, "exec"), space)
    return space["main"]


async def checked(main, run):
    """Runs main; None, or what was wrong with it (Cancel is not wrong)."""
    urls = run.urls.to_py()
    try:
        if not inspect.iscoroutinefunction(main):  # a blocking loop
            results = main(urls, run.k, recorded_open_url(run))
        elif "hold_ms" in inspect.signature(main).parameters:
            results = await main(urls, run.k, recorded_fetch(run), hold_ms=run.hold_ms)
        else:
            results = await main(urls, run.k, recorded_fetch(run))
        n = len(results)
    except asyncio.CancelledError:
        return None
    except BaseException as e:
        return f"main raised {type(e).__name__}: {e}"
    finally:
        gc.collect()  # a task whose exception nobody read says so now, on stderr
    return None if n == len(urls) else f"main returned {n} results for {len(urls)} requests"


def start(main, run):
    task = asyncio.ensure_future(checked(main, run))
    # Cancel reaches the task through its own proxy: the page's proxy of the
    # task is spent once JavaScript awaits it, so task.cancel() from there
    # would fail, and a script holding a sleep would run its hold out.
    run.onCancel = create_proxy(lambda: task.cancel())
    return task
