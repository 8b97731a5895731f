import { test } from 'node:test';
import assert from 'node:assert/strict';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { NotifyQueue, DEFAULT_QUEUE } from '../../../src/app/notify/queue.js';
import type { Target } from '../../../src/app/notify/targets.js';
import type { Notice } from '../../../src/app/notify/message.js';
import { testServe } from '../../helpers/serve-fixture.js';

const venue = (v: string): Notice => ({ type: 'venue', venue: v, state: 'down', tsMs: 1 });

/** A target whose deliveries hang until released (a dead webhook), or fail at once. */
function target(kind: Target['kind'], behaviour: 'hang' | 'fail'): Target & { release(): void } {
  let release = () => undefined as void;
  const held = new Promise<void>((r) => (release = r));
  return {
    kind,
    label: `${kind}:https://example.invalid/***`,
    secrets: ['SECRETPATH'],
    send: () => (behaviour === 'hang' ? held : Promise.reject(new Error('HTTP 400'))),
    release: () => release(),
  };
}

async function scrape(s: Awaited<ReturnType<typeof testServe>>): Promise<Map<string, Record<string, string>>> {
  const text = (await s.server.app.inject('/metrics')).body;
  assert.doesNotMatch(text, /SECRETPATH|example\.invalid/);
  const out = new Map<string, Record<string, string>>();
  for (const f of parsePrometheusTextFormat(text) as { name: string; metrics: { value: string; labels?: Record<string, string> }[] }[]) {
    if (f.name.startsWith('arblens_notify_')) out.set(f.name, Object.fromEntries(f.metrics.map((m) => [m.labels?.target ?? '', m.value])));
  }
  return out;
}

test('arblens_notify_dropped_total counts notices dropped from a full queue, per target kind; delivered and failed beside it', async () => {
  const s = await testServe();
  const warn = () => undefined;
  const dead = target('webhook', 'hang');
  const slack = target('slack', 'fail');
  const queues = [
    new NotifyQueue(dead, { ...DEFAULT_QUEUE, maxQueued: 2, warn }),
    new NotifyQueue(slack, { ...DEFAULT_QUEUE, maxQueued: 2, attempts: 1, warn }),
  ];
  s.ctx.metrics.watchNotify(queues);
  // Nothing pushed yet: every target kind is there at 0.
  const zero = { webhook: '0', slack: '0' };
  assert.deepEqual(await scrape(s), new Map([['arblens_notify_dropped_total', zero], ['arblens_notify_delivered_total', zero], ['arblens_notify_failed_total', zero]]));
  // Five notices to the dead webhook: the first is taken at once and hangs in flight; the
  // queue holds 2, so notices 2 and 3 are pushed out by 4 and 5 → 5 − 1 in flight − 2 kept = 2 dropped.
  for (const v of ['a', 'b', 'c', 'd', 'e']) queues[0].push(venue(v));
  // One notice to slack, refused permanently on its only attempt → 1 failed.
  queues[1].push(venue('a'));
  await new Promise((r) => setImmediate(r));
  let m = await scrape(s);
  assert.deepEqual(m.get('arblens_notify_dropped_total'), { webhook: '2', slack: '0' });
  assert.deepEqual(m.get('arblens_notify_failed_total'), { webhook: '0', slack: '1' });
  assert.deepEqual(m.get('arblens_notify_delivered_total'), { webhook: '0', slack: '0' });
  // The webhook comes back: the one in flight and the two kept are delivered (3), nothing more dropped.
  dead.release();
  await queues[0].close(5000);
  m = await scrape(s);
  assert.deepEqual(m.get('arblens_notify_delivered_total'), { webhook: '3', slack: '0' });
  assert.deepEqual(m.get('arblens_notify_dropped_total'), { webhook: '2', slack: '0' });
  await s.server.close();
});
