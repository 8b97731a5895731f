// The --json trade list written directly must be the text JSON.stringify(tidyDeep(…), null, 2)
// gives for the same record (the CLI switched to it for speed; its output must not change).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tidyDeep } from '../../../src/core/json.js';
import { computeMetrics } from '../../../src/backtest/metrics.js';
import { optimizeKey } from '../../../src/backtest/grid.js';
import { runOne } from '../../../src/backtest/run.js';
import { BUILTIN_STRATEGIES } from '../../../src/backtest/strategies/index.js';
import { withTradesJson } from '../../../src/backtest/trades-json.js';
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
  const rest = JSON.stringify(tidyDeep({ ...head, trades: [] }), null, 2);
  assert.equal(withTradesJson(rest, trades), reference(head, trades));
  assert.equal(withTradesJson(rest, []), reference(head, []));
  assert.deepEqual(JSON.parse(withTradesJson(rest, trades)).trades.at(-1).pnl, 0.3);
});

test('--optimize is checked against the metric names of an empty run (no backtest needed)', () => {
  const empty = computeMetrics({ ts: [], close: [], equity: [], exposure: [], trades: [], cash: 1 });
  assert.equal(optimizeKey('return', empty), 'returnPct');
  assert.equal(optimizeKey('sortino', empty), 'sortino');
  assert.throws(() => optimizeKey('sharp', empty), /did you mean 'sharpe'/);
});
