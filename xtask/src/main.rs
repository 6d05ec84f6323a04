//! `cargo xtask serve | test | bench`: the project's two README commands and its benchmark
//! (`test-server` serves the wasm tests' endpoints for running them by hand;
//! `snippets` runs only the test step for the code panel's aiohttp and public/lang code;
//! `latency-server` runs the real HTTP/1.1 and HTTP/2 servers that `serve` also starts).
mod bench;
mod latency;
mod server;
mod tools;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

pub type Result<T> = std::result::Result<T, String>;

/// A command that is echoed before it runs.
pub struct Cmd(Command);

impl Cmd {
    pub fn new(program: &str) -> Self {
        Cmd(Command::new(program))
    }
    pub fn args<I: IntoIterator<Item = S>, S: AsRef<std::ffi::OsStr>>(mut self, args: I) -> Self {
        self.0.args(args);
        self
    }
    pub fn env(mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> Self {
        self.0.env(key, value);
        self
    }
    pub fn dir(mut self, dir: &Path) -> Self {
        self.0.current_dir(dir);
        self
    }
}

pub fn run(cmd: Cmd) -> Result<()> {
    let mut command = cmd.0;
    let shown = format!("{command:?}").replace('"', "");
    eprintln!("xtask: $ {shown}");
    let status = command
        .status()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

fn root() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().unwrap_or(xtask).to_path_buf()
}

/// PATH with the npm tools (wasm-opt) and cargo's bin first, for Trunk.
fn tool_path(root: &Path) -> OsString {
    let mut dirs = vec![root.join("node_modules/.bin")];
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    dirs.extend(cargo_home.map(|c| c.join("bin")));
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).unwrap_or_default()
}

/// Reads `--max-streams S` out of `args`, returning it and the other arguments.
fn max_streams(args: &[String]) -> Result<(Option<u32>, Vec<String>)> {
    let mut streams = None;
    let mut rest = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--max-streams" {
            let value = args.next().ok_or("--max-streams wants a number")?;
            let n: u32 = value
                .parse()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("--max-streams wants a number above 0, not {value}"))?;
            streams = Some(n);
        } else {
            rest.push(arg.clone());
        }
    }
    Ok((streams, rest))
}

/// `cargo xtask serve [--max-streams S] [trunk args]`.
fn serve(root: &Path, args: &[String]) -> Result<()> {
    let (streams, extra) = max_streams(args)?;
    tools::ensure_build_tools(root)?;
    let listeners = latency::start_or_share(streams)?;
    eprintln!("{}", latency::banner(&listeners));
    run(Cmd::new("trunk")
        .args(["serve", "--offline"])
        .args(extra)
        .env("PATH", tool_path(root))
        .dir(root))
}

/// Where the e2e suite serves its second build, as on a GitHub project page.
const SUBPATH: &str = "/fetch-playground/";
const SUBPATH_DIST: &str = "dist-subpath";

pub fn release_build(root: &Path) -> Result<()> {
    run(Cmd::new("trunk")
        .args(["build", "--release", "--offline"])
        .env("PATH", tool_path(root))
        .dir(root))
}

/// The same release build for a site served under `SUBPATH`, into `SUBPATH_DIST`:
/// the command the README and .github/workflows/pages.yml give for a project page.
/// Cargo's output is shared with the first build, so only bindgen and wasm-opt rerun.
fn subpath_build(root: &Path) -> Result<()> {
    run(Cmd::new("trunk")
        .args(["build", "--release", "--offline", "--public-url", SUBPATH])
        .args(["--dist", SUBPATH_DIST])
        .env("PATH", tool_path(root))
        .dir(root))
}

/// Runs one named step of `test`, timing it, and returns what it returned.
fn step<T>(name: &str, steps: &mut Vec<(String, f64)>, f: impl FnOnce() -> Result<T>) -> Result<T> {
    eprintln!("\nxtask: ==== {name} ====");
    let t = Instant::now();
    let result = f();
    steps.push((name.to_string(), t.elapsed().as_secs_f64()));
    result.map_err(|e| format!("{name}: {e}"))
}

/// Starts the server tests/web.rs expects, at its fixed port, after checking that
/// the port it expects closed is closed.
fn start_wasm_test_server(root: &Path) -> Result<()> {
    server::ensure_closed(server::CLOSED_PORT)?;
    server::start(root.join("dist"), "/", server::WASM_TEST_PORT).map(|_| ())
}

fn test(root: &Path) -> Result<()> {
    let mut steps = Vec::new();
    let (chromium, chromedriver, python) = step("tools", &mut steps, || {
        tools::ensure_build_tools(root)?;
        let python = tools::ensure_snippet_python(root)?;
        let (chromium, chromedriver) = tools::ensure_browser()?;
        Ok((chromium, chromedriver, python))
    })?;
    step("format and lint", &mut steps, || {
        run(Cmd::new("cargo")
            .args(["fmt", "--all", "--check"])
            .dir(root))?;
        run(Cmd::new("cargo")
            .args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ])
            .dir(root))
    })?;
    step("native tests (cargo test)", &mut steps, || {
        run(Cmd::new("cargo").args(["test", "--workspace"]).dir(root))
    })?;
    step(
        "snippets (the code panel's aiohttp and the language worker's Python and JavaScript, run with failures)",
        &mut steps,
        || snippets(root, &python),
    )?;
    step(
        "browser tests (wasm-bindgen-test in headless Chromium)",
        &mut steps,
        || {
            start_wasm_test_server(root)?;
            run(Cmd::new("cargo")
                .args([
                    "test",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--test",
                    "web",
                ])
                .env("CHROMEDRIVER", &chromedriver)
                .env("PATH", tool_path(root))
                .dir(root))
        },
    )?;
    step(
        "release builds (trunk: at / and under a sub-path)",
        &mut steps,
        || {
            release_build(root)?;
            subpath_build(root)
        },
    )?;
    step(
        "end-to-end tests (Playwright, headless Chromium)",
        &mut steps,
        || run_e2e(root, &chromium, &[]),
    )?;
    eprintln!("\nxtask: all test levels passed");
    for (name, secs) in steps {
        eprintln!("xtask:   {secs:7.1} s  {name}");
    }
    Ok(())
}

/// tests/snippets.rs: the code panel's aiohttp snippets (in `python`, which
/// has aiohttp) and the language worker's strategy files (public/lang, in
/// `python` and node), against a latency server of their own, on free ports.
fn snippets(root: &Path, python: &Path) -> Result<()> {
    let options = latency::Options {
        port: 0,
        max_streams: None,
    };
    let listeners =
        latency::start(options).map_err(|e| format!("latency server: can't listen: {e}"))?;
    run(Cmd::new("cargo")
        .args([
            "test",
            "--test",
            "snippets",
            "--",
            "--ignored",
            "--nocapture",
        ])
        .env("LATENCY_URL", listeners.plain.url())
        .env("SNIPPET_PYTHON", python)
        .dir(root))
}

/// The variables naming each listener: printed by `latency-server`, set for the e2e suite.
fn latency_urls(l: &latency::Listeners) -> [(&'static str, String); 4] {
    [
        ("LATENCY_URL", l.plain.url()),
        ("LATENCY_TLS_URL", l.tls_h1.url()),
        ("LATENCY_H2_URL", l.h2.url()),
        ("LATENCY_H2_CAPPED_URL", l.h2_capped.url()),
    ]
}

/// `cargo xtask latency-server [--port P] [--max-streams S]`: the latency server
/// alone until Ctrl-C. Its first stdout lines are `LATENCY_URL=…` and the other
/// listeners' (e2e tests that kill a server mid-run, or want another stream
/// limit, start their own with `--port 0` and read the ports from there).
fn latency_server(args: &[String]) -> Result<()> {
    let usage = "usage: cargo xtask latency-server [--port P] [--max-streams S]";
    let (max_streams, rest) = max_streams(args)?;
    let port = match rest.as_slice() {
        [] => latency::PORT,
        [flag, port] if flag == "--port" => port
            .parse()
            .map_err(|_| format!("--port wants a number, not {port}"))?,
        _ => return Err(usage.into()),
    };
    let options = latency::Options { port, max_streams };
    let listeners = latency::start(options)
        .map_err(|e| format!("latency server: can't listen from 127.0.0.1:{port}: {e}"))?;
    let lines: Vec<String> = latency_urls(&listeners)
        .iter()
        .map(|(name, url)| format!("{name}={url}"))
        .collect();
    println!("{}", lines.join("\n"));
    eprintln!("{}", latency::banner(&listeners));
    loop {
        std::thread::park();
    }
}

/// The environment every e2e run gets: the latency server's URLs (at its fixed
/// ports, where the page looks for it; shared with a running `serve`), and this
/// program, for tests that start (and kill) a latency server of their own.
fn latency_env(cmd: Cmd) -> Result<Cmd> {
    let listeners = latency::start_or_share(None)?;
    let me = std::env::current_exe().map_err(|e| format!("where is xtask? {e}"))?;
    let cmd = latency_urls(&listeners)
        .into_iter()
        .fold(cmd, |cmd, (name, url)| cmd.env(name, url));
    Ok(cmd.env("XTASK_BIN", me))
}

/// Serves what tests/web.rs fetches until Ctrl-C, for running those tests by hand.
fn test_server(root: &Path) -> Result<()> {
    start_wasm_test_server(root)?;
    eprintln!(
        "xtask: test server on http://127.0.0.1:{}; in another shell: \
         CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web",
        server::WASM_TEST_PORT
    );
    loop {
        std::thread::park();
    }
}

/// `cargo xtask e2e [files…]`: one release build, then only the named e2e test
/// files (all of them by default), for working on a few tests at a time.
fn e2e(root: &Path, files: &[String]) -> Result<()> {
    tools::ensure_build_tools(root)?;
    let (chromium, _) = tools::ensure_browser()?;
    release_build(root)?;
    // The sub-path test needs the second build; a few other files don't.
    if files.is_empty() || files.iter().any(|f| f.contains("subpath")) {
        subpath_build(root)?;
    }
    run_e2e(root, &chromium, files)
}

/// Serves both builds and runs the e2e `files` (all of them when empty) in node.
fn run_e2e(root: &Path, chromium: &Path, files: &[String]) -> Result<()> {
    let port = server::start(root.join("dist"), "/", 0)?;
    let sub_port = server::start(root.join(SUBPATH_DIST), SUBPATH, 0)?;
    let all = ["tests/e2e/".to_string()];
    run(latency_env(Cmd::new("node"))?
        .args(["--test", "--test-concurrency=1"])
        .args(if files.is_empty() { &all[..] } else { files })
        .env("BASE_URL", format!("http://127.0.0.1:{port}"))
        .env(
            "SUBPATH_URL",
            format!("http://127.0.0.1:{sub_port}{SUBPATH}"),
        )
        .env("CHROMIUM", chromium)
        .dir(root))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = root();
    let (command, rest) = args
        .split_first()
        .map(|(c, r)| (c.as_str(), r))
        .unwrap_or(("", &[]));
    let result = match command {
        "serve" => serve(&root, rest),
        "test" => test(&root),
        "bench" => bench::bench(&root, rest),
        "test-server" => test_server(&root),
        "e2e" => e2e(&root, rest),
        "latency-server" => latency_server(rest),
        "snippets" => tools::ensure_snippet_python(&root).and_then(|py| snippets(&root, &py)),
        "setup" => tools::ensure_build_tools(&root)
            .and_then(|()| tools::ensure_snippet_python(&root))
            .and_then(|_| tools::ensure_browser().map(|_| ())),
        _ => Err(
            "usage: cargo xtask serve [--max-streams S] [trunk args] | test | test-server | e2e [files] | snippets | latency-server [--port P] [--max-streams S] | bench [--n N] | setup"
                .into(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}
