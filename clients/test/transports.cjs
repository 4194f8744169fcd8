// The fallback-transport scenario through the official client in Node, on one SockJS transport. Env: SB_URL
// (http://host:port/eventbus), SB_TOKEN, SB_ROOM, SB_ECHO (an application address whose consumer replies),
// SB_TRANSPORT (xhr-streaming, xhr-polling or eventsource). Prints one JSON line of results; exit 0 when the
// scenario completed, 1 otherwise.
const EventBus = require('@vertx/eventbus-bridge-client.js');
const runTransportScenario = require('./transport-scenario.cjs');

const transport = process.env.SB_TRANSPORT;
runTransportScenario(EventBus, {
  url: process.env.SB_URL, token: process.env.SB_TOKEN, room: process.env.SB_ROOM,
  echoAddress: process.env.SB_ECHO, transports: [transport], label: transport,
}).then(
  (results) => { console.log(JSON.stringify(results)); process.exit(0); },
  (error) => { console.error(error.message); process.exit(1); });
