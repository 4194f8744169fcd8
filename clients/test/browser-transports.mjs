// The fallback-transport scenario in headless Chromium with WebSocket taken out of the page (Debian chromium, driven
// by playwright-core): the official client and sockjs-client loaded as browser.mjs does, the scenario run once forced
// onto each of xhr-streaming, xhr-polling and eventsource, then once with SockJS choosing ("auto"). Env: SB_URL,
// SB_TOKEN, SB_ECHO as transports.cjs; SB_ROOM_PREFIX (each run uses the room SB_ROOM_PREFIX + its label); CHROMIUM
// (default /usr/bin/chromium). Prints one JSON line {webSocket, runs: {label: results}, consoleErrors}; exit 0 when
// every run completed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resultOfPage } from './chromium.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const files = {
  '/sockjs.js': path.join(here, 'node_modules/sockjs-client/dist/sockjs.min.js'),
  '/vertx-eventbus.js': path.join(here, 'node_modules/@vertx/eventbus-bridge-client.js/vertx-eventbus.js'),
  '/transport-scenario.js': path.join(here, 'transport-scenario.cjs'),
};
const options = { url: process.env.SB_URL, token: process.env.SB_TOKEN, echoAddress: process.env.SB_ECHO };
const runs = [['xhr-streaming', ['xhr-streaming']], ['xhr-polling', ['xhr-polling']], ['eventsource', ['eventsource']],
  ['auto', null]];
const page = `<!doctype html><html><head><meta charset="utf-8"><title>Switchboard fallback transports</title>
<script src="/sockjs.js"></script><script src="/vertx-eventbus.js"></script><script src="/transport-scenario.js"></script>
</head><body><h1>Switchboard fallback transports</h1><pre id="out"></pre><script>
(async function () {
  var base = ${JSON.stringify(options)};
  var runs = {};
  try {
    for (const [label, transports] of ${JSON.stringify(runs)}) {
      runs[label] = await runTransportScenario(EventBus, Object.assign({}, base, {
        room: ${JSON.stringify(process.env.SB_ROOM_PREFIX)} + label, transports: transports, label: label }));
    }
    window.__result = { webSocket: typeof window.WebSocket, runs: runs };
  } catch (e) {
    window.__result = { webSocket: typeof window.WebSocket, runs: runs, error: e.message };
  }
  document.getElementById('out').textContent = JSON.stringify(window.__result, null, 2);
})();
</script></body></html>`;

let exitCode = 1;
try {
  const outcome = await resultOfPage(files, page, {
    // no WebSocket in the page at all, before any of its scripts runs: SockJS must do without it
    initScript: () => { delete window.WebSocket; },
    timeoutMs: 80000,
  });
  console.log(JSON.stringify(outcome));
  exitCode = outcome.error ? 1 : 0;
} catch (e) {
  console.error(e.message);
}
process.exit(exitCode);
