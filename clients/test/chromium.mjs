// What the browser tests share: a local page host for the page and the scripts it loads, and headless Debian
// Chromium started the way this machine allows (no downloads, no background networking).
import http from 'node:http';
import fs from 'node:fs';
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
