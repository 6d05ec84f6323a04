// Starts the app from a file rather than Trunk's default inline script, so the
// page's Content-Security-Policy can allow scripts from 'self' only. Trunk's
// `pattern_script` (Trunk.toml) names the hashed bundle files on this tag.
const tag = document.querySelector('script[data-js][data-wasm]');
if (!tag) throw new Error('boot.js: no <script data-js data-wasm> tag; build the page with Trunk');
const { default: init } = await import(tag.dataset.js);
const wasm = await init({ module_or_path: tag.dataset.wasm });
// The wasm memory, for `cargo xtask bench` and user scripts that watch its size.
window.fetchPlayground = Object.freeze({ memory: wasm.memory });
