async function one(url) {
  const r = await fetch(url);
  await r.arrayBuffer();
  return r.status;
}

// Every fetch starts now: promises are eager.
const run = (urls) => Promise.all(urls.map(one));
