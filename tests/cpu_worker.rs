//! The CPU pool's worker (public/cpu-worker.mjs) hashes exactly as Rust's
//! `lessons::cpu::burn` does: node imports its exported functions (there is no
//! worker global there) and the hashes must equal Rust's, pass for pass.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a panic is a failed test"
)]

use fetch_playground::lessons::cpu::{burn, fnv1a};
use std::cell::Cell;
use std::path::Path;
use std::process::Command;

/// The bodies both sides build: (length, rule) with byte j = (j × 31 + 7) mod 256.
const LENGTHS: [usize; 5] = [0, 1, 3, 4096, 10_000];
/// "Milliseconds" on a clock that ticks once per read: chunks to hash.
const TICKS: [u32; 3] = [1, 3, 7];

fn body(len: usize) -> Vec<u8> {
    (0..len).map(|j| ((j * 31 + 7) % 256) as u8).collect()
}

/// Node's answers: per body, the one-shot FNV-1a, then `burn` at each tick count.
fn node_hashes() -> Vec<Vec<String>> {
    let module = Path::new(env!("CARGO_MANIFEST_DIR")).join("public/cpu-worker.mjs");
    let script = format!(
        "const m = await import({module:?});
         const body = (n) => Uint8Array.from({{ length: n }}, (_, j) => (j * 31 + 7) % 256);
         const out = {lengths:?}.map((n) => {{
           const b = body(n);
           const row = [m.hashText(m.fnv1a([0xcbf29ce4, 0x84222325], b))];
           for (const ms of {ticks:?}) {{
             let t = 0;
             row.push(m.hashText(m.burn(b, ms, () => t++)));
           }}
           return row;
         }});
         console.log(JSON.stringify(out));",
        module = module.display().to_string(),
        lengths = LENGTHS,
        ticks = TICKS,
    );
    let output = Command::new("node")
        .args(["--input-type=module", "-e", &script])
        .output()
        .expect("node runs (cargo xtask setup installs it)");
    assert!(
        output.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("node prints the hashes as JSON")
}

#[test]
fn the_worker_hashes_as_rust_does() {
    let from_node = node_hashes();
    assert_eq!(from_node.len(), LENGTHS.len());
    for (len, row) in LENGTHS.into_iter().zip(from_node) {
        let b = body(len);
        let mut expected = vec![fnv1a(0xcbf2_9ce4_8422_2325, &b).to_string()];
        for ms in TICKS {
            let t = Cell::new(0.0);
            let now = || {
                let v = t.get();
                t.set(v + 1.0);
                v
            };
            expected.push(burn(&b, f64::from(ms), now).to_string());
        }
        assert_eq!(row, expected, "body of {len} bytes");
    }
    // The passes really differ, so equal rows are not a coincidence of one chunk.
    let b = body(10_000);
    let ticks = |ms: f64| {
        let t = Cell::new(0.0);
        burn(&b, ms, || {
            let v = t.get();
            t.set(v + 1.0);
            v
        })
    };
    assert_ne!(ticks(1.0), ticks(3.0));
}
