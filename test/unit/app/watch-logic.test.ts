import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Opportunity } from '../../../src/core/types.js';
import type { TrackedOpportunity } from '../../../src/engine/live-ranker.js';
import { AlertTracker } from '../../../src/app/watch/alerts.js';
import { fmtAge, fmtSize } from '../../../src/core/format.js';
import { INITIAL_KEYS, reduceKey, splitInput } from '../../../src/tui/use-watch-keys.js';
import { VenueStats } from '../../../src/app/watch/venue-stats.js';
import { moveSelection, viewRows } from '../../../src/app/watch/view-model.js';

const o = (id: string, symbol: string, netProfit: number, netSpreadPct: number) => ({ id, symbol, netProfit, netSpreadPct, ageMs: 0, legs: [] }) as unknown as Opportunity;
const tr = (opp: Opportunity, lifetimeMs = 0): TrackedOpportunity => ({ opp, firstSeenMs: 0, lifetimeMs, updates: 0 });

test('alerts: threshold, then silent for the cooldown, per opportunity', () => {
  const a = new AlertTracker(0.3, 30_000);
  const hot = o('x', 'BTC/USDT', 1, 0.31);
  const cold = o('y', 'BTC/USDT', 1, 0.29);
  assert.deepEqual(a.check([hot, cold], 0), ['x']);
  assert.deepEqual(a.check([hot], 29_999), [], 'within the cooldown');
  assert.deepEqual(a.check([hot], 30_000), ['x'], 'cooldown over');
  assert.equal(a.hot(cold), false);
  assert.equal(new AlertTracker(undefined, 0).hot(hot), false, 'no --alert-net, no alerts');
});

test('keys: / filter typing, Enter keeps, Esc clears; s cycles sort; p pauses; q quits', () => {
  let s = INITIAL_KEYS;
  const press = (input: string, key = {}) => {
    const r = reduceKey(s, input, key);
    s = r.state;
    return r.effect;
  };
  press('/');
  for (const [i, k] of splitInput('eth', {})) press(i, k);
  assert.equal(s.filter, 'eth');
  press('', { backspace: true });
  assert.equal(s.filter, 'et');
  press('q'); // typed into the filter, does not quit
  assert.equal(s.filter, 'etq');
  press('', { return: true });
  assert.equal(s.editingFilter, false);
  press('s');
  assert.equal(s.sort, 'pct');
  press('p');
  assert.equal(s.paused, true);
  press('', { return: true });
  assert.equal(s.detail, true);
  press('', { escape: true });
  assert.equal(s.detail, false);
  assert.deepEqual(press('', { downArrow: true }), { move: 1 });
  assert.deepEqual(press('q'), { quit: true });
  assert.deepEqual(press('c', { ctrl: true }), { quit: true });
  // "/BTC\r" in one chunk is four keys
  assert.deepEqual(splitInput('/B\r', {}).map(([i, k]) => [i, !!(k as { return?: boolean }).return]), [['/', false], ['B', false], ['', true]]);
});

test('view: filter by symbol substring, sorts, selection follows the row', () => {
  const rows = [tr(o('a', 'BTC/USDT', 10, 0.1), 5), tr(o('b', 'ETH/USDT', 20, 0.05), 50), tr(o('c', 'BTC/USDT:USDT', 5, 0.2), 1)];
  assert.deepEqual(viewRows(rows, 'profit', '').map((r) => r.opp.id), ['b', 'a', 'c']);
  assert.deepEqual(viewRows(rows, 'pct', '').map((r) => r.opp.id), ['c', 'a', 'b']);
  assert.deepEqual(viewRows(rows, 'lifetime', '').map((r) => r.opp.id), ['b', 'a', 'c']);
  assert.deepEqual(viewRows(rows, 'profit', 'btc').map((r) => r.opp.id), ['a', 'c']);
  const v = viewRows(rows, 'profit', '');
  assert.equal(moveSelection(v, undefined, 1), 'a', 'from the implicit first row down one');
  assert.equal(moveSelection(v, 'c', 1), 'c', 'clamped at the bottom');
  assert.equal(moveSelection(v, 'a', -1), 'b');
});

test('venue stats: messages/s over a window; connected but silent beyond max-age is stale and down', () => {
  const v = new VenueStats(1000);
  v.onStatus({ type: 'status', venue: 'okx', state: 'connected', localTs: 0 });
  for (let i = 0; i < 50; i++) v.onMessage('okx', i * 10, false);
  // 50 messages in the first 2000 ms window → 25 /s
  const [row] = v.rows(2000);
  assert.equal(row.perSec, 25);
  assert.equal(row.lastMessageAgeMs, 2000 - 490);
  // last message at 490 ms; at 2000 ms it is 1510 ms old > 1000 → stale
  assert.equal(row.state, 'stale');
  assert.deepEqual([...v.down(2000)], ['okx']);
  v.onMessage('okx', 2000, true);
  assert.equal(v.state('okx', 2000), 'connected');
  assert.equal(v.rows(2001)[0].rejected, 1);
  v.declare('betfair', 'not-configured', 'needs an app key', 0);
  assert.ok(v.down(2001).has('betfair'));
});

test('formatting', () => {
  assert.equal(fmtAge(950), '950ms');
  assert.equal(fmtAge(12_340), '12.3s');
  assert.equal(fmtAge(754_000), '12m34s');
  assert.equal(fmtSize(3_467_541), '3.47M');
  assert.equal(fmtSize(0.12345), '0.1235');
});

test('fmtNum: thousands separators and fixed decimals', async () => {
  const { fmtNum } = await import('../../../src/core/format.js');
  assert.equal(fmtNum(5011.372, 2), '5,011.37');
  assert.equal(fmtNum(-1234567.891, 3), '-1,234,567.891');
  assert.equal(fmtNum(0.0004, 3), '0.000');
  assert.equal(fmtNum(-0.0004, 3), '0.000');
  assert.equal(fmtNum(999, 0), '999');
  assert.equal(fmtNum(NaN, 2), '-');
});
