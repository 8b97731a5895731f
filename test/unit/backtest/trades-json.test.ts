// The --json trade list written from the trade columns must give the text
// JSON.stringify(tidyDeep(…), null, 2) gives for the same record (the CLI writes it that way for
// speed; its output must not change).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tidyDeep } from '../../../src/core/json.js';
import { computeMetrics } from '../../../src/backtest/metrics.js';
import { optimizeKey } from '../../../src/backtest/grid.js';
import { runOne } from '../../../src/backtest/run.js';
import { BUILTIN_STRATEGIES } from '../../../src/backtest/strategies/index.js';
import { tradeColumnsOf, tradesJsonChunks, tradesJsonText } from '../../../src/backtest/trades-json.js';
import type { Trade } from '../../../src/backtest/types.js';
import { opts, TEN } from '../../helpers/backtest.js';

function reference(head: Record<string, unknown>, trades: readonly Trade[]): string {
  const withTimes = trades.map((t) => ({ ...t, entryTime: new Date(t.entryTs).toISOString(), exitTime: new Date(t.exitTs).toISOString() }));
  return JSON.stringify(tidyDeep({ ...head, trades: withTimes }), null, 2);
}

test('trades written directly read exactly as JSON.stringify(tidyDeep(…)) wrote them', () => {
  const run = runOne(TEN, BUILTIN_STRATEGIES.get('sma')!, { fast: 2, slow: 3 }, opts({ commission: 0.001, slippageBps: 3 }));
  assert.ok(run.result.trades.length >= 1, 'a case with trades');
  // Float noise (0.1 + 0.2), NaN and a negative zero go through the same rules as tidyDeep's.
  const odd: Trade = { ...run.result.trades[0], pnl: 0.1 + 0.2, returnPct: NaN, commission: -0 };
  const trades = [...run.result.trades, odd];
  const head = { strategy: 'sma', params: { fast: 2, slow: 3 }, metrics: run.metrics };
  // The CLI's text path: the record with an empty list, the list's text put in its place.
  const text = (t: readonly Trade[]) => {
    const s = JSON.stringify({ ...tidyDeep(head), trades: [] }, null, 2);
    return s.slice(0, -4) + tradesJsonText(tradeColumnsOf(t)) + s.slice(-2);
  };
  assert.equal(text(trades), reference(head, trades));
  assert.equal(text([]), reference(head, []));
  assert.deepEqual(JSON.parse(text(trades)).trades.at(-1).pnl, 0.3);
});

test('number and time formatting matches tidy + JSON.stringify and toISOString over awkward values', () => {
  const base = runOne(TEN, BUILTIN_STRATEGIES.get('sma')!, { fast: 2, slow: 3 }, opts()).result.trades[0];
  // Small, large, negative, exponent-range, integer, and times at day edges, before 1970, with ms.
  const values = [1e-7, 1.5e-6, 0.000123, 123456789012.5, 1234567890123.25, -12.5, -0.1 - 0.2, 1 / 3, 2 / 3, 1e21, 1e-300, 42, 0.999999999999999];
  const times = [0, 1, 999, 86_399_999, 86_400_000, Date.UTC(2024, 1, 29, 23, 59, 59, 7), Date.UTC(1969, 11, 31, 12), 253_402_300_799_999, 1.5];
  const trades: Trade[] = values.map((v, k) => ({ ...base, pnl: v, size: -v, entryTs: times[k % times.length], exitTs: times[(k + 3) % times.length] }));
  const head = { a: 1 };
  assert.equal(`{\n  "a": 1,\n  "trades": ${tradesJsonText(tradeColumnsOf(trades))}\n}`, reference(head, trades));
  // Written in pieces of 2, 3 or all trades: the same text once joined.
  for (const per of [1, 2, 3, trades.length]) assert.equal([...tradesJsonChunks(tradeColumnsOf(trades), per)].join(''), tradesJsonText(tradeColumnsOf(trades)), `per ${per}`);
  assert.equal([...tradesJsonChunks(tradeColumnsOf(trades), 2)].length, Math.ceil(trades.length / 2));
});

test('--optimize is checked against the metric names of an empty run (no backtest needed)', () => {
  const empty = computeMetrics({ ts: [], close: [], equity: [], exposure: [], trades: [], cash: 1 });
  assert.equal(optimizeKey('return', empty), 'returnPct');
  assert.equal(optimizeKey('sortino', empty), 'sortino');
  assert.throws(() => optimizeKey('sharp', empty), /did you mean 'sharpe'/);
});
