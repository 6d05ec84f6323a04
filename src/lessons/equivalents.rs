//! The code panel's other languages: each strategy written for this project
//! in Python asyncio (the seed posts' style) and in plain JavaScript.
#![deny(missing_docs)]
use crate::engine::Strategy;

/// A language the code panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// The engine's own code, the one that runs here.
    Rust,
    /// The same strategy in Python asyncio.
    Python,
    /// The same strategy in plain JavaScript.
    JavaScript,
}

impl Language {
    /// Every language, in tab order.
    pub const ALL: [Language; 3] = [Language::Rust, Language::Python, Language::JavaScript];

    /// `code-tab-{id}` is its tab's `data-testid`.
    pub fn id(self) -> &'static str {
        match self {
            Language::Rust => "rust",
            Language::Python => "python",
            Language::JavaScript => "js",
        }
    }

    /// Its tab's label.
    pub fn label(self) -> &'static str {
        match self {
            Language::Rust => "Rust (runs here)",
            Language::Python => "Python asyncio",
            Language::JavaScript => "JavaScript",
        }
    }
}

/// `strategy` in Python: requests for the sync loop, aiohttp for the rest.
pub fn python(strategy: Strategy) -> &'static str {
    match strategy {
        Strategy::Sequential => {
            r#"import requests

def run(urls):
    # One call at a time: N × latency.
    return [requests.get(url).status_code for url in urls]"#
        }
        Strategy::JoinAll => {
            r#"import asyncio, aiohttp

async def run(urls):
    async with aiohttp.ClientSession() as session:
        async def one(url):
            async with session.get(url) as r:
                await r.read()
                return r.status
        # Every request at once.
        return await asyncio.gather(*(one(url) for url in urls))"#
        }
        Strategy::JoinAllLimited => {
            r#"import asyncio, aiohttp

async def run(urls, k):
    sem = asyncio.Semaphore(k)
    async with aiohttp.ClientSession() as session:
        async def one(url):
            async with sem:  # at most k inside
                async with session.get(url) as r:
                    await r.read()
                    return r.status
        # All N coroutines exist at once; k hold a permit.
        return await asyncio.gather(*(one(url) for url in urls))"#
        }
        Strategy::BufferUnordered => {
            r#"import asyncio, aiohttp

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
        return done"#
        }
        Strategy::WorkerPool => {
            r#"import asyncio, aiohttp

async def run(urls, k):
    queue = asyncio.Queue(maxsize=k)
    results = []
    async with aiohttp.ClientSession() as session:
        async def worker():
            while (url := await queue.get()) is not None:
                async with session.get(url) as r:
                    await r.read()
                    results.append(r.status)
        workers = [asyncio.create_task(worker()) for _ in range(k)]
        for url in urls:
            await queue.put(url)  # waits while the queue is full
        for _ in workers:
            await queue.put(None)  # one stop signal per worker
        await asyncio.gather(*workers)
    return results"#
        }
    }
}

/// `strategy` in plain JavaScript: a for-await loop, Promise.all, a p-limit-style pool.
pub fn javascript(strategy: Strategy) -> &'static str {
    match strategy {
        Strategy::Sequential => {
            r#"async function run(urls) {
  const statuses = [];
  // One call at a time: N × latency.
  for (const url of urls) {
    const r = await fetch(url);
    await r.arrayBuffer();
    statuses.push(r.status);
  }
  return statuses;
}"#
        }
        Strategy::JoinAll => {
            r#"async function one(url) {
  const r = await fetch(url);
  await r.arrayBuffer();
  return r.status;
}

// Every fetch starts now: promises are eager.
const run = (urls) => Promise.all(urls.map(one));"#
        }
        Strategy::JoinAllLimited => {
            r#"// A p-limit-style semaphore: at most k inside.
function limit(k) {
  let active = 0;
  const waiting = [];
  const next = () => { active--; waiting.shift()?.(); };
  return async (task) => {
    if (active >= k) await new Promise((go) => waiting.push(go));
    active++;
    try { return await task(); } finally { next(); }
  };
}

async function run(urls, k) {
  const gate = limit(k);
  // All N promises exist at once; k run.
  return Promise.all(urls.map((url) => gate(async () => {
    const r = await fetch(url);
    await r.arrayBuffer();
    return r.status;
  })));
}"#
        }
        Strategy::BufferUnordered => {
            r#"async function run(urls, k) {
  const results = [];
  const pending = new Set();
  // A promise is created only when a slot is free.
  for (const url of urls) {
    const p = fetch(url)
      .then(async (r) => { await r.arrayBuffer(); results.push(r.status); })
      .finally(() => pending.delete(p));
    pending.add(p);
    if (pending.size >= k) await Promise.race(pending);
  }
  await Promise.all(pending);
  return results;
}"#
        }
        Strategy::WorkerPool => {
            r#"async function run(urls, k) {
  const queue = [...urls];
  const results = [];
  // k workers take the next URL until the queue is empty.
  async function worker() {
    let url;
    while ((url = queue.shift()) !== undefined) {
      const r = await fetch(url);
      await r.arrayBuffer();
      results.push(r.status);
    }
  }
  await Promise.all(Array.from({ length: k }, worker));
  return results;
}"#
        }
    }
}

/// `strategy`'s code in `language`.
pub fn code(strategy: Strategy, language: Language) -> &'static str {
    match language {
        Language::Rust => crate::engine::strategies::source(strategy),
        Language::Python => python(strategy),
        Language::JavaScript => javascript(strategy),
    }
}
