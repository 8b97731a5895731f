import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTarget, SIGNATURE_HEADER, DeliveryError } from '../../../src/app/notify/targets.js';
import type { Notice } from '../../../src/app/notify/message.js';
import { UsageError } from '../../../src/core/errors.js';
import { startNotifyServer } from '../../helpers/notify-servers.js';

const OPP: Notice = {
  type: 'opportunity',
  tsMs: 1_700_000_000_000,
  opportunity: { event: 'open', id: 'cross-spot:BTC/USDT:okx>binance', kind: 'cross-spot', symbol: 'BTC/USDT', netSpreadPct: 0.115, netProfit: 36.8, quote: 'USDT', size: 0.5, legs: [{ side: 'buy', venue: 'okx' }, { side: 'sell', venue: 'binance' }] },
};
const TEXT = 'arblens: cross-spot BTC/USDT buy okx → sell binance · net 0.115 % · 36.80 USDT (size 0.5)';
const signal = () => AbortSignal.timeout(5000);

test('discord: POST {content} to the webhook URL (204)', async () => {
  const s = await startNotifyServer();
  await parseTarget(`discord:${s.url}/api/webhooks/111/SECRET-discord`).send(OPP, signal());
  assert.deepEqual(JSON.parse(s.received[0].body), { content: TEXT });
  await s.close();
});

test('slack: POST {text}; a 404 no_service is permanent', async () => {
  const s = await startNotifyServer();
  const t = parseTarget(`slack:${s.url}/services/T0/B0/SECRETslack`);
  await t.send(OPP, signal());
  assert.deepEqual(JSON.parse(s.received[0].body), { text: TEXT });
  s.fail.push(404);
  await assert.rejects(t.send(OPP, signal()), (e: DeliveryError) => e.retryable === false && /HTTP 404: no_service/.test(e.message));
  await s.close();
});

test('telegram: sendMessage with chat_id and text at the Bot API base; a wrong token is refused', async () => {
  const s = await startNotifyServer();
  await parseTarget('telegram:123456:GOOD-token@-100777', { telegramBase: s.url }).send(OPP, signal());
  assert.equal(s.received[0].path, '/bot123456:GOOD-token/sendMessage');
  const body = JSON.parse(s.received[0].body);
  assert.equal(body.chat_id, '-100777');
  assert.equal(body.text, TEXT);
  await assert.rejects(parseTarget('telegram:999:BAD@-1', { telegramBase: s.url }).send(OPP, signal()), (e: DeliveryError) => !e.retryable);
  // 429 carries parameters.retry_after in seconds: 1 s → 1000 ms.
  s.fail.push(429);
  await assert.rejects(parseTarget('telegram:123456:GOOD-token@-1', { telegramBase: s.url }).send(OPP, signal()), (e: DeliveryError) => e.retryable && e.retryAfterMs === 1000);
  await s.close();
});

test('ntfy: the text as the body, with Title and Tags headers', async () => {
  const s = await startNotifyServer();
  await parseTarget(`ntfy:${s.url}/ntfy/arb-topic`).send({ type: 'venue', venue: 'okx', state: 'down', detail: 'reconnecting', tsMs: 1 }, signal());
  assert.equal(s.received[0].body, 'arblens: venue okx down (reconnecting)');
  assert.equal(s.received[0].headers.title, 'arblens: okx down');
  assert.equal(s.received[0].headers.tags, 'warning');
  await s.close();
});

test('webhook: the notice JSON, signed with HMAC-SHA256 of the raw body when a secret is set', async () => {
  const s = await startNotifyServer();
  await parseTarget(`webhook:${s.url}/hook`, { secret: 'shh-its-a-secret' }).send(OPP, signal());
  const r = s.received[0];
  const body = JSON.parse(r.body);
  assert.equal(body.type, 'opportunity');
  assert.equal(body.id, 'cross-spot:BTC/USDT:okx>binance');
  assert.equal(body.ts, '2023-11-14T22:13:20.000Z');
  const expected = 'sha256=' + createHmac('sha256', 'shh-its-a-secret').update(r.body).digest('hex');
  assert.equal(r.headers[SIGNATURE_HEADER], expected);
  await parseTarget(`webhook:${s.url}/hook`).send(OPP, signal());
  assert.equal(s.received[1].headers[SIGNATURE_HEADER], undefined);
  await s.close();
});

test('exec: the notice JSON on the command’s stdin; a non-zero exit is a retryable failure', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-notify-'));
  try {
    const out = join(dir, 'got.json');
    await parseTarget(`exec:cat > '${out}'`).send(OPP, signal());
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).netProfit, 36.8);
    await assert.rejects(parseTarget('exec:echo nope >&2; exit 3').send(OPP, signal()), (e: DeliveryError) => e.retryable && /exit 3: nope/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad specs are usage errors that never print the secret part', () => {
  for (const spec of ['pager:https://x', 'discord:not a url', 'telegram:nochat', 'exec:', 'slack:ftp://hooks.example/services/SECRETX']) {
    assert.throws(() => parseTarget(spec), (e: Error) => e instanceof UsageError && !/SECRETX|nochat/.test(e.message), spec);
  }
});

test('labels hide the URL path and tokens', () => {
  assert.equal(parseTarget('discord:https://discord.com/api/webhooks/111/SECRET').label, 'discord:https://discord.com/api/***');
  assert.equal(parseTarget('slack:https://hooks.slack.com/services/T/B/SECRET').label, 'slack:https://hooks.slack.com/services/***');
  assert.equal(parseTarget('telegram:123:SECRET@-100').label, 'telegram:***@-100');
  assert.equal(parseTarget('webhook:https://h.example/x?key=SECRET').label, 'webhook:https://h.example/x/***');
  assert.equal(parseTarget('exec:./alert.sh --key SECRET').label, 'exec:./alert.sh …');
});
