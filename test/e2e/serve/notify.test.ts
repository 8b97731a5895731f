import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { BIN } from '../../helpers/cli.js';
import { startServeCli } from '../../helpers/serve-cli.js';
import { startNotifyServer, type Received } from '../../helpers/notify-servers.js';

const SECRET = 'hmac-secret-for-e2e';

async function firstPost(received: Received[], timeoutMs = 20_000): Promise<Received> {
  const end = Date.now() + timeoutMs;
  while (received.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  assert.ok(received.length > 0, 'a notice arrived');
  return received[0];
}

function checkSigned(r: Received): void {
  const expected = 'sha256=' + createHmac('sha256', SECRET).update(r.body).digest('hex');
  assert.equal(r.headers['x-arblens-signature-256'], expected);
  const body = JSON.parse(r.body);
  assert.equal(body.type, 'opportunity');
  assert.ok(body.netSpreadPct >= 0, 'crossed --alert-net 0');
}

test('serve --notify webhook: signed opportunity notices reach a local webhook; the URL is never printed', { timeout: 60_000 }, async () => {
  const hook = await startNotifyServer();
  const url = `${hook.url}/hook/SECRETPATH`;
  const s = await startServeCli(['--demo', '--port', '0', '--alert-net', '0', '--notify', `webhook:${url}`, '--notify-secret', SECRET]);
  try {
    checkSigned(await firstPost(hook.received));
    // The session's notify queue is reported in /metrics, by target kind only (never its URL).
    let metrics = '';
    for (let i = 0; i < 100 && !/arblens_notify_delivered_total\{target="webhook"\} [1-9]/.test(metrics); i++) {
      metrics = await (await fetch(`${s.url}/metrics`)).text();
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.match(metrics, /arblens_notify_delivered_total\{target="webhook"\} [1-9]/);
    assert.match(metrics, /arblens_notify_dropped_total\{target="webhook"\} \d+/);
    assert.doesNotMatch(metrics, /SECRETPATH/);
  } finally {
    s.proc.kill('SIGTERM');
    assert.equal(await s.exited, 143);
    await hook.close();
  }
  assert.doesNotMatch(s.stderr(), /SECRETPATH|hmac-secret/);
});

test('watch --notify webhook: the same notices from watch', { timeout: 60_000 }, async () => {
  const hook = await startNotifyServer();
  const p = spawn(process.execPath, [BIN, 'watch', '--demo', '--ndjson', '--alert-net', '0', '--notify', `webhook:${hook.url}/hook/SECRETPATH`], { env: { ...process.env, ARBLENS_NOTIFY_SECRET: SECRET }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  p.stderr!.on('data', (d) => (err += d));
  try {
    checkSigned(await firstPost(hook.received));
  } finally {
    p.kill('SIGTERM');
    await new Promise((r) => p.once('exit', r));
    await hook.close();
  }
  assert.doesNotMatch(err, /SECRETPATH/);
});

test('a bad --notify target is a usage error (exit 2) before any feed opens', async () => {
  const p = spawn(process.execPath, [BIN, 'serve', '--demo', '--port', '0', '--notify', 'pager:https://x/SECRETPATH'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  p.stderr!.on('data', (d) => (err += d));
  const code = await new Promise((r) => p.once('exit', r));
  assert.equal(code, 2);
  assert.match(err, /--notify 'pager:…' is not a target/);
  assert.doesNotMatch(err, /SECRETPATH/);
});
