// Runs one scenario of client-scenarios.cjs with the Switchboard client library in Node.
// Usage: node client-lib.cjs <scenario>; env SB_OPTIONS (JSON: urls, token, room, …, see the scenario).
// The library requires @vertx/eventbus-bridge-client.js by name: run with NODE_PATH=clients/test/node_modules
// (JsClients does). Prints progress lines and, last, one JSON line with the result; exit 0 when it completed.
const Switchboard = require('../switchboard-client/switchboard-client.js');
const scenarios = require('./client-scenarios.cjs');

const name = process.argv[2];
const options = JSON.parse(process.env.SB_OPTIONS || '{}');
const timer = setTimeout(() => { console.error(name + ': timed out'); process.exit(1); }, options.timeoutMs || 80000);
const report = (line) => console.log(JSON.stringify({ progress: line }));
scenarios[name](Switchboard, options, report).then((result) => {
  clearTimeout(timer);
  console.log(JSON.stringify(result));
  process.exit(0);
}, (e) => {
  console.error(name + ': ' + (e && e.stack || e));
  process.exit(1);
});
