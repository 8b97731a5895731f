import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOos, windows } from '../../../src/backtest/oos.js';
import type { Metrics } from '../../../src/backtest/metrics.js';
import { TEN } from '../../helpers/backtest.js';

test('hold-out and walk-forward windows', () => {
  // 10 bars, --oos 0.3: train [0, 7), test [7, 10)
  assert.deepEqual(windows(10, { oos: 0.3 }), [{ train: [0, 7], test: [7, 10] }]);
  // 10 bars, K = 2: segments of floor(10 / 3) = 3 → train [0,3) test [3,6); train [3,6) test [6,10) (the last takes the rest)
  assert.deepEqual(windows(10, { walkForward: 2 }), [
    { train: [0, 3], test: [3, 6] },
    { train: [3, 6], test: [6, 10] },
  ]);
});

test('each train window picks its own best; test windows chain into the combined out-of-sample equity', async () => {
  // Fold 1's test window ends at 110 (cash 100), fold 2's at 90: combined = 1.10 × 0.90 − 1 = −1 %,
  // and fold 2's curve is scaled by 1.1 (its 90 becomes 99).
  const seen: number[] = [];
  let fold = 0;
  const r = await runOos(
    TEN,
    { walkForward: 2 },
    async (train) => {
      seen.push(train.length);
      return { params: { p: train.length }, metrics: { returnPct: 5 } as Metrics };
    },
    (test, params) => {
      const end = fold++ === 0 ? 110 : 90;
      const equity = new Float64Array(test.length).fill(100);
      equity[test.length - 1] = end;
      return { metrics: { returnPct: end - 100, p: params.p } as unknown as Metrics, equity };
    },
    100,
  );
  assert.deepEqual(seen, [3, 3]);
  assert.equal(r.folds.length, 2);
  assert.equal(r.folds[1].test.bars, 4);
  assert.equal(r.folds[0].train.from, '2024-01-01T00:00:00.000Z');
  assert.ok(Math.abs(r.combinedOosReturnPct - -1) < 1e-9);
  assert.equal(r.combinedOosEquity.length, 7);
  assert.ok(Math.abs(r.combinedOosEquity[6] - 99) < 1e-9);
  assert.equal(r.folds[0].inSample.returnPct, 5);
  assert.equal(r.folds[1].outOfSample.returnPct, -10);
});

test('the combined out-of-sample run carries every test window’s trades and fills, bars counted from the first test bar', async () => {
  // K = 2 on 10 bars: test windows [3, 6) and [6, 10), so testFrom = 3; a trade at bars 0→1 of
  // the second window sits at bars 3→4 of the combined run (6 − 3 = 3 added).
  let fold = 0;
  const trade = { side: 'long' as const, size: 1, entryBar: 0, exitBar: 1, entryTs: 0, exitTs: 0, entryPrice: 1, exitPrice: 2, pnl: 1, returnPct: 100, commission: 0, closedAtEnd: false };
  const r = await runOos(
    TEN,
    { walkForward: 2 },
    async () => ({ params: {}, metrics: {} as Metrics }),
    (test) => {
      fold++;
      return { metrics: {} as Metrics, equity: new Float64Array(test.length).fill(100), trades: [{ ...trade, size: fold }], fills: [{ bar: 1, ts: 0, side: 'buy' as const, units: fold, price: 1, commission: 0 }] };
    },
    100,
  );
  assert.equal(r.testFrom, 3);
  assert.deepEqual(r.trades.map((t) => [t.size, t.entryBar, t.exitBar]), [[1, 0, 1], [2, 3, 4]]);
  assert.deepEqual(r.fills.map((f) => [f.units, f.bar]), [[1, 1], [2, 4]]);
});
