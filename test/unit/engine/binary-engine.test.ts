import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BookLevel, Quote } from '../../../src/core/types.js';
import type { BinaryFeeModel, PredictionMarket } from '../../../src/core/prediction.js';
import { NO_FEE } from '../../../src/core/fees.js';
import { BinaryEngine, type PairLink } from '../../../src/engine/binary.js';
import { walkCompleteSet } from '../../../src/engine/binary-walk.js';
import { ceilToCent, kalshiFee } from '../../../src/venues/kalshi/rest.js';
import { polymarketFee } from '../../../src/venues/polymarket/rest.js';
import { betfairFee } from '../../../src/venues/betfair.js';

const NOW = Date.UTC(2026, 10, 21, 12);
const DAY = 86_400_000;
const close = (eq: number, a: number, tol = 1e-9) => assert.ok(Math.abs(eq - a) <= tol, `expected ${a}, got ${eq}`);

function mk(venue: string, id: string, extra: Partial<PredictionMarket> = {}): PredictionMarket {
  return { venue, id, question: `${venue} ${id}?`, yesLabel: 'Yes', noLabel: 'No', currency: 'USD', closeTs: NOW + 73 * DAY, ...extra };
}
function q(venue: string, symbol: string, asks: BookLevel[], ts = NOW): Quote {
  return { type: 'quote', venue, symbol, market: 'binary', bids: [], asks, venueTs: ts, localTs: ts };
}
function engine(fees: Record<string, BinaryFeeModel>, kinds?: string[]) {
  return new BinaryEngine({ fees: (venue, id) => fees[`${venue}:${id}`] ?? fees[venue] ?? NO_FEE, kinds: kinds ? new Set(kinds as never[]) : undefined });
}
const pair = (a: [string, string], b: [string, string], inverted = false, confirmed = true): PairLink => ({ pairId: `${a.join(':')}~${b.join(':')}`, a: { venue: a[0], id: a[1] }, b: { venue: b[0], id: b[1] }, inverted, confirmed, score: 0.9 });

test('fee formulas: Kalshi ceil-to-cent of multiplier × 0.07 × C·P·(1−P), Polymarket rate·p·(1−p), Betfair none per trade', () => {
  // 0.07 × 100 × 0.40 × 0.60 = 1.68 exactly → 1.68
  close(kalshiFee().taker(0.4, 100), 1.68);
  // 0.07 × 10 × 0.45 × 0.55 = 0.17325 → ceil → 0.18
  close(kalshiFee().taker(0.45, 10), 0.18);
  // 0.07 × 1 × 0.5 × 0.5 = 0.0175 → 0.02
  close(kalshiFee().taker(0.5, 1), 0.02);
  // 0.07 × 100 × 0.25 = 1.75 exactly: float noise must not round it up to 1.76
  close(kalshiFee().taker(0.5, 100), 1.75);
  // multiplier 0.5 INSIDE the rounding: ceil(0.035 × 10 × 0.45 × 0.55 = 0.086625) = 0.09
  close(kalshiFee(0.5).taker(0.45, 10), 0.09);
  // ceil(0.035 × 100 × 0.25 = 0.875) = 0.88 — rounding first and halving after gave 0.875
  close(kalshiFee(0.5).taker(0.5, 100), 0.88);
  close(ceilToCent(0.010000000001), 0.01);
  // Polymarket: 100 × 0.05 × 0.4 × 0.6 = 1.2
  close(polymarketFee(0.05).taker(0.4, 100), 1.2);
  close(polymarketFee(0).taker(0.4, 100), 0);
  assert.equal(betfairFee().taker(0.4, 100), 0);
  assert.equal(betfairFee().winningsRate, 0.05);
});

test('complement: top of book positive (0.45 + 0.53 = 0.98) but fees make every size a loss → no opportunity', () => {
  const e = engine({ kalshi: kalshiFee(), polymarket: polymarketFee(0.05) });
  e.addMarket(mk('kalshi', 'K1'));
  e.addMarket(mk('polymarket', 'P1'));
  assert.equal(e.addPair(pair(['kalshi', 'K1'], ['polymarket', 'P1'])), undefined);
  // 10 shares: gross 10 × (1 − 0.98) = 0.20; Kalshi fee ceil(0.17325) = 0.18; Polymarket
  // 10 × 0.05 × 0.53 × 0.47 = 0.12455 → 0.30455 in fees > 0.20. Next levels: 0.50 + 0.55 > 1.
  e.update(q('kalshi', 'K1:YES', [[0.45, 10], [0.5, 100]]), NOW);
  e.update(q('polymarket', 'P1:NO', [[0.53, 10], [0.55, 100]]), NOW);
  assert.equal(e.ranked(NOW).length, 0);
  // The same books without fees do trade: the fees are what removed it.
  const free = engine({});
  free.addMarket(mk('kalshi', 'K1'));
  free.addMarket(mk('polymarket', 'P1'));
  free.addPair(pair(['kalshi', 'K1'], ['polymarket', 'P1']));
  free.update(q('kalshi', 'K1:YES', [[0.45, 10], [0.5, 100]]), NOW);
  free.update(q('polymarket', 'P1:NO', [[0.53, 10], [0.55, 100]]), NOW);
  const [o] = free.ranked(NOW);
  close(o.netProfit, 0.2);
  assert.equal(o.size, 10);
});

test('complement sized in equal shares by walking both books, Kalshi fee per order (hand-computed)', () => {
  const e = engine({ kalshi: kalshiFee(), polymarket: polymarketFee(0.02) });
  e.addMarket(mk('kalshi', 'K1'));
  e.addMarket(mk('polymarket', 'P1', { closeTs: NOW + 76 * DAY }));
  e.addPair(pair(['kalshi', 'K1'], ['polymarket', 'P1']));
  e.update(q('kalshi', 'K1:YES', [[0.4, 100], [0.44, 200]], NOW - 500), NOW);
  e.update(q('polymarket', 'P1:NO', [[0.5, 150], [0.58, 100]]), NOW);
  // Breakpoint 100: cost 40 + 50 = 90; fees 1.68 (Kalshi) + 100×0.02×0.25 = 0.5 → profit 7.82
  // Breakpoint 150: cost 40 + 0.44×50 + 75 = 137; Kalshi one order over two levels:
  //   ceil(0.07 × (100×0.4×0.6 + 50×0.44×0.56) = 0.07 × 36.32 = 2.5424) = 2.55;
  //   Polymarket 150×0.02×0.25 = 0.75 → fees 3.30 → profit 150 − 137 − 3.30 = 9.70 (best)
  // Then 0.44 + 0.58 = 1.02 ≥ 1: stop.
  const [o] = e.ranked(NOW);
  assert.equal(o.kind, 'binary-complement');
  assert.equal(o.id, 'binary-complement:kalshi:K1:YES+polymarket:P1:NO');
  close(o.size, 150);
  close(o.shares as number, 150);
  close(o.payout as number, 150);
  close(o.cost as number, 137);
  close(o.fees as number, 3.3);
  close(o.netProfit, 9.7);
  close(o.netSpreadPct, (9.7 / 137) * 100);
  close(o.returnPct as number, (9.7 / 140.3) * 100);
  assert.equal(o.legs.length, 2);
  assert.deepEqual(o.legs.map((l) => [l.side, l.venue, l.market]), [['buy', 'kalshi', 'K1:YES'], ['buy', 'polymarket', 'P1:NO']]);
  close(o.legs[0].vwap, 62 / 150);
  close(o.legs[0].fee, 2.55);
  close(o.legs[1].fee, 0.75);
  assert.equal(o.ageMs, 500);
  // Resolution: the later close (76 days) governs; gap 3 days is flagged.
  close(o.daysToResolution as number, 76);
  close(o.annualisedPct as number, ((9.7 / 140.3) * 100 * 365) / 76);
  close(o.resolutionGapDays as number, 3);
  assert.deepEqual(o.flags, ['resolution-gap']);
  assert.equal(o.confirmed, true);
  assert.equal(o.inverted, false);
  assert.equal(o.quote, 'USD');
});

test('inverted pair buys YES on both venues; the same books as a normal pair show nothing', () => {
  const books = (e: BinaryEngine) => {
    e.update(q('kalshi', 'K1:YES', [[0.3, 50]]), NOW);
    e.update(q('kalshi', 'K1:NO', [[0.72, 50]]), NOW);
    e.update(q('polymarket', 'P1:YES', [[0.6, 50]]), NOW);
    e.update(q('polymarket', 'P1:NO', [[0.75, 50]]), NOW);
  };
  const inv = engine({}, ['binary-complement']);
  inv.addMarket(mk('kalshi', 'K1'));
  inv.addMarket(mk('polymarket', 'P1'));
  inv.addPair(pair(['kalshi', 'K1'], ['polymarket', 'P1'], true));
  books(inv);
  const r = inv.ranked(NOW);
  assert.equal(r.length, 1);
  // 50 × (1 − 0.30 − 0.60) = 5.0
  close(r[0].netProfit, 5);
  assert.deepEqual(r[0].legs.map((l) => l.market), ['K1:YES', 'P1:YES']);
  assert.equal(r[0].inverted, true);
  const straight = engine({}, ['binary-complement']);
  straight.addMarket(mk('kalshi', 'K1'));
  straight.addMarket(mk('polymarket', 'P1'));
  straight.addPair(pair(['kalshi', 'K1'], ['polymarket', 'P1'], false));
  books(straight);
  // YES_K + NO_P = 0.30 + 0.75 = 1.05; NO_K + YES_P = 0.72 + 0.60 = 1.32: nothing.
  assert.equal(straight.ranked(NOW).length, 0);
});

test('intra-venue YES + NO below 1, and incremental updates remove it', () => {
  const e = engine({});
  e.addMarket(mk('polymarket', 'P1'));
  e.update(q('polymarket', 'P1:YES', [[0.45, 10]]), NOW);
  e.update(q('polymarket', 'P1:NO', [[0.5, 20]]), NOW);
  const [o] = e.ranked(NOW);
  assert.equal(o.kind, 'binary-intra');
  // 10 × (1 − 0.95) = 0.5
  close(o.netProfit, 0.5);
  e.update(q('polymarket', 'P1:NO', [[0.56, 20]]), NOW);
  assert.equal(e.ranked(NOW).length, 0);
  e.update(q('polymarket', 'P1:NO', [[0.5, 20]]), NOW);
  assert.equal(e.ranked(NOW).length, 1);
  // A garbage book drops the side and its opportunities.
  assert.equal(e.update(q('polymarket', 'P1:NO', [[Number.NaN, 20]]), NOW), 'non-finite');
  assert.equal(e.ranked(NOW).length, 0);
  assert.equal(e.update(q('polymarket', 'P1:NO', [[1.2, 20]]), NOW), 'out-of-range');
  assert.equal(e.update(q('polymarket', 'NOPE:NO', [[0.2, 20]]), NOW), 'unknown-market');
});

test('multi-outcome: exhaustive event sums YES asks; augmented (implicit Other) and incomplete events are skipped', () => {
  const ev = (id: string, exhaustive: boolean, marketCount: number) => ({ id, title: 'Who wins?', outcome: '', exhaustive, marketCount });
  const e = engine({});
  for (const [eid, exh, count] of [['E1', true, 3], ['E2', false, 3], ['E3', true, 4]] as const) {
    for (const k of ['a', 'b', 'c']) e.addMarket(mk('polymarket', `${eid}${k}`, { event: ev(eid, exh, count) }));
    e.update(q('polymarket', `${eid}a:YES`, [[0.3, 10]]), NOW);
    e.update(q('polymarket', `${eid}b:YES`, [[0.3, 10]]), NOW);
    e.update(q('polymarket', `${eid}c:YES`, [[0.35, 5], [0.45, 50]]), NOW);
  }
  const r = e.ranked(NOW).filter((o) => o.kind === 'multi-outcome');
  assert.deepEqual(r.map((o) => o.id), ['multi-outcome:polymarket:E1']);
  // 5 shares: cost 5 × 0.95 = 4.75, payout 5 → 0.25; next: 0.30 + 0.30 + 0.45 = 1.05 stops.
  close(r[0].netProfit, 0.25);
  assert.equal(r[0].legs.length, 3);
  assert.equal(r[0].outcomes, 3);
});

test('Betfair commission is on NET WINNINGS per market, in the worst outcome', () => {
  // Back all three runners of one market at 1/0.30, 1/0.30, 1/0.35, 100 shares each: cost 95,
  // payout 100 whoever wins → net market winnings 5 → commission 5 % × 5 = 0.25 → profit 4.75.
  // (A commission on the winning bet alone would be 5 % × (100 − 30) = 3.50.)
  const fee = betfairFee(0.05);
  const legs = [0.3, 0.3, 0.35].map((p) => ({ asks: [[p, 100]] as BookLevel[], fee, group: 0 }));
  const w = walkCompleteSet(legs);
  close(w.shares, 100);
  close(w.cost, 95);
  close(w.fees, 0.25);
  close(w.netProfit, 4.75);
  // Cross-venue: Betfair YES at 0.40 + Kalshi-like NO at 0.55 (no fee), 100 shares: if the
  // Betfair leg wins its market nets 100 − 40 = 60 → commission 3; if it loses, none. Worst: 3.
  const w2 = walkCompleteSet([{ asks: [[0.4, 100]], fee, group: 0 }, { asks: [[0.55, 100]], fee: NO_FEE, group: -1 }]);
  close(w2.netProfit, 100 - 95 - 3);
  close(w2.legFee[0], 3);
  close(w2.legFee[1], 0);
});

test('cent rounding: the first share loses but a hundred win, so the walk does not stop at the first breakpoint', () => {
  // YES 0.48 and NO 0.49 on Kalshi-like fees, levels of 1 then 9 contracts at the same prices.
  // 1 contract: gross 0.03, fees ceil(0.07×0.48×0.52=0.017472)=0.02 + ceil(0.017493)=0.02 → −0.01.
  // 10 contracts (levels 1 + 9), one order per leg: ceil(0.07×10×0.2496 = 0.17472) = 0.18 and
  //   ceil(0.07×10×0.49×0.51 = 0.17493) = 0.18 → 0.36; gross 0.30 → −0.06. Still a loss: nothing reported.
  const f = kalshiFee();
  const none = walkCompleteSet([{ asks: [[0.48, 1], [0.48, 9]], fee: f, group: -1 }, { asks: [[0.49, 1], [0.49, 9]], fee: f, group: -1 }]);
  assert.equal(none.shares, 0);
  // YES 0.48 (levels 1 + 99) and NO 0.483 (100): gross 0.037 per share.
  // 1 share: fees ceil(0.07×0.48×0.52 = 0.017472) = 0.02 + ceil(0.07×0.483×0.517 = 0.017480) = 0.02
  //   → 0.037 − 0.04 = −0.003: a loss at the first breakpoint.
  // 100 shares: YES one order ceil(0.07×100×0.2496 = 1.7472) = 1.75; NO ceil(0.07×100×0.483×0.517
  //   = 1.747977) = 1.75 → fees 3.50, gross 3.70 → +0.20. Stopping at the first loss would have missed it.
  const best = walkCompleteSet([{ asks: [[0.48, 1], [0.48, 99]], fee: f, group: -1 }, { asks: [[0.483, 100]], fee: f, group: -1 }]);
  close(best.shares, 100);
  close(best.fees, 3.5);
  close(best.netProfit, 0.2);
});

test('Kalshi: one order sweeping three levels pays the rounded SUM of raw fees, not the sum of rounded levels', () => {
  // Kalshi leg 10@0.40, 10@0.45, 5@0.50 against a fee-free NO at 0.45 (25 shares).
  // One order: raw = 0.07 × (10×0.4×0.6 + 10×0.45×0.55 + 5×0.5×0.5) = 0.07 × (2.4 + 2.475 + 1.25)
  //   = 0.42875 → $0.43; per-level rounding would give 0.17 + 0.18 + 0.09 = 0.44.
  // Breakpoints: 10 → cost 4 + 4.5 = 8.5, fee ceil(0.168) = 0.17 → 1.5 − 0.17 = 1.33;
  //   20 → cost 17.5, fee ceil(0.07 × 4.875 = 0.34125) = 0.35 → 2.5 − 0.35 = 2.15;
  //   25 → cost 4 + 4.5 + 2.5 + 11.25 = 22.25, fee 0.43 → 2.75 − 0.43 = 2.32 (best).
  const f = kalshiFee();
  const legs = [
    { asks: [[0.4, 10], [0.45, 10], [0.5, 5]] as BookLevel[], fee: f, group: -1 },
    { asks: [[0.45, 25]] as BookLevel[], fee: NO_FEE, group: -1 },
  ];
  const w = walkCompleteSet(legs);
  close(w.shares, 25);
  close(w.cost, 22.25);
  close(w.fees, 0.43);
  close(w.netProfit, 2.32);
  close(w.legFee[0], 0.43);
  close(w.legFee[1], 0);
  // The allocation-free pass (no per-leg detail) finds the same figures.
  const fast = walkCompleteSet(legs, {}, false);
  close(fast.fees, 0.43);
  close(fast.netProfit, 2.32);
  // A half-fee series: ceil(0.035 × 6.125 = 0.214375) = 0.22 (per level: 0.09 + 0.09 + 0.05 = 0.23).
  const half = walkCompleteSet([{ ...legs[0], fee: kalshiFee(0.5) }, legs[1]]);
  close(half.fees, 0.22);
  close(half.netProfit, 2.75 - 0.22);
});

test('per-order rounding still finds the profit-maximising size (the first contract loses, ten win)', () => {
  // YES 0.47 (1 + 9) and NO 0.50 (1 + 9) on Kalshi, gross 0.03 a share.
  // 1 share: ceil(0.07×0.2491 = 0.017437) = 0.02 + ceil(0.07×0.25 = 0.0175) = 0.02 → 0.03 − 0.04 = −0.01.
  // 10 shares, one order a leg: ceil(0.07×10×0.2491 = 0.17437) = 0.18 + ceil(0.175) = 0.18 → 0.30 − 0.36 = −0.06.
  // Per-level rounding would have charged 0.02 + ceil(0.156933) = 0.16 → the same 0.18; so use 1 + 99:
  // 100 shares: ceil(1.7437) = 1.75 + ceil(1.75) = 1.75 → 3.00 − 3.50 < 0: no size wins; nothing reported.
  const f = kalshiFee();
  assert.equal(walkCompleteSet([{ asks: [[0.47, 1], [0.47, 99]], fee: f, group: -1 }, { asks: [[0.5, 1], [0.5, 99]], fee: f, group: -1 }]).shares, 0);
  // YES 0.40 (1 + 99), NO 0.55 fee-free (100): gross 0.05 a share.
  // 1 share: ceil(0.07×0.24 = 0.0168) = 0.02 → 0.05 − 0.02 = 0.03.
  // 100 shares: one order ceil(0.07×100×0.24 = 1.68) = 1.68 → 5 − 1.68 = 3.32 (best).
  //   Per-level rounding would have charged 0.02 + ceil(1.6632) = 1.67 → 1.69.
  const w = walkCompleteSet([{ asks: [[0.4, 1], [0.4, 99]], fee: f, group: -1 }, { asks: [[0.55, 100]], fee: NO_FEE, group: -1 }]);
  close(w.shares, 100);
  close(w.fees, 1.68);
  close(w.netProfit, 3.32);
});

test('limits cap shares and cost; currency mismatch is refused for pairs', () => {
  const w = walkCompleteSet([{ asks: [[0.4, 100]], fee: NO_FEE, group: -1 }, { asks: [[0.5, 100]], fee: NO_FEE, group: -1 }], { maxCost: 45 });
  // 45 / 0.90 = 50 shares
  close(w.shares, 50);
  close(w.netProfit, 5);
  const e = engine({});
  e.addMarket(mk('manifold', 'M1', { currency: 'MANA' }));
  e.addMarket(mk('kalshi', 'K1'));
  assert.match(e.addPair(pair(['manifold', 'M1'], ['kalshi', 'K1'])) ?? '', /MANA and USD are different currencies/);
  assert.match(e.addPair(pair(['kalshi', 'K9'], ['kalshi', 'K1'])) ?? '', /not listed/);
});

test('unconfirmed (auto-matched) pairs are flagged', () => {
  const e = engine({});
  e.addMarket(mk('kalshi', 'K1'));
  e.addMarket(mk('polymarket', 'P1'));
  e.addPair(pair(['kalshi', 'K1'], ['polymarket', 'P1'], false, false));
  e.update(q('kalshi', 'K1:YES', [[0.4, 10]]), NOW);
  e.update(q('polymarket', 'P1:NO', [[0.5, 10]]), NOW);
  const [o] = e.ranked(NOW);
  assert.equal(o.confirmed, false);
  assert.deepEqual(o.flags, ['unconfirmed-match']);
  close(o.matchScore as number, 0.9);
});
