//! Installs whatever is missing, and nothing that is already there.
use crate::{run, Cmd, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

pub const TRUNK_VERSION: &str = "0.21.14";

fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The wasm-bindgen version Cargo.lock resolved; the CLI must match it exactly.
pub fn locked_wasm_bindgen(root: &Path) -> Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| format!("can't read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".into())
}

fn check_trunk_toml(root: &Path, wasm_bindgen: &str) -> Result<()> {
    let toml = std::fs::read_to_string(root.join("Trunk.toml")).map_err(|e| e.to_string())?;
    if !toml.contains(&format!("wasm_bindgen = \"{wasm_bindgen}\"")) {
        return Err(format!(
            "Trunk.toml must pin wasm_bindgen = \"{wasm_bindgen}\" (the version in Cargo.lock)"
        ));
    }
    Ok(())
}

/// Rust target, Trunk, wasm-bindgen-cli and the npm tools (wasm-opt, playwright-core,
/// p-limit, the benchmark's JS peer, and pyodide, the Python runtime the build copies
/// into the site for the language worker).
pub fn ensure_build_tools(root: &Path) -> Result<()> {
    let targets = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets
        .lines()
        .any(|t| t.trim() == "wasm32-unknown-unknown")
    {
        run(Cmd::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    let trunk = output("trunk", &["--version"]).unwrap_or_default();
    if !trunk.contains(TRUNK_VERSION) {
        eprintln!("xtask: installing trunk {TRUNK_VERSION} (about 13 minutes on 2 cores)");
        run(Cmd::new("cargo").args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))?;
    }
    let wbg = locked_wasm_bindgen(root)?;
    check_trunk_toml(root, &wbg)?;
    let have = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    let runner = output("wasm-bindgen-test-runner", &["--version"]).unwrap_or_default();
    if !have.contains(&wbg) || !runner.contains(&wbg) {
        eprintln!("xtask: installing wasm-bindgen-cli {wbg} (about 4 minutes)");
        // No --locked: its lockfile pins a crate version this registry does not serve.
        run(Cmd::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &wbg]))?;
    }
    let wasm_opt = root.join("node_modules/.bin/wasm-opt");
    let node_modules = root.join("node_modules");
    let npm_tools = [
        "playwright-core",
        "p-limit",
        "yocto-queue",
        "esbuild",
        "axe-core",
        "pyodide",
    ];
    let missing = npm_tools
        .iter()
        .any(|m| !node_modules.join(m).join("package.json").exists());
    if !wasm_opt.exists() || missing {
        run(Cmd::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .dir(root))?;
    }
    // Crates for `trunk --offline`, which passes --offline to cargo.
    run(Cmd::new("cargo").args(["fetch", "--quiet"]).dir(root))?;
    Ok(())
}

/// Debian's chromium and chromedriver, or the ones named by CHROMIUM / CHROMEDRIVER.
pub fn ensure_browser() -> Result<(PathBuf, PathBuf)> {
    let chromium = PathBuf::from(std::env::var("CHROMIUM").unwrap_or("/usr/bin/chromium".into()));
    let driver =
        PathBuf::from(std::env::var("CHROMEDRIVER").unwrap_or("/usr/bin/chromedriver".into()));
    if chromium.exists() && driver.exists() {
        return Ok((chromium, driver));
    }
    let root_user = output("id", &["-u"]).is_some_and(|id| id.trim() == "0");
    if !root_user {
        return Err(format!(
            "the tests need Chromium and ChromeDriver of the same version. Install Debian's \
             `chromium` and `chromium-driver` (sudo apt-get install chromium chromium-driver), \
             or set CHROMIUM and CHROMEDRIVER to their paths (looked for {} and {})",
            chromium.display(),
            driver.display()
        ));
    }
    eprintln!("xtask: installing chromium and chromium-driver from Debian");
    run(Cmd::new("apt-get").args(["update", "-qq"]))?;
    run(Cmd::new("apt-get")
        .args(["install", "-y", "-qq", "chromium", "chromium-driver"])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    if chromium.exists() && driver.exists() {
        Ok((chromium, driver))
    } else {
        Err(
            "apt-get finished but /usr/bin/chromium or /usr/bin/chromedriver is still missing"
                .into(),
        )
    }
}

/// aiohttp and requests for tests/snippets.rs, pinned; aiohttp 3.14 needs Python 3.10+.
const SNIPPET_PACKAGES: [&str; 2] = ["aiohttp==3.14.5", "requests==2.34.2"];

/// A venv under target/ with [`SNIPPET_PACKAGES`], made with the system's
/// python3 (and Debian's python3-venv, as root, if `venv` is missing); its python.
pub fn ensure_snippet_python(root: &Path) -> Result<PathBuf> {
    let venv = root.join("target/snippet-venv");
    let python = venv.join("bin/python");
    let versions = "import aiohttp, requests; print(f'aiohttp=={aiohttp.__version__} requests=={requests.__version__}')";
    let python_str = python.to_string_lossy().into_owned();
    let have = output(&python_str, &["-c", versions]).unwrap_or_default();
    if have.trim() == SNIPPET_PACKAGES.join(" ") {
        return Ok(python);
    }
    let too_old = "import sys; sys.exit(sys.version_info < (3, 10))";
    if output("python3", &["-c", too_old]).is_none() {
        return Err(
            "the snippet tests need python3, version 3.10 or later (aiohttp's minimum)".into(),
        );
    }
    let make = || run(Cmd::new("python3").args(["-m".as_ref(), "venv".as_ref(), venv.as_os_str()]));
    if make().is_err() {
        let root_user = output("id", &["-u"]).is_some_and(|id| id.trim() == "0");
        if !root_user {
            return Err("`python3 -m venv` failed: install Debian's python3-venv".into());
        }
        run(Cmd::new("apt-get").args(["update", "-qq"]))?;
        run(Cmd::new("apt-get")
            .args(["install", "-y", "-qq", "python3-venv"])
            .env("DEBIAN_FRONTEND", "noninteractive"))?;
        make()?;
    }
    run(Cmd::new(&python_str)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(SNIPPET_PACKAGES))?;
    Ok(python)
}
