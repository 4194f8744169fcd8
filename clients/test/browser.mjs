// The scenario through the official client in headless Chromium (Debian chromium, driven by playwright-core).
// Serves a small page with sockjs-client and vertx-eventbus.js on a free loopback port; the page talks to the
// bridge at SB_URL. Env as official-client.cjs, plus SB_SCREENSHOT (a PNG path) and CHROMIUM (default
// /usr/bin/chromium). Prints one JSON line {results, consoleErrors}; exit 0 when the scenario completed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resultOfPage } from './chromium.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const files = {
  '/sockjs.js': path.join(here, 'node_modules/sockjs-client/dist/sockjs.min.js'),
  '/vertx-eventbus.js': path.join(here, 'node_modules/@vertx/eventbus-bridge-client.js/vertx-eventbus.js'),
  '/scenario.js': path.join(here, 'scenario.cjs'),
};
const options = {
  url: process.env.SB_URL, token: process.env.SB_TOKEN, room: process.env.SB_ROOM,
  deniedRoom: process.env.SB_DENIED_ROOM, emitAddress: process.env.SB_EMIT,
};
const page = `<!doctype html><html><head><meta charset="utf-8"><title>Switchboard bridge check</title>
<style>body{font:14px sans-serif;margin:2em}pre{background:#f4f4f4;padding:1em;white-space:pre-wrap}</style>
<script src="/sockjs.js"></script><script src="/vertx-eventbus.js"></script><script src="/scenario.js"></script>
</head><body><h1>Switchboard bridge check</h1><p id="state">connecting…</p><pre id="out"></pre><script>
runScenario(EventBus, ${JSON.stringify(options)}).then(function (r) {
  document.getElementById('state').textContent = 'done';
  document.getElementById('out').textContent = JSON.stringify(r, null, 2);
  window.__result = { results: r };
}, function (e) {
  document.getElementById('state').textContent = 'failed: ' + e.message;
  window.__result = { error: e.message };
});
</script></body></html>`;

let exitCode = 1;
try {
  const outcome = await resultOfPage(files, page, { timeoutMs: 20000, screenshot: process.env.SB_SCREENSHOT });
  console.log(JSON.stringify(outcome));
  exitCode = outcome.results ? 0 : 1;
} catch (e) {
  console.error(e.message);
}
process.exit(exitCode);
