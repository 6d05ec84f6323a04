// One worker of the page's CPU pool (cpu-mode "workers"): it runs a response
// handler's CPU work, the same FNV-1a passes as Rust's lessons::cpu::burn, off
// the page's thread, so several handlers can run at once.
//
// Page → worker: {id, body (ArrayBuffer), ms}.
// Worker → page: {id, hash (decimal text of the u64), start, end} with start
//   and end in epoch ms (the page converts them to its own clock), or
//   {id, error} when the work itself failed.
//
// The hash functions are exported so a test can import this file in node,
// where there is no worker global.

const SEED_HI = 0xcbf29ce4;
const SEED_LO = 0x84222325;
// An empty body still costs time: hash a fixed block instead (as Rust does).
const FILLER = new Uint8Array(1024).fill(0x5a);
const CHUNK = 4096;

/**
 * FNV-1a 64 over `bytes`, continuing from `hash` ([hi, lo], two unsigned
 * 32-bit halves); returns the new [hi, lo]. The prime is 2^40 + 0x1b3, so
 * h × prime = h × 0x1b3 + (h << 40).
 */
export function fnv1a([hi, lo], bytes, from = 0, to = bytes.length) {
  for (let j = from; j < to; j++) {
    lo = (lo ^ bytes[j]) >>> 0;
    const low = lo * 0x1b3; // < 2^41: exact in a double
    const carry = Math.floor(low / 0x100000000);
    hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0;
    lo = low >>> 0;
  }
  return [hi, lo];
}

/** The 64-bit hash as decimal text (what Rust's u64 prints). */
export function hashText([hi, lo]) {
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}

/**
 * Hashes `body` in passes of 4096-byte chunks until `ms` have passed on
 * `now` (at least one chunk); returns [hi, lo]. `ms` = 0 and an endless
 * clock make it one pass, which is what a test compares.
 */
export function burn(body, ms, now = () => performance.now()) {
  const data = body.length > 0 ? body : FILLER;
  const start = now();
  let hash = [SEED_HI, SEED_LO];
  for (;;) {
    for (let at = 0; at < data.length; at += CHUNK) {
      hash = fnv1a(hash, data, at, Math.min(at + CHUNK, data.length));
      if (now() - start >= ms) return hash;
    }
  }
}

const inWorker = typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope;
if (inWorker) {
  const epoch = () => performance.timeOrigin + performance.now();
  self.onmessage = ({ data: { id, body, ms } }) => {
    try {
      const start = epoch();
      const hash = burn(new Uint8Array(body), ms);
      self.postMessage({ id, hash: hashText(hash), start, end: epoch() });
    } catch (e) {
      self.postMessage({ id, error: String(e?.message ?? e) });
    }
  };
}
