import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NotifyQueue, type QueueOptions } from '../../../src/app/notify/queue.js';
import { parseTarget } from '../../../src/app/notify/targets.js';
import type { Notice } from '../../../src/app/notify/message.js';
import { startNotifyServer } from '../../helpers/notify-servers.js';

const venue = (v: string): Notice => ({ type: 'venue', venue: v, state: 'down', tsMs: 1 });

function options(waits: number[], warnings: string[], over: Partial<QueueOptions> = {}): QueueOptions {
  return { maxQueued: 10, attempts: 4, backoffBaseMs: 1000, backoffMaxMs: 30_000, timeoutMs: 2000, warn: (m) => warnings.push(m), sleep: async (ms) => void waits.push(ms), ...over };
}

async function idle(q: NotifyQueue): Promise<void> {
  await q.close(10_000);
}

test('retries with exponential backoff: 500, 502 → waits 1000 then 2000 ms, delivered on the third try', async () => {
  const s = await startNotifyServer();
  const waits: number[] = [];
  const warnings: string[] = [];
  const q = new NotifyQueue(parseTarget(`slack:${s.url}/services/T/B/SECRET`), options(waits, warnings));
  s.fail.push(500, 502);
  q.push(venue('okx'));
  await idle(q);
  // backoff k = base × 2^(k−1): 1000 × 1, 1000 × 2.
  assert.deepEqual(waits, [1000, 2000]);
  assert.equal(q.delivered, 1);
  assert.equal(s.received.length, 3);
  await s.close();
});

test('gives up after the last attempt with a warning that never shows the URL secret', async () => {
  const s = await startNotifyServer();
  const waits: number[] = [];
  const warnings: string[] = [];
  const q = new NotifyQueue(parseTarget(`discord:${s.url}/api/webhooks/1/SECRETTOKEN`), options(waits, warnings, { attempts: 3 }));
  s.fail.push(503, 503, 503);
  q.push(venue('okx'));
  await idle(q);
  assert.deepEqual(waits, [1000, 2000]);
  assert.equal(q.failed, 1);
  assert.match(warnings[0], /HTTP 503 — gave up after 3 attempts/);
  assert.doesNotMatch(warnings.join('\n'), /SECRETTOKEN/);
  await s.close();
});

test('a 429 waits at least its Retry-After; a permanent 4xx is not retried', async () => {
  const s = await startNotifyServer();
  const waits: number[] = [];
  const q = new NotifyQueue(parseTarget('telegram:123456:GOOD-token@-1', { telegramBase: s.url }), options(waits, [], { backoffBaseMs: 100 }));
  s.fail.push(429);
  q.push(venue('okx'));
  await idle(q);
  // backoff 100 ms < retry_after 1 s → waits 1000.
  assert.deepEqual(waits, [1000]);
  assert.equal(q.delivered, 1);
  const q2 = new NotifyQueue(parseTarget('telegram:1:BAD@-1', { telegramBase: s.url }), options(waits, []));
  q2.push(venue('okx'));
  await idle(q2);
  assert.equal(q2.failed, 1);
  assert.deepEqual(waits, [1000]);
  await s.close();
});

test('bounded queue: past maxQueued the oldest notices are dropped and counted; push never waits on a dead target', async () => {
  const s = await startNotifyServer();
  s.hang.on = true;
  const warnings: string[] = [];
  const q = new NotifyQueue(parseTarget(`webhook:${s.url}/hook`), options([], warnings, { maxQueued: 3, timeoutMs: 200, attempts: 1 }));
  const t0 = performance.now();
  for (let i = 0; i < 10; i++) q.push(venue(`v${i}`));
  const pushMs = performance.now() - t0;
  // The first notice is in flight; of the 9 queued behind it only the newest 3 are kept: 6 dropped.
  assert.equal(q.dropped, 6);
  assert.equal(q.pending, 3);
  assert.ok(pushMs < 1000, 'push returned without waiting for the target');
  assert.match(warnings[0], /queue full \(3\)/);
  await q.close(50);
  await s.close();
});
