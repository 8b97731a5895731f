// Issue 18, item 3: a bad ARBLENS_KALSHI_SECRET (not an RSA key) used to kill `watch` for every
// venue with a stack trace, then hang. Now it is Kalshi's own error, reported once on its row
// (an NDJSON `venue` event with state `error` and the fix); Polymarket, served by a local
// websocket in its wire format, streams on; SIGTERM still ends the run (exit 143).
// Build first (`npx tsc -p .`): this runs bin/arblens.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT } from '../../helpers/cli.js';
import { startWsServer } from '../../helpers/watch-ws.js';

const BAD_SECRETS: [string, string][] = [
  ['PEM armour around garbage', '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END PRIVATE KEY-----'],
  ['neither PEM nor a file', 'not-a-key-and-not-a-path'],
];

for (const [what, secret] of BAD_SECRETS) {
  test(`watch: a bad Kalshi secret (${what}) is Kalshi's error alone; Polymarket streams on`, { timeout: 60_000 }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'arblens-badcred-'));
    const server = await startWsServer((ws) =>
      ws.once('message', (m) => {
        const sub = JSON.parse(String(m)) as { assets_ids: string[] };
        for (const id of sub.assets_ids) ws.send(JSON.stringify({ event_type: 'book', asset_id: id, market: '0xabc', bids: [{ price: '0.40', size: '10' }], asks: [{ price: '0.45', size: '12' }], timestamp: String(Date.now()) }));
      }),
    );
    t.after(async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const child = spawn(process.execPath, [BIN, 'watch', '--venues', 'polymarket,kalshi', '--symbols', 'tok-1,KX-1', '--ndjson'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NO_COLOR: '1',
        XDG_CONFIG_HOME: '/nonexistent-arblens-test',
        ARBLENS_PAIRS: join(dir, 'no-pairs.json'),
        ARBLENS_POLYMARKET_WS_URL: server.url,
        // REST market lists at a closed local port: refused at once (never the internet).
        ARBLENS_POLYMARKET_URL: 'http://127.0.0.1:1',
        ARBLENS_KALSHI_URL: 'http://127.0.0.1:1',
        ARBLENS_KALSHI_API_KEY: 'key-id-bad-secret',
        ARBLENS_KALSHI_SECRET: secret,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    const deadline = Date.now() + 30_000;
    while (!/"venue":"polymarket","state":"connected"/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await exited;
    clearTimeout(kill);
    assert.equal(code, 143, `did not stop on SIGTERM (code ${code})\n${err}`);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { event: string; venue?: string; state?: string; message?: string });
    assert.ok(lines.some((l) => l.event === 'venue' && l.venue === 'polymarket' && l.state === 'connected'), out);
    const kalshi = lines.filter((l) => l.event === 'venue' && l.venue === 'kalshi' && l.state === 'error');
    assert.equal(kalshi.length, 1, `kalshi's error reported ${kalshi.length} times:\n${out}`);
    assert.match(kalshi[0].message ?? '', /ARBLENS_KALSHI_SECRET .*(RSA private key|PEM)/);
    assert.ok(!(kalshi[0].message ?? '').includes('bm90IGEga2V5'), 'the secret is quoted');
    assert.doesNotMatch(err, /\n\s+at /, `stack trace on stderr:\n${err}`);
  });
}
