// The client library's reconnect rules without a server: the backoff curve (full jitter, growing cap) and the
// close-code table. No timing: delays are computed, not waited for. Prints one JSON line; the Java test asserts.
const Switchboard = require('../switchboard-client/switchboard-client.js');

const options = { backoffBaseMs: 500, backoffMaxMs: 15000 };
const attempts = [0, 1, 2, 3, 4, 5, 6, 8, 12];
// the cap of each attempt: the delay with random() just below 1
const caps = attempts.map((a) => Switchboard.backoffDelay(a, options, () => 0.999999) + 1);
const floors = attempts.map((a) => Switchboard.backoffDelay(a, options, () => 0));
// 1,000 clients reconnecting at attempt 3 with the real Math.random: how spread out they come back
const samples = Array.from({ length: 1000 }, () => Switchboard.backoffDelay(3, options));
const seconds = new Set(samples.map((d) => Math.floor(d / 1000)));
const policies = {};
for (const code of [1000, 1001, 1006, 1007, 4000, 4400, 4401, 4408, 4429, 4503, 4999]) {
  policies[code] = Switchboard.closePolicy(code);
}

// The client's decisions on each close, with a stand-in EventBus (no socket: the real bridge's closes are in
// ClientLibraryIT): which URL it goes to next, with what delay, and with which getToken reason.
function FakeEventBus(url) { FakeEventBus.made.push(this); this.url = url; this.state = 0; }
FakeEventBus.made = [];
FakeEventBus.prototype.enableReconnect = function () {};
FakeEventBus.prototype.close = function () { this.state = 3; };
FakeEventBus.prototype.registerHandler = function () {};
const tick = () => new Promise((r) => setTimeout(r, 5));

async function decisions(code) {
  FakeEventBus.made = [];
  const reasons = [];
  const client = Switchboard.connect(['http://a/eventbus', 'http://b/eventbus'], {
    getToken: (ask) => { reasons.push(ask.reason); return 'x.e30.y'; }, EventBus: FakeEventBus, random: () => 0.5,
  });
  const states = [];
  client.on('state', (s) => states.push({ state: s.state, url: s.url, delay: s.delay, code: s.code, final: s.final }));
  await tick();
  const first = FakeEventBus.made[0];
  first.state = 1;
  first.onopen();
  first.state = 3;
  first.onclose({ code, reason: 'test' });
  const after = states.find((s) => s.state === 'reconnecting' || s.state === 'closed');
  client.close();
  return { firstUrl: first.url.split('?')[0], after, reasons, opened: FakeEventBus.made.length };
}

(async () => {
  const closes = {};
  for (const code of [1001, 1006, 4400, 4401, 4429]) closes[code] = await decisions(code);
  console.log(JSON.stringify({
    attempts, caps, floors,
    spread: { min: Math.min(...samples), max: Math.max(...samples), distinct: new Set(samples).size, seconds: seconds.size },
    policies, closes,
  }));
})();
