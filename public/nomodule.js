// Runs only in a browser without JavaScript modules, which cannot run the app.
var boot = document.getElementById('boot');
if (boot) {
  boot.setAttribute('data-state', 'failed');
  boot.textContent = 'This browser is too old for the playground: it needs JavaScript modules and WebAssembly (any current Chrome, Edge, Firefox or Safari). The lessons below are the experiments it would run.';
}
