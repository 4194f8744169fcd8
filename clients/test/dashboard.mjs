// The dashboard (served by the node at /) in headless Chromium (Debian chromium, driven by playwright-core), as a
// person would use it: sign in through a one-time ?signin= link and through ?token=, see the cluster, start a python3 process that prints and raises, see
// its output and the classified error, start a sleep and stop it, follow a room across a dropped socket (recovered)
// and across a lost epoch (reloaded), and compare the cluster card with GET /api/status.
// Env: SB_BASE (http://127.0.0.1:<http port>), SB_TOKEN (a token with permissions ["admin"]), SB_SCREENSHOT (a PNG
// path; a second one, -recovered.png, is saved beside it), CHROMIUM (default /usr/bin/chromium).
// Prints one JSON line {results, consoleErrors, steps}; exit 0 when every step completed (the Java test asserts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const base = process.env.SB_BASE;
const token = process.env.SB_TOKEN;
const shot = process.env.SB_SCREENSHOT;
const results = {};
const steps = [];
const consoleErrors = [];
const pageLog = [];
const started = Date.now();
const WAIT = { timeout: 20000 };

function step(name) {
  steps.push({ name, ms: Date.now() - started });
}

async function api(method, route, body) {
  const response = await fetch(base + route, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-dashboard-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  viewport: { width: 1280, height: 900 },
});
let exitCode = 1;
try {
  const page = context.pages()[0] || await context.newPage();
  // the one expected refusal: a used sign-in link's 401 from /api/signin (the browser logs every failed fetch)
  const expectedRefusal = (m) => m.text().includes('401') && (m.location().url || '').endsWith('/api/signin');
  page.on('console', (m) => { if (m.type() === 'error' && !expectedRefusal(m)) consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  page.on('console', (m) => pageLog.push(m.type() + ' ' + m.text()));

  // Signed out: the sign-in card; a pasted token signs in; Sign out forgets it.
  await page.goto(`${base}/`);
  await page.waitForSelector('#signin', WAIT);
  await page.fill('#token-input', token);
  await page.click('#signin-form button');
  await page.waitForSelector('#conn[data-state="connected"]', WAIT);
  await page.click('#signout');
  await page.waitForSelector('#signin', WAIT);
  results.signOut = { tokenKept: await page.evaluate(() => sessionStorage.getItem('switchboard.token')) };
  step('pasted a token, signed out');

  // The one-time sign-in link a lone node prints: traded for a token once; the same link again is refused.
  await page.goto(`${base}/?signin=${encodeURIComponent(process.env.SB_SIGNIN)}`);
  await page.waitForSelector('#conn[data-state="connected"]', WAIT);
  results.signInLink = {
    codeInUrl: page.url().includes('signin'),
    tokenKept: (await page.evaluate(() => sessionStorage.getItem('switchboard.token'))) !== null,
  };
  await page.click('#signout');
  await page.waitForSelector('#signin', WAIT);
  await page.goto(`${base}/?signin=${encodeURIComponent(process.env.SB_SIGNIN)}`);
  await page.waitForSelector('#signin', WAIT);
  results.signInLink.second = await page.textContent('#signin-error');
  step('signed in through a one-time link, refused the second time');

  // Sign in with a token in the address (a token a user brings); it leaves the address bar and stays in this tab.
  await page.goto(`${base}/?token=${encodeURIComponent(token)}`);
  await page.waitForSelector('#conn[data-state="connected"]', WAIT);
  await page.waitForSelector('#members tr[data-name]', WAIT);
  results.signIn = {
    url: page.url(),
    tokenInUrl: page.url().includes('token'),
    tokenKept: await page.evaluate(() => sessionStorage.getItem('switchboard.token')) === token,
    title: await page.title(),
  };
  step('signed in');

  // A python3 process that prints and raises: its output (stderr marked) and the classified error.
  await page.fill('#start-command', 'python3');
  await page.fill('#start-args', "-c\nprint('hello'); raise ValueError('boom')");
  await page.click('#start-btn');
  // the cluster card's process count agrees with the table below it from the first row on
  const firstRow = await page.waitForFunction(() => {
    const rows = document.querySelectorAll('#processes tr[data-id]').length;
    return rows > 0 && { rows, card: document.getElementById('stat-processes').textContent };
  }, null, WAIT);
  results.cardAtFirstProcess = await firstRow.jsonValue();
  await page.waitForSelector('#output .line[data-stream="stdout"]', WAIT);
  await page.waitForSelector('#output .line[data-stream="stderr"] >> text=ValueError: boom', WAIT);
  const pythonId = await page.evaluate(() => window.switchboardDashboard.processes.selected);
  await page.waitForSelector(`#processes tr[data-id="${pythonId}"][data-state="exited"]`, WAIT);
  results.python = await page.evaluate(() => Array.from(document.querySelectorAll('#output .line'))
    .map((l) => ({ stream: l.dataset.stream, text: l.textContent })));
  const error = await page.waitForSelector('#errors li[data-category="runtime"][data-language="python"]', WAIT);
  results.error = await error.evaluate((li) => ({
    category: li.dataset.category, language: li.dataset.language, processId: li.dataset.processId,
    message: li.querySelector('.msg').textContent, where: li.querySelector('.where') && li.querySelector('.where').textContent,
  }));
  results.pythonId = pythonId;
  step('python3 printed and raised');

  // sleep 60, then Stop from its row.
  await page.fill('#start-command', 'sleep');
  await page.fill('#start-args', '60');
  await page.click('#start-btn');
  await page.waitForFunction((python) => {
    const selected = window.switchboardDashboard.processes.selected;
    return selected && selected !== python;
  }, pythonId, WAIT);
  const sleepId = await page.evaluate(() => window.switchboardDashboard.processes.selected);
  await page.waitForSelector(`#processes tr[data-id="${sleepId}"][data-state="running"]`, WAIT);
  await page.click(`#processes tr[data-id="${sleepId}"] button[data-action="stop"]`);
  await page.waitForSelector(`#processes tr[data-id="${sleepId}"][data-state="stopped"]`, WAIT);
  results.sleep = { id: sleepId, record: await api('GET', `/api/processes/${sleepId}`) };
  await page.waitForSelector(`#lifecycle li >> text=${sleepId}`, { ...WAIT, state: "attached" }); // a closed <details>
  step('sleep started and stopped');

  // A room: its history replayed, then live; a dropped socket resumes from the last offset without loss or repeat.
  await api('POST', '/api/rooms/global/events', { type: 'note.added', data: { n: 1 } });
  await page.fill('#room-input', 'global');
  await page.click('#room-form button');
  await page.waitForSelector('#room-events li[data-offset="1"]', WAIT);
  await api('POST', '/api/rooms/global/events', { type: 'note.added', data: { n: 2 } });
  await page.waitForSelector('#room-events li[data-offset="2"]', WAIT);
  await page.evaluate(() => window.switchboardDashboard.client.eb.sockJSConn.close());
  await page.waitForSelector('#conn[data-state="reconnecting"]', WAIT);
  await api('POST', '/api/rooms/global/events', { type: 'note.added', data: { n: 3 } });
  await api('POST', '/api/rooms/global/events', { type: 'note.added', data: { n: 4 } });
  await page.waitForSelector('#conn[data-state="connected"]', WAIT);
  await page.waitForSelector('#room-events li[data-offset="4"]', WAIT);
  results.resumed = {
    offsets: await page.evaluate(() => Array.from(document.querySelectorAll('#room-events li[data-offset]')).map((li) => Number(li.dataset.offset))),
    opens: await page.evaluate(() => window.switchboardDashboard.client.opens),
  };
  step('room resumed after a dropped socket');

  // The screenshot: the python3 run selected, its output and error on screen.
  await page.click(`#processes tr[data-id="${pythonId}"] button[data-action="output"]`);
  await page.waitForSelector('#output .line[data-stream="stderr"] >> text=ValueError: boom', WAIT);
  await page.waitForFunction(() => !document.querySelector('#status-age').textContent.includes('unavailable'), null, WAIT);
  await page.evaluate(() => window.scrollTo(0, 0));
  if (shot) {
    fs.mkdirSync(path.dirname(shot), { recursive: true });
    await page.screenshot({ path: shot, fullPage: true });
  }

  // An epoch the room no longer has: the view says so plainly and reloads from history.
  await page.evaluate(() => {
    window.switchboardDashboard.watched.feed.subscription.epoch = 'an-epoch-that-is-gone';
    window.switchboardDashboard.client.eb.sockJSConn.close();
  });
  await page.waitForSelector('#notices .notice >> text=missed events could not be recovered — reloaded', WAIT);
  await page.waitForSelector('#room-events li[data-offset="4"]', WAIT);
  results.reloaded = {
    notice: await page.textContent('#notices .notice'),
    feedNotice: await page.textContent('#room-events .notice-item'),
    offsets: await page.evaluate(() => Array.from(document.querySelectorAll('#room-events li[data-offset]')).map((li) => Number(li.dataset.offset))),
  };
  await page.evaluate(() => window.scrollTo(0, 0));
  if (shot) await page.screenshot({ path: shot.replace(/\.png$/, '-recovered.png'), fullPage: true });
  step('room reloaded after a lost epoch');

  // The bridge's own word for it (docs/architecture.md): a rec frame {type: "sb.recovery", data: {recovered: false}} on the
  // room's address, handed to the page through the official client's frame dispatch as if the bridge had sent it.
  await page.evaluate(() => {
    document.querySelectorAll('#notices .notice').forEach((n) => n.remove());
    window.switchboardDashboard.client.eb.sockJSConn.onmessage({ data: JSON.stringify({ type: 'rec', address: 'room.global',
      body: { type: 'sb.recovery', room: 'global', data: { recovered: false, offset: 4, epoch: 'whatever' } } }) });
  });
  await page.waitForSelector('#notices .notice >> text=missed events could not be recovered — reloaded', WAIT);
  await page.waitForSelector('#room-events li[data-offset="4"]', WAIT);
  results.recoveryFrame = {
    offsets: await page.evaluate(() => Array.from(document.querySelectorAll('#room-events li[data-offset]')).map((li) => Number(li.dataset.offset))),
    feedNotice: await page.textContent('#room-events .notice-item'),
  };
  step('room reloaded after an sb.recovery frame');

  // The cluster card agrees with GET /api/status (the page refreshes it every 3 s).
  let status;
  let shown;
  const deadline = Date.now() + 15000;
  do {
    status = await api('GET', '/api/status');
    await page.waitForTimeout(500);
    shown = await page.evaluate(() => ({
      node: document.getElementById('hdr-node').textContent,
      members: Array.from(document.querySelectorAll('#members tr[data-name]')).map((tr) => ({
        name: tr.dataset.name, roles: Array.from(tr.querySelectorAll('[data-role]')).map((r) => r.dataset.role),
      })),
      sockets: Number(document.getElementById('stat-sockets').textContent),
      rooms: Number(document.getElementById('stat-rooms').textContent),
      processes: Number(document.getElementById('stat-processes').textContent),
      processRows: document.querySelectorAll('#processes tr[data-id]').length,
    }));
  } while (Date.now() < deadline && (shown.sockets !== status.sockets || shown.rooms !== status.rooms));
  results.status = { api: status, shown };
  step('cluster card agrees with /api/status and with the list below it');

  // The live charts: one per measure, each drawn from at least two samples.
  await page.waitForFunction(() => Array.from(document.querySelectorAll('#charts .chart'))
    .filter((c) => Number(c.dataset.samples) >= 2).length >= 4
    // the two resets provoked above (a foreign epoch's next live event may add one): the chart shows what the page
    // counted, sampled every 3 s
    && JSON.parse(document.querySelector('#charts .chart[data-name="recoveries"]').dataset.last)[0] >= 2
    && JSON.parse(document.querySelector('#charts .chart[data-name="recoveries"]').dataset.last)[0]
      === window.switchboardDashboard.charts.recoveries, null, WAIT);
  results.charts = await page.evaluate(() => Array.from(document.querySelectorAll('#charts .chart')).map((c) => ({
    name: c.dataset.name, samples: Number(c.dataset.samples), last: c.dataset.last,
    lines: c.querySelectorAll('svg polyline').length, points: Math.max(0, ...Array.from(c.querySelectorAll('svg polyline'))
      .map((p) => p.getAttribute('points').trim().split(/\s+/).length)),
  })));
  step('charts drawn');

  results.connection = await page.textContent('#conn');
  console.log(JSON.stringify({ results, consoleErrors, steps }));
  exitCode = 0;
} catch (e) {
  console.error(e.message);
  const page = context.pages()[0];
  // what the page showed when the step failed: its state, notices and the watched room
  results.failedPage = page && await page.evaluate(() => ({
    conn: document.getElementById('conn').textContent, notices: document.getElementById('notices').textContent,
    room: document.getElementById('room-events').textContent.slice(0, 1000),
    client: window.switchboardDashboard.client && { state: window.switchboardDashboard.client.state, opens: window.switchboardDashboard.client.opens,
      subscriptions: Array.from(window.switchboardDashboard.client.subscriptions.values()).map((s) => [s.room, s.offset, s.epoch, s.live, s.liveBy]) },
  })).catch((err) => err.message);
  console.log(JSON.stringify({ error: e.message, results, consoleErrors, steps, pageLog }));
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(exitCode);
