import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NotifySink } from '../../../src/app/notify/sink.js';
import type { Target } from '../../../src/app/notify/targets.js';
import type { Notice } from '../../../src/app/notify/message.js';
import { opp, tracked } from '../../helpers/serve-fixture.js';
import type { TickResult } from '../../../src/engine/live-ranker.js';

function recorder(): { target: Target; got: Notice[] } {
  const got: Notice[] = [];
  return { got, target: { kind: 'webhook', label: 'webhook:test', secrets: [], send: async (n) => void got.push(n) } };
}

const settle = () => new Promise((r) => setTimeout(r, 10));
const QUEUE = { maxQueued: 10, attempts: 1, backoffBaseMs: 1, backoffMaxMs: 1, timeoutMs: 1000, warn: () => undefined };

function tickOf(now: number, id: string, netPct: number, profit: number, event: 'open' | 'update' = 'open'): TickResult {
  const t = tracked(opp(id, { netPct, profit }), now, now);
  return { now, events: [{ event, tracked: t }], live: [t], stale: [] };
}

test('thresholds: --alert-net or --alert-profit; closes never notify', async () => {
  const a = recorder();
  const sink = new NotifySink([a.target], { alertNet: 0.3, alertProfit: 50, cooldownMs: 0 }, QUEUE);
  sink.onTick(tickOf(1000, 'low', 0.1, 10)); // neither
  sink.onTick(tickOf(1000, 'pct', 0.3, 10)); // net 0.3 ≥ 0.3
  sink.onTick(tickOf(1000, 'money', 0.1, 50)); // profit 50 ≥ 50
  const t = tracked(opp('closing', { netPct: 1, profit: 99 }), 0, 1000);
  sink.onTick({ now: 1000, events: [{ event: 'close', tracked: t, reason: 'gone', closedMs: 1000 }], live: [], stale: [] });
  await settle();
  assert.deepEqual(a.got.map((n) => (n.type === 'opportunity' ? n.opportunity.id : n.venue)), ['pct', 'money']);
});

test('cooldown per opportunity and per target', async () => {
  const a = recorder();
  const b = recorder();
  const sink = new NotifySink([a.target, b.target], { alertNet: 0.3, cooldownMs: 30_000 }, QUEUE);
  sink.onTick(tickOf(0, 'x', 0.5, 1));
  sink.onTick(tickOf(10_000, 'x', 0.6, 1, 'update')); // within 30 s: quiet
  sink.onTick(tickOf(10_000, 'y', 0.6, 1)); // another opportunity: its own cooldown
  sink.onTick(tickOf(30_000, 'x', 0.6, 1, 'update')); // 30 s after the first: notifies again
  await settle();
  const ids = (r: { got: Notice[] }) => r.got.map((n) => (n.type === 'opportunity' ? n.opportunity.id : ''));
  assert.deepEqual(ids(a), ['x', 'y', 'x']);
  assert.deepEqual(ids(b), ['x', 'y', 'x']);
});

test('venue down once per outage, up when it is back', async () => {
  const a = recorder();
  const sink = new NotifySink([a.target], { cooldownMs: 0 }, QUEUE);
  sink.onVenueStatus({ type: 'status', venue: 'okx', state: 'connected', localTs: 1 });
  sink.onVenueStatus({ type: 'status', venue: 'okx', state: 'reconnecting', message: 'socket closed', localTs: 2 });
  sink.onVenueStatus({ type: 'status', venue: 'okx', state: 'reconnecting', localTs: 3 });
  sink.onVenueStatus({ type: 'status', venue: 'okx', state: 'connected', localTs: 4 });
  await settle();
  assert.deepEqual(a.got, [
    { type: 'venue', venue: 'okx', state: 'down', detail: 'reconnecting: socket closed', tsMs: 2 },
    { type: 'venue', venue: 'okx', state: 'up', tsMs: 4 },
  ]);
});
