// What the browser tests share: a local page host for the page and the scripts it loads, and headless Debian
// Chromium started the way this machine allows (no downloads, no background networking).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

/** Serves `files` (url → path of a script) and `page` (HTML) for any other url, on a free loopback port. */
export async function servePage(files, page) {
  const server = http.createServer((req, res) => {
    const file = files[req.url];
    if (file) {
      res.writeHead(200, { 'content-type': 'application/javascript' });
      fs.createReadStream(file).pipe(res);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(page);
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Headless Chromium (CHROMIUM, else /usr/bin/chromium). */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/**
 * Serves `page` and `files`, opens it in headless Chromium and waits (up to `timeoutMs`) for the page to set
 * `window.__result`; `initScript` runs before the page's own scripts, `screenshot` is a PNG path. Resolves to
 * `{...result, consoleErrors}`; the browser and the server are closed whatever happens. `onReport(text)`, when given,
 * is called for each `window.__report(text)` of the page (progress a test waits for while the page runs).
 */
export async function resultOfPage(files, page, { initScript, timeoutMs, screenshot, onReport } = {}) {
  const server = await servePage(files, page);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    if (initScript) {
      await context.addInitScript(initScript);
    }
    const tab = await context.newPage();
    if (onReport) {
      await tab.exposeFunction('__report', onReport);
    }
    const consoleErrors = [];
    tab.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    tab.on('pageerror', (e) => consoleErrors.push(e.message));
    await tab.goto(`http://127.0.0.1:${server.address().port}/`);
    await tab.waitForFunction(() => window.__result, null, { timeout: timeoutMs });
    const outcome = await tab.evaluate(() => window.__result);
    if (screenshot) {
      fs.mkdirSync(path.dirname(screenshot), { recursive: true });
      await tab.screenshot({ path: screenshot, fullPage: true });
    }
    return { ...outcome, consoleErrors };
  } finally {
    await browser.close();
    server.close();
  }
}
