import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KALSHI_CONSERVATIVE_FEE, kalshiFee, parseKalshiMarket, readSeriesFee, type KalshiMarket } from '../../../src/venues/kalshi/rest.js';
import { BinaryEngine } from '../../../src/engine/binary.js';
import { NO_FEE } from '../../../src/core/fees.js';
import type { PredictionMarket } from '../../../src/core/prediction.js';
import { fixture } from '../../helpers/venue-server.js';

// Rules: https://kalshi.com/docs/kalshi-fee-schedule.pdf (General 0.07, Maker 0.0175, Specific
// table 0.035, all rounded UP to the cent), https://docs.kalshi.com/api-reference/market/get-series
// (fee_type, fee_multiplier) and https://docs.kalshi.com/getting_started/fee_rounding (per order).
const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `expected ${b}, got ${a}`);

test('kalshi fee rules per fee_type, the multiplier inside the rounding', () => {
  // quadratic ×1: ceil(0.07 × 100 × 0.4 × 0.6 = 1.68) = 1.68
  close(kalshiFee(1, 'quadratic').taker(0.4, 100), 1.68);
  // ×0.5: ceil(0.035 × 100 × 0.5 × 0.5 = 0.875) = 0.88 (never 1.75 × 0.5 = 0.875, a fraction of a cent)
  close(kalshiFee(0.5, 'quadratic').taker(0.5, 100), 0.88);
  // ×0.5: ceil(0.035 × 10 × 0.4 × 0.6 = 0.084) = 0.09 (rounding then halving gave 0.17 × 0.5 = 0.085)
  close(kalshiFee(0.5, 'quadratic_with_maker_fees').taker(0.4, 10), 0.09);
  // flat = the Specific Trading Fees Table: ceil(0.035 × 100 × 0.25 = 0.875) = 0.88
  close(kalshiFee(1, 'flat').taker(0.5, 100), 0.88);
  // a fee-free series (multiplier 0) pays nothing
  assert.equal(kalshiFee(0, 'quadratic').taker(0.5, 100), 0);
  // We are takers: the quadratic types differ only in what makers pay (0.0175 = 0.25 × 0.07; combo 0.5 × 0.07).
  close(kalshiFee(1, 'quadratic').makerRate, 0);
  close(kalshiFee(1, 'quadratic_with_maker_fees').makerRate, 0.0175);
  close(kalshiFee(1, 'quadratic_with_combo_maker_fees').makerRate, 0.035);
  close(kalshiFee(1, 'quadratic_with_combo_maker_fees').taker(0.4, 100), 1.68);
  // Per order: 10@0.40 + 10@0.45 + 5@0.50 → raw 0.07 × (2.4 + 2.475 + 1.25) = 0.42875 → 0.43
  const f = kalshiFee();
  const raw = f.perOrder!.raw(0.4, 10) + f.perOrder!.raw(0.45, 10) + f.perOrder!.raw(0.5, 5);
  close(raw, 0.42875);
  close(f.perOrder!.round(raw), 0.43);
  close(f.taker(0.4, 10) + f.taker(0.45, 10) + f.taker(0.5, 5), 0.44);
});

test('series fee fields: bad or unknown input is a warning naming the series and the field, priced conservatively', () => {
  const good = readSeriesFee({ ticker: 'KXMLBGAME', fee_type: 'quadratic_with_maker_fees', fee_multiplier: 0.5 });
  assert.deepEqual(good, { ticker: 'KXMLBGAME', fee: { feeType: 'quadratic_with_maker_fees', multiplier: 0.5 } });
  assert.deepEqual(readSeriesFee({ ticker: 'KXFREE', fee_type: 'quadratic', fee_multiplier: 0 })?.fee, { feeType: 'quadratic', multiplier: 0 });
  // Unknown fee_type with multiplier 0.5: the General rule with multiplier max(1, 0.5) = 1, never cheaper.
  const odd = readSeriesFee({ ticker: 'KXODD', fee_type: 'cubic', fee_multiplier: 0.5 })!;
  assert.deepEqual(odd.fee, { feeType: 'quadratic', multiplier: 1 });
  assert.match(odd.warning!, /^series KXODD: unknown fee_type "cubic": priced with the conservative rule round_up\(0\.07 × C × P × \(1 − P\)\)$/);
  // A multiplier of the wrong type (a string), negative, or missing: named, conservative.
  const str = readSeriesFee({ ticker: 'KXBADM', fee_type: 'quadratic', fee_multiplier: '0.5' })!;
  assert.deepEqual(str.fee, KALSHI_CONSERVATIVE_FEE);
  assert.match(str.warning!, /series KXBADM: fee_multiplier "0\.5" is not a non-negative number/);
  assert.match(readSeriesFee({ ticker: 'KXNEG', fee_type: 'quadratic', fee_multiplier: -1 })!.warning!, /fee_multiplier -1/);
  const bare = readSeriesFee({ ticker: 'KXBARE' })!;
  assert.match(bare.warning!, /series KXBARE: no fee_type, no fee_multiplier/);
  assert.deepEqual(bare.fee, KALSHI_CONSERVATIVE_FEE);
  // A type object instead of a string: no crash.
  assert.match(readSeriesFee({ ticker: 'KXOBJ', fee_type: { a: 1 }, fee_multiplier: 1 })!.warning!, /unknown fee_type \{"a":1\}/);
  assert.equal(readSeriesFee({ fee_type: 'quadratic' }), undefined);
});

test('kalshi dates: expected_expiration_time is the resolution date, close_time the latest possible one', () => {
  const page = fixture('kalshi/rest/markets-by-ticker.json') as { markets: KalshiMarket[] };
  const mlb = parseKalshiMarket(page.markets[0], undefined);
  assert.ok(typeof mlb !== 'string');
  assert.equal(mlb.market.closeTs, Date.parse('2026-06-28T21:15:00Z'));
  assert.equal(mlb.market.latestCloseTs, Date.parse('2026-07-12T18:15:00Z'));
  // occurrence_datetime when there is no expected_expiration_time; close_time alone is both dates.
  const occ = parseKalshiMarket({ ...page.markets[0], expected_expiration_time: undefined }, undefined);
  assert.ok(typeof occ !== 'string');
  assert.equal(occ.market.closeTs, Date.parse('2026-06-28T18:15:00Z'));
  const only = parseKalshiMarket(page.markets[2], undefined);
  assert.ok(typeof only !== 'string');
  assert.deepEqual([only.market.closeTs, only.market.latestCloseTs], [Date.parse('2026-12-31T21:00:00Z'), Date.parse('2026-12-31T21:00:00Z')]);
  // The market's own series_ticker is read when there is no event.
  const inx = parseKalshiMarket(page.markets[1], undefined);
  assert.ok(typeof inx !== 'string');
  assert.equal(inx.series, 'KXINXY');

  // Days to resolution, annualised return and the resolution-gap flag follow the expected date.
  // Now = Jun 21 21:15Z; Kalshi expected Jun 28 21:15Z (close_time Jul 12 is 14 days later);
  // Polymarket ends Jun 28 21:15Z. YES 0.52 (Kalshi, fee-free here) + NO 0.45, 100 shares:
  // profit 100 × 0.03 = 3, cost 97 → return 3/97; 7 days, no gap.
  const now = Date.parse('2026-06-21T21:15:00Z');
  const e = new BinaryEngine({ fees: () => NO_FEE, kinds: new Set(['binary-complement']) });
  e.addMarket(mlb.market);
  const pm: PredictionMarket = { venue: 'polymarket', id: 'P1', question: 'St. Louis beats Miami?', yesLabel: 'Yes', noLabel: 'No', currency: 'USD', closeTs: Date.parse('2026-06-28T21:15:00Z') };
  e.addMarket(pm);
  e.addPair({ pairId: 'p', a: { venue: 'kalshi', id: mlb.market.id }, b: { venue: 'polymarket', id: 'P1' }, inverted: false, confirmed: true });
  e.update({ type: 'quote', venue: 'kalshi', symbol: `${mlb.market.id}:YES`, market: 'binary', bids: [], asks: [[0.52, 100]], venueTs: now, localTs: now }, now);
  e.update({ type: 'quote', venue: 'polymarket', symbol: 'P1:NO', market: 'binary', bids: [], asks: [[0.45, 100]], venueTs: now, localTs: now }, now);
  const [o] = e.ranked(now);
  close(o.netProfit, 3);
  close(o.daysToResolution as number, 7);
  close(o.annualisedPct as number, ((3 / 97) * 100 * 365) / 7);
  assert.equal(o.resolvesAt, '2026-06-28T21:15:00.000Z');
  assert.equal(o.latestResolvesAt, '2026-07-12T18:15:00.000Z', 'close_time kept as the latest possible date');
  close(o.resolutionGapDays as number, 0);
  assert.deepEqual(o.flags, []);
});
