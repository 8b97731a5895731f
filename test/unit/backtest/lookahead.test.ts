import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBacktest } from '../../../src/backtest/bar-engine.js';
import { BUILTIN_STRATEGIES } from '../../../src/backtest/strategies/index.js';
import type { Series } from '../../../src/backtest/types.js';
import { bars, opts } from '../../helpers/backtest.js';

function walk(n: number, seed: number): number[][] {
  let s = seed;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const rows: number[][] = [];
  let p = 100;
  for (let i = 0; i < n; i++) {
    const o = p;
    const c = Math.max(1, o * (1 + (rnd() - 0.5) * 0.04));
    rows.push([o, Math.max(o, c) * (1 + rnd() * 0.01), Math.min(o, c) * (1 - rnd() * 0.01), c, 1 + rnd() * 100]);
    p = c;
  }
  return rows;
}

/** The same series with every bar after `cut` replaced by a different random walk. */
function withNewFuture(rows: number[][], cut: number, seed: number): Series {
  const future = walk(rows.length - cut - 1, seed).map((r) => r.map((x) => (x * rows[cut][3]) / 100));
  return bars([...rows.slice(0, cut + 1), ...future]);
}

/** Bar and side of every fill decided on or before bar `cut`. */
function decisions(r: { fills: readonly { bar: number; side: string }[] }, cut: number, onClose: boolean) {
  return r.fills.filter((f) => f.bar <= cut + (onClose ? 0 : 1)).map((f) => `${f.bar}:${f.side}`);
}

test('no look-ahead: changing bars after t never changes fills, trades or equity up to t', () => {
  const rows = walk(400, 42);
  const cases = [
    { name: 'sma', params: { fast: 5, slow: 20 }, o: opts({ commission: 0.001 }) },
    { name: 'sma', params: { fast: 3, slow: 12 }, o: opts({ tradeOnClose: true, longOnly: true }) },
    { name: 'rsi', params: { period: 6, lower: 40, upper: 60 }, o: opts({ slippageBps: 5 }) },
  ];
  let compared = 0;
  for (const c of cases) {
    const strat = BUILTIN_STRATEGIES.get(c.name)!;
    const base = runBacktest(bars(rows), strat, c.params, c.o);
    assert.ok(base.fills.length > 10, `${c.name} trades on the random walk (${base.fills.length} fills)`);
    for (const cut of [50, 123, 250, 333]) {
      for (const seed of [1, 2]) {
        const alt = runBacktest(withNewFuture(rows, cut, seed), strat, c.params, c.o);
        // Fills on bars ≤ cut (orders decided on bars < cut, or ≤ cut with trade-on-close) are the same…
        const past = (f: { bar: number }) => f.bar <= cut;
        assert.deepEqual(alt.fills.filter(past), base.fills.filter(past), `${c.name} cut ${cut}`);
        // …and so is the equity curve up to the cut.
        assert.deepEqual(Array.from(alt.equity.subarray(0, cut + 1)), Array.from(base.equity.subarray(0, cut + 1)));
        // Decisions taken on bar cut (filled at bar cut + 1's new open) are the same too.
        assert.deepEqual(decisions(alt, cut, c.o.tradeOnClose), decisions(base, cut, c.o.tradeOnClose));
        compared++;
      }
    }
    // The property can fail: a strategy that peeks at the next bar is caught by the same check.
    const peeking = { ...strat, next: (ctx: any) => (ctx.data.close[ctx.i + 1] > ctx.data.close[ctx.i] ? ctx.buy() : ctx.close()) };
    const p0 = runBacktest(bars(rows), peeking, c.params, c.o);
    const p1 = runBacktest(withNewFuture(rows, 200, 9), peeking, c.params, c.o);
    assert.notDeepEqual(decisions(p1, 200, c.o.tradeOnClose), decisions(p0, 200, c.o.tradeOnClose));
  }
  assert.equal(compared, 24);
});
