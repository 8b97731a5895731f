import { test } from 'node:test';
import assert from 'node:assert/strict';
import { notionalOf, rank, type Rankable } from '../../../src/engine/rank.js';
import type { Opportunity, OpportunityLeg } from '../../../src/core/types.js';

const NOW = 1_000_000;

/** A prediction set as the binary engine ranks it: no `notional`, legs only on the built object. */
interface SetEval extends Rankable {
  readonly id: string;
  /** [price, shares] of each BUY leg. */
  readonly legs: [number, number][];
}

const leg = (vwap: number, size: number): OpportunityLeg => ({ side: 'buy', venue: 'v', market: 'm', price: vwap, vwap, size, fee: 0 });
const build = (l: SetEval): Opportunity => ({
  id: l.id,
  kind: 'binary-complement',
  symbol: l.id,
  size: l.legs[0][1],
  quote: 'USD',
  grossSpreadPct: 0,
  netSpreadPct: l.netSpreadPct,
  netProfit: l.netProfit,
  legs: l.legs.map(([p, s]) => leg(p, s)),
  ageMs: 0,
  ts: '',
  tsMs: NOW,
});
const set = (id: string, netProfit: number, legs: [number, number][]): SetEval => ({ id, netProfit, netSpreadPct: netProfit, oldestTs: NOW, legs });

test('rank --min-size: a prediction set is tested on its TOTAL cost, not its first leg', () => {
  // 100 shares: YES at 0.10 (first leg 10) + NO at 0.85 (85) → the set costs 95.
  const cheapFirstLeg = set('a', 5, [[0.1, 100], [0.85, 100]]);
  assert.equal(notionalOf(build(cheapFirstLeg)), 95, '0.10 × 100 + 0.85 × 100 = 95');
  // --min-size 50: total 95 ≥ 50 → kept (the first leg alone, 10, would have dropped it).
  assert.deepEqual(rank([cheapFirstLeg], NOW, { minSize: 50 }, build).map((o) => o.id), ['a']);
  // --min-size 96: 95 < 96 → left out.
  assert.deepEqual(rank([cheapFirstLeg], NOW, { minSize: 96 }, build), []);
  // A three-leg multi-outcome set: 20 shares at 0.3 + 0.3 + 0.35 → 6 + 6 + 7 = 19.
  assert.equal(notionalOf(build(set('m', 1, [[0.3, 20], [0.3, 20], [0.35, 20]]))), 19);
});

test('rank --top n applies after every filter: --top 2 --min-size still returns 2 when 2 pass', () => {
  // Ranked by profit: s1..s3 are the best but small (total cost 0.4·10 + 0.5·10 = 9), s4 and s5
  // are big (0.4·100 + 0.5·100 = 90), s6 is big but worst.
  const small: [number, number][] = [[0.4, 10], [0.5, 10]];
  const big: [number, number][] = [[0.4, 100], [0.5, 100]];
  const live = [set('s1', 9, small), set('s2', 8, small), set('s3', 7, small), set('s4', 6, big), set('s5', 5, big), set('s6', 4, big)];
  // --min-size 50 keeps s4, s5, s6; --top 2 → s4, s5 (cutting first would have left nothing).
  assert.deepEqual(rank(live, NOW, { minSize: 50, top: 2 }, build).map((o) => o.id), ['s4', 's5']);
  assert.deepEqual(rank(live, NOW, { minSize: 50 }, build).map((o) => o.id), ['s4', 's5', 's6']);
  assert.deepEqual(rank(live, NOW, { top: 2 }, build).map((o) => o.id), ['s1', 's2'], 'no --min-size: plain top');
  // Other filters before top too: --min-profit 5.5 leaves s1..s4, --min-size leaves s4 only.
  assert.deepEqual(rank(live, NOW, { minSize: 50, minProfit: 5.5, top: 2 }, build).map((o) => o.id), ['s4']);
});

test('rank: evaluations with a notional (crypto pairs) and without (sets) merge in rank order', () => {
  interface Mixed extends SetEval {
    readonly notional?: number;
  }
  const small: [number, number][] = [[0.4, 10], [0.5, 10]]; // 9
  const big: [number, number][] = [[0.4, 100], [0.5, 100]]; // 90
  const live: Mixed[] = [
    { ...set('p1', 10, small), notional: 1000 }, // decided, passes
    set('s2', 9, small), // built, fails (9 < 50)
    set('s3', 8, big), // built, passes
    { ...set('p4', 7, small), notional: 10 }, // decided, fails
    { ...set('p5', 6, small), notional: 60 }, // decided, passes
    set('s6', 5, big), // built, passes
  ];
  assert.deepEqual(rank(live, NOW, { minSize: 50, top: 3 }, build).map((o) => o.id), ['p1', 's3', 'p5']);
  assert.deepEqual(rank(live, NOW, { minSize: 50 }, build).map((o) => o.id), ['p1', 's3', 'p5', 's6']);
  // Sorting by % uses the same order (netSpreadPct = netProfit here).
  assert.deepEqual(rank(live, NOW, { minSize: 50, top: 1, sort: 'pct' }, build).map((o) => o.id), ['p1']);
});

test('rank: stale evaluations are left out before top', () => {
  const live = [{ ...set('old', 9, [[0.5, 10]]), oldestTs: NOW - 20_000 }, set('new', 1, [[0.5, 10]])];
  assert.deepEqual(rank(live, NOW, { maxAgeMs: 10_000, top: 1 }, build).map((o) => o.id), ['new']);
});
