// The scenario through the official client in Node. Env: SB_URL (http://host:port/eventbus), SB_TOKEN, SB_ROOM,
// SB_DENIED_ROOM, SB_EMIT (address of the test service that emits one event into SB_ROOM).
// Prints one JSON line of results; exit 0 when the scenario completed, 1 otherwise.
const EventBus = require('@vertx/eventbus-bridge-client.js');
const runScenario = require('./scenario.cjs');

runScenario(EventBus, {
  url: process.env.SB_URL, token: process.env.SB_TOKEN, room: process.env.SB_ROOM,
  deniedRoom: process.env.SB_DENIED_ROOM, emitAddress: process.env.SB_EMIT,
}).then(
  (results) => { console.log(JSON.stringify(results)); process.exit(0); },
  (error) => { console.error(error.message); process.exit(1); });
