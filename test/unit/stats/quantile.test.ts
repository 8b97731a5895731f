import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantiles, rankOf, select } from '../../../src/app/stats/quantile.js';

test('nearest-rank quantiles of a known set of lifetimes', () => {
  // 10 lifetimes (ms), sorted: 100 200 300 400 500 600 700 800 900 5000.
  // p50: ⌈0.5·10⌉ = 5th smallest = 500; p90: ⌈0.9·10⌉ = 9th = 900; p99: ⌈9.9⌉ = 10th = 5000.
  const a = Float64Array.from([700, 100, 5000, 300, 900, 200, 800, 400, 600, 500]);
  assert.deepEqual(quantiles(a, a.length, [0.5, 0.9, 0.99]), [500, 900, 5000]);
  // 3 values 10 20 30: p50 = ⌈1.5⌉ = 2nd = 20; p90 = ⌈2.7⌉ = 3rd = 30.
  assert.deepEqual(quantiles(Float64Array.from([30, 10, 20]), 3, [0.5, 0.9]), [20, 30]);
  assert.deepEqual(quantiles(new Float64Array(0), 0, [0.5]), [NaN]);
  assert.equal(rankOf(0.5, 1), 0);
});

test('selection agrees with sorting on random, sorted, reversed and constant data', () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const sets = [Array.from({ length: 1001 }, () => Math.floor(rnd() * 50)), Array.from({ length: 500 }, (_, i) => i), Array.from({ length: 500 }, (_, i) => 500 - i), Array(100).fill(3)];
  for (const s of sets) {
    const sorted = [...s].sort((x, y) => x - y);
    for (const p of [0.01, 0.5, 0.9, 0.99, 1]) {
      const k = rankOf(p, s.length);
      assert.equal(select(Float64Array.from(s), k), sorted[k], `p=${p} n=${s.length}`);
    }
    const ps = [0.5, 0.9, 0.99];
    assert.deepEqual(quantiles(Float64Array.from(s), s.length, ps), ps.map((p) => sorted[rankOf(p, s.length)]));
  }
});
