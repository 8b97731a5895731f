import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeLine, writeFigures } from '../../../../src/app/bus/opp-lines.js';
import { JsonBytes } from '../../../../src/core/json-bytes.js';
import { eventLine } from '../../../../src/app/watch/ndjson-sink.js';
import type { LiveEvent } from '../../../../src/engine/live-ranker.js';

// A cross-venue spot opportunity as the engine builds one (numbers with float noise, as computed).
const crossSpot = {
  id: 'cross-spot:ETH/USDT:kucoin>bitget',
  kind: 'cross-spot',
  symbol: 'ETH/USDT',
  buy: { venue: 'kucoin', price: 3113.88, vwap: 3115.7457022000003, fee: 312.568303562 },
  sell: { venue: 'bitget', price: 3137.91019025, vwap: 3136.02286755, fee: 314.602487279 },
  size: 100.318939168,
  quote: 'USDT',
  grossSpreadPct: 0.650796543953,
  netSpreadPct: 0.1 + 0.2,
  netProfit: 1407.01292623,
  legs: [
    { side: 'buy', venue: 'kucoin', market: 'ETH/USDT', price: 3113.88, vwap: 3115.7457022000003, size: 100.318939168, fee: 312.568303562, feeSource: 'published' },
    { side: 'sell', venue: 'bitget', market: 'ETH/USDT', price: 3137.91019025, vwap: 3136.02286755, size: 100.318939168, fee: 314.602487279, feeSource: 'published' },
  ],
  assumptions: { fees: [], quoteAgesMs: { buy: 202, sell: 51 }, fill: 'taker, walk of 20/20 levels' },
  ageMs: 202,
  ts: '2026-11-30T17:58:48.178Z',
  tsMs: 1796061528178,
  valuation: 'USDT at par with USD (no USDT/USD book seen)',
};
/** An update's short line as text (written after a line already in the buffer, to show it appends). */
function figuresLine(e: LiveEvent): string {
  const out = new JsonBytes(16); // small: it must grow
  out.text('{"before":1}\n');
  const from = out.pos;
  writeFigures(out, e, Buffer.from(JSON.stringify(e.tracked.opp.id)));
  assert.equal(out.view(0, from).toString(), '{"before":1}\n');
  const text = out.view(from).toString('utf8');
  assert.ok(text.endsWith('}\n'), 'one line, ended');
  return text.slice(0, -1);
}
const update = (opp: object): LiveEvent => ({ event: 'update', tracked: { opp, firstSeenMs: 1796061528078, lifetimeMs: 100, updates: 1 } }) as unknown as LiveEvent;

test("an update's short line: the figures that make an update and the times, each as the whole line has it", () => {
  const e = update(crossSpot);
  const text = figuresLine(e);
  const short = JSON.parse(text) as Record<string, unknown>;
  const whole = JSON.parse(JSON.stringify(eventLine(e, 1796061528178))) as Record<string, never>;
  assert.deepEqual(Object.keys(short), ['event', 'id', 'netProfit', 'netSpreadPct', 'size', 'buy', 'sell', 'ageMs', 'tsMs', 'lifetimeMs']);
  for (const k of ['event', 'id', 'netProfit', 'netSpreadPct', 'size', 'ageMs', 'tsMs', 'lifetimeMs']) assert.equal(short[k], whole[k], k);
  assert.deepEqual(short.buy, { vwap: (whole.buy as { vwap: number }).vwap });
  assert.deepEqual(short.sell, { vwap: (whole.sell as { vwap: number }).vwap });
  // Tidied as the whole line is: 0.1 + 0.2 → 0.3, 3115.7457022000003 → 3115.7457022.
  assert.equal(short.netSpreadPct, 0.3);
  assert.deepEqual(short.buy, { vwap: 3115.7457022 });
  // The point of it: a fraction of the whole line's bytes.
  assert.ok(text.length * 4 < JSON.stringify(whole).length, `${text.length} vs ${JSON.stringify(whole).length}`);
});

test('an opportunity without buy and sell sides (a multi-outcome set of YES buys): each leg’s vwap, in the order of its legs', () => {
  const set = {
    id: 'multi-outcome:polymarket:fed-decision-dec',
    kind: 'multi-outcome',
    symbol: 'Fed decision in December?',
    size: 250,
    netSpreadPct: 1.2,
    netProfit: 2.9,
    legs: [{ vwap: 0.61 }, { vwap: 0.305 }, { vwap: 0.0721 }],
    ageMs: 3,
    tsMs: 5,
  };
  const short = JSON.parse(figuresLine(update(set))) as Record<string, unknown>;
  assert.deepEqual(short.legs, [{ vwap: 0.61 }, { vwap: 0.305 }, { vwap: 0.0721 }]);
  assert.equal('buy' in short || 'sell' in short, false);
});

test('ids are JSON-escaped and a number that is not finite is null, as JSON.stringify writes them', () => {
  const odd = { ...crossSpot, id: 'cross-spot:"Q"\\é\n:a>b', netProfit: Number.NaN, size: Infinity };
  const short = JSON.parse(figuresLine(update(odd))) as Record<string, unknown>;
  assert.equal(short.id, 'cross-spot:"Q"\\é\n:a>b');
  assert.equal(short.netProfit, null);
  assert.equal(short.size, null);
});

test("a close's short line: id, reason, when it closed, when it was first seen, how long it lived", () => {
  const e = { event: 'close', reason: 'stale', closedMs: 1796061529000, tracked: { opp: crossSpot, firstSeenMs: 1796061528078, lifetimeMs: 922, updates: 3 } } as unknown as LiveEvent & { event: 'close' };
  const whole = eventLine(e, 1796061529000);
  assert.deepEqual(JSON.parse(closeLine(e)), { event: 'close', id: crossSpot.id, reason: 'stale', tsMs: whole.tsMs, firstSeenMs: whole.firstSeenMs, lifetimeMs: 922 });
  assert.equal(whole.tsMs, 1796061529000);
});
