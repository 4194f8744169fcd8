// Reconnect and recover with the official client in Node: a subscriber sees events, disconnects, misses some,
// reconnects registering with {since, epoch} headers and gets the missed events, then live ones, in order.
// Env: SB_URL, SB_TOKEN (may publish into SB_ROOM and register on it), SB_ROOM.
// Prints one JSON line {before, after, epoch}; exit 0 when done, 1 otherwise.
const EventBus = require('@vertx/eventbus-bridge-client.js');

const address = 'room.' + process.env.SB_ROOM;
const url = process.env.SB_URL + '?token=' + encodeURIComponent(process.env.SB_TOKEN);

function open() {
  return new Promise((resolve) => {
    const eb = new EventBus(url);
    eb.enableReconnect(false);
    eb.onopen = () => resolve(eb);
  });
}

function publish(eb, n) {
  return new Promise((resolve, reject) => eb.send(address, { type: 'counter', data: { n } }, (err, reply) =>
    (err ? reject(new Error(JSON.stringify(err))) : resolve(reply.body))));
}

function collect(eb, headers, count, onRegistered) {
  return new Promise((resolve, reject) => {
    const seen = [];
    eb.registerHandler(address, headers, (err, message) => {
      if (err) { reject(new Error(JSON.stringify(err))); return; }
      seen.push(message.body);
      if (seen.length === count) resolve(seen);
    });
    onRegistered();
  });
}

async function main() {
  const publisher = await open();
  const first = await open();
  const before = await collect(first, {}, 3, async () => {
    await new Promise((r) => setTimeout(r, 200));  // the register reaches the node before we publish
    for (let n = 1; n <= 3; n++) await publish(publisher, n);
  });
  const last = before[before.length - 1];
  first.close();
  await publish(publisher, 4);   // missed while disconnected
  await publish(publisher, 5);
  const second = await open();
  const after = await collect(second, { since: last.offset, epoch: last.epoch }, 3, async () => {
    await new Promise((r) => setTimeout(r, 300));
    await publish(publisher, 6);  // live after the recovery
  });
  second.close();
  publisher.close();
  console.log(JSON.stringify({
    before: before.map((e) => [e.offset, e.data.n]), after: after.map((e) => [e.offset, e.data.n]), epoch: last.epoch,
  }));
}

const timer = setTimeout(() => { console.error('timed out'); process.exit(1); }, 20000);
main().then(() => { clearTimeout(timer); process.exit(0); }, (e) => { console.error(e.message); process.exit(1); });
