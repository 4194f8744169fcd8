// One scenario of client-scenarios.cjs with the Switchboard client library in headless Chromium: a page that loads
// sockjs, the official vertx-eventbus.js and switchboard-client.js with plain <script> tags, as the dashboard does.
// Usage: node client-browser.mjs <scenario>; env SB_OPTIONS (JSON), SB_SCREENSHOT (optional PNG path), CHROMIUM.
// Progress lines the page reports are printed as they come; the last line is {result, consoleErrors}.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resultOfPage } from './chromium.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const name = process.argv[2];
const options = JSON.parse(process.env.SB_OPTIONS || '{}');
const files = {
  '/sockjs.js': path.join(here, 'node_modules/sockjs-client/dist/sockjs.min.js'),
  '/vertx-eventbus.js': path.join(here, 'node_modules/@vertx/eventbus-bridge-client.js/vertx-eventbus.js'),
  '/switchboard-client.js': path.join(here, '../switchboard-client/switchboard-client.js'),
  '/client-scenarios.js': path.join(here, 'client-scenarios.cjs'),
};
const page = `<!doctype html><html><head><meta charset="utf-8"><title>Switchboard client: ${name}</title>
<script src="/sockjs.js"></script><script src="/vertx-eventbus.js"></script><script src="/switchboard-client.js"></script>
<script src="/client-scenarios.js"></script></head><body><h1>${name}</h1><p id="state">running…</p><script>
ClientScenarios[${JSON.stringify(name)}](Switchboard, ${JSON.stringify(options)}, function (line) { window.__report(JSON.stringify(line)); })
  .then(function (r) { document.getElementById('state').textContent = 'done'; window.__result = { result: r }; },
        function (e) { document.getElementById('state').textContent = 'failed: ' + e.message; window.__result = { error: e.message }; });
</script></body></html>`;

let exitCode = 1;
try {
  const outcome = await resultOfPage(files, page, {
    timeoutMs: options.timeoutMs || 80000, screenshot: process.env.SB_SCREENSHOT,
    onReport: (line) => console.log(JSON.stringify({ progress: JSON.parse(line) })),
  });
  console.log(JSON.stringify(outcome));
  exitCode = outcome.result ? 0 : 1;
} catch (e) {
  console.error(e.message);
}
process.exit(exitCode);
