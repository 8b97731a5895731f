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
    // Rows are kept across frames and updated in place: a row rebuilt between a press and its
    // release swallows the click (the old dashboard rebuilt the table on every tick).
    const kept = await page.evaluate(async () => {
      const before = new Map([...document.querySelectorAll<HTMLElement>('#opps tbody tr[data-id]')].map((tr) => [tr.dataset.id!, tr]));
      let changes = 0;
      const watch = new MutationObserver((m) => { changes += m.length; });
      watch.observe(document.querySelector('#opps tbody')!, { subtree: true, childList: true, characterData: true, attributes: true });
      await new Promise((r) => setTimeout(r, 800));
      watch.disconnect();
      let same = 0, replaced = 0;
      for (const tr of document.querySelectorAll<HTMLElement>('#opps tbody tr[data-id]')) {
        const old = before.get(tr.dataset.id!);
        if (old === tr) same++;
        else if (old) replaced++;
      }
      return { same, replaced, changes };
    });
    assert.ok(kept.changes > 0, 'the table changed while watched');
    assert.ok(kept.same > 0 && kept.replaced === 0, `rows kept ${kept.same}, rebuilt ${kept.replaced}`);
    await page.click('#opps tbody tr[data-id]');
    await page.waitForSelector('#detail:not([hidden]) table[data-legs] tbody tr', { timeout: 5000 });
    const legs = await page.locator('#detail table[data-legs] tbody tr').count();
    assert.ok(legs >= 2, `legs shown: ${legs}`);
    assert.match(await page.textContent('#detail-body') ?? '', /assumptions/);
    // Then the server's copy adds the profit trail.
    await page.waitForFunction(() => !/loading…/.test(document.querySelector('#detail-body')?.textContent ?? ''), undefined, { timeout: 5000 });
    assert.match(await page.textContent('#detail-body') ?? '', /net profit .* over |one point so far/);
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
