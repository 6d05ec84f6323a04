// Trunk's post_build hook (Trunk.toml), run on every build in the staging
// folder before it becomes dist/:
// - in release builds, minifies wasm-bindgen's JS glue with esbuild (Trunk
//   0.21's own JS minifier breaks that output);
// - writes the wasm's size into the static shell's loading line, so a visitor
//   reads how big the download is before it has arrived;
// - copies the Python runtime (npm `pyodide`) into pyodide/, for the language
//   worker (public/lang/worker.mjs), which fetches it only when a Python run
//   is first asked for: the site serves it itself, no CDN.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('post-build.mjs runs as a Trunk hook: TRUNK_STAGING_DIR is not set');
const files = readdirSync(dir);
const wasm = files.find((f) => f.endsWith('_bg.wasm'));
const glue = files.find((f) => /^fetch-playground-[0-9a-f]+\.js$/.test(f));
if (!wasm || !glue) throw new Error(`post-build.mjs: no wasm or JS glue in ${dir}: ${files.join(', ')}`);

const require = createRequire(join(process.cwd(), 'package.json'));
if (process.env.TRUNK_PROFILE === 'release') {
  const esbuild = require('esbuild');
  const path = join(dir, glue);
  const { code } = esbuild.transformSync(readFileSync(path, 'utf8'), { minify: true, format: 'esm', target: 'es2022' });
  writeFileSync(path, code);
}

const bytes = readFileSync(join(dir, wasm));
const kib = (n) => `${Math.round(n / 1024).toLocaleString('en')} KiB`;
const html = join(dir, 'index.html');
const page = readFileSync(html, 'utf8');
const stamped = page.replace(
  /<span id="boot-size"[^>]*>[^<]*<\/span>/,
  `<span id="boot-size" data-testid="boot-size" data-bytes="${bytes.length}">${kib(gzipSync(bytes, { level: 9 }).length)} compressed, ${kib(bytes.length)} unpacked</span>`,
);
if (stamped === page) throw new Error('post-build.mjs: index.html has no <span id="boot-size">');
writeFileSync(html, stamped);

// What loadPyodide requests for asyncio and pyodide.http (both in the standard
// library zip), and nothing else: no packages, no source maps.
const PYODIDE_FILES = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'];
let from;
try {
  from = dirname(require.resolve('pyodide/package.json'));
} catch {
  throw new Error('post-build.mjs: the npm package pyodide is missing from node_modules: run `cargo xtask setup`');
}
const to = join(dir, 'pyodide');
mkdirSync(to, { recursive: true });
const sizes = {};
for (const file of PYODIDE_FILES) {
  copyFileSync(join(from, file), join(to, file));
  sizes[file] = statSync(join(to, file)).size;
}
// The worker reads the true sizes here to show "loading, n of m bytes".
const { version } = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8'));
writeFileSync(join(to, 'files.json'), JSON.stringify({ version, files: sizes }));
