//! `cargo xtask bench`: a release build, served, measured by tests/e2e/bench.mjs.
use crate::{release_build, run, server, tools, Cmd, Result};
use std::path::Path;
use std::process::Command;

pub fn bench(root: &Path, extra: &[String]) -> Result<()> {
    tools::ensure_build_tools(root)?;
    let (chromium, _) = tools::ensure_browser()?;
    release_build(root)?;
    let dist = root.join("dist");
    let out = root.join("target/bench");
    let port = server::start(dist.clone(), "/", 0)?;
    let commit = Command::new("git")
        .args(["describe", "--always", "--dirty"])
        .current_dir(root)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let mut cmd = Cmd::new("node")
        .args(["tests/e2e/bench.mjs"])
        .args(extra)
        .env("BASE_URL", format!("http://127.0.0.1:{port}"))
        .env("CHROMIUM", &chromium)
        .env("DIST", &dist)
        .env("BENCH_OUT", &out)
        .env("BENCH_COMMIT", commit)
        .dir(root);
    if extra.iter().any(|a| a == "--profile") {
        let named = out.join("dist-named");
        named_build(root, &dist, &named)?;
        let port = server::start(named, "/", 0)?;
        cmd = cmd.env("PROFILE_URL", format!("http://127.0.0.1:{port}"));
    }
    run(cmd)
}

/// The release build again, but from cargo's wasm before wasm-opt strips its
/// function names, so that a CPU profile says which Rust functions ran.
fn named_build(root: &Path, dist: &Path, named: &Path) -> Result<()> {
    let _ = std::fs::remove_dir_all(named);
    copy_dir(dist, named).map_err(|e| format!("copying {}: {e}", dist.display()))?;
    let wasm = root.join("target/wasm32-unknown-unknown/release/fetch-playground.wasm");
    let entries = std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        // Trunk's `fetch-playground-<hash>_bg.wasm` beside `fetch-playground-<hash>.js`.
        let Some(stem) = name.strip_suffix("_bg.wasm") else {
            continue;
        };
        run(Cmd::new("wasm-bindgen")
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                stem,
                "--out-dir",
            ])
            .args([named, wasm.as_path()]))?;
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
