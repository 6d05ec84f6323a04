// Starts the app from a file rather than Trunk's default inline script, so the
// page's Content-Security-Policy can allow scripts from 'self' only. Trunk's
// `pattern_script` (Trunk.toml) names the hashed bundle files on this tag.
// Until the app mounts (it replaces the static shell), the shell's status
// line says how much of the WebAssembly has arrived, or why it cannot start.
const boot = document.getElementById('boot');
const size = document.getElementById('boot-size');
const kib = (bytes) => `${Math.round(bytes / 1024).toLocaleString('en')} KiB`;

function say(state, text) {
  if (!boot) return;
  boot.dataset.state = state;
  boot.textContent = text;
}

/** The response, its body counted as it streams, for the status line. */
function counted(response, total) {
  if (!response.body || !boot) return response;
  let seen = 0;
  const count = new TransformStream({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      const of = total > 0 ? ` of ${kib(total)}` : '';
      say('loading', `Loading the playground's WebAssembly: ${kib(seen)}${of}…`);
      controller.enqueue(chunk);
    },
  });
  return new Response(response.body.pipeThrough(count), {
    status: response.status,
    headers: response.headers,
  });
}

try {
  const tag = document.querySelector('script[data-js][data-wasm]');
  if (!tag) throw new Error('no <script data-js data-wasm> tag; build the page with Trunk');
  if (typeof WebAssembly !== 'object') throw new Error('this browser has no WebAssembly');
  const { default: init } = await import(tag.dataset.js);
  const response = await fetch(tag.dataset.wasm);
  if (!response.ok) throw new Error(`${tag.dataset.wasm} answered HTTP ${response.status}`);
  const wasm = await init({ module_or_path: counted(response, Number(size?.dataset.bytes) || 0) });
  // The wasm memory, for `cargo xtask bench` and user scripts that watch its size.
  window.fetchPlayground = Object.freeze({ memory: wasm.memory });
} catch (error) {
  say(
    'failed',
    `The playground could not start: ${error?.message ?? error}. It needs WebAssembly and JavaScript modules `
      + '(any current Chrome, Edge, Firefox or Safari), and its files from this site: an extension or a '
      + 'network filter may have blocked them. The lessons below are the experiments it would run.',
  );
}
