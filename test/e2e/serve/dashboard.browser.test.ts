import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { freePort, startServeCli } from '../../helpers/serve-cli.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

test('dashboard in a real browser: rows within 5 s on --demo, a click opens the detail, a restarted server is reconnected', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (apt-get install chromium)`, timeout: 90_000 }, async () => {
  const port = await freePort();
  let server = await startServeCli(['--demo', '--port', String(port)]);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } }); // a phone's width
    const failed: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url)) failed.push(r.url());
    });
    await page.goto(server.url + '/');
    await page.waitForSelector('#opps tbody tr[data-id]', { timeout: 5000 });
    assert.equal(await page.getAttribute('#conn', 'data-state'), 'live');
    const id = await page.getAttribute('#opps tbody tr[data-id]', 'data-id');
    assert.ok(id);
    await page.click('#opps tbody tr[data-id]');
    await page.waitForSelector('#detail:not([hidden]) table[data-legs] tbody tr', { timeout: 5000 });
    const legs = await page.locator('#detail table[data-legs] tbody tr').count();
    assert.ok(legs >= 2, `legs shown: ${legs}`);
    assert.match(await page.textContent('#detail-body') ?? '', /assumptions/);
    assert.equal(await page.locator('#venues .venue').count() > 0, true);
    // Phone width: the table fits without horizontal page scroll.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `page wider than the phone by ${overflow}px`);

    server.proc.kill('SIGKILL');
    await server.exited;
    await page.waitForSelector('#conn[data-state=reconnecting]', { timeout: 5000 });
    server = await startServeCli(['--demo', '--port', String(port)]);
    await page.waitForSelector('#conn[data-state=live]', { timeout: 10_000 });
    await page.waitForSelector('#opps tbody tr[data-id]', { timeout: 5000 });
    assert.deepEqual(failed, [], 'nothing loaded from outside the server');
  } finally {
    await browser.close();
    server.proc.kill('SIGTERM');
    await server.exited;
  }
});
