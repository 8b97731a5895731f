import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from '../../helpers/venue-server.js';
import { polymarketFee, polymarketFeeOf, type GammaMarket } from '../../../src/venues/polymarket/rest.js';

// Polymarket's taker fee (https://docs.polymarket.com/trading/fees, generalised with the market's
// feeSchedule exponent): fee = C × rate × (p × (1 − p))^exponent.
const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `expected ${b}, got ${a}`);
const markets = fixture('polymarket/rest/polymarket-fee-markets.json') as GammaMarket[];
const market = (id: string) => markets.find((m) => String(m.id) === id)!;
const fee = (id: string, override?: number) => polymarketFeeOf(market(id), id, override);

test('polymarket fee: the exponent is applied (rate 0.25, exponent 2 crypto up/down)', () => {
  const f = fee('fee-updown-quadratic');
  assert.equal(f.warning, undefined);
  // 100 shares at p = 0.40: 100 × 0.25 × (0.4 × 0.6)^2 = 100 × 0.25 × 0.0576 = 1.44
  // (exponent 1 would give 100 × 0.25 × 0.24 = 6).
  close(f.fee.taker(0.4, 100), 1.44);
  // 100 shares at p = 0.50: 100 × 0.25 × 0.25^2 = 1.5625 (the "$1.56 per 100 shares" peak).
  close(f.fee.taker(0.5, 100), 1.5625);
  assert.equal(f.fee.source, 'venue-market-data');
  assert.equal(f.fee.makerRate, 0);
});

test('polymarket fee: the captured Gamma market (feeSchedule, no feesEnabled) charges its schedule', () => {
  const f = fee('3763487');
  // rate 0.07, exponent 1, 100 shares at 0.40: 100 × 0.07 × 0.4 × 0.6 = 1.68 (the fee page's
  // crypto table: $1.68 at $0.40).
  close(f.fee.taker(0.4, 100), 1.68);
  // Decimal strings are read too: politics "0.04" / "1" at 0.50 → 100 × 0.04 × 0.25 = 1.00.
  close(fee('fee-politics-1').fee.taker(0.5, 100), 1);
});

test('polymarket fee: feesEnabled false means no fee whatever feeSchedule.rate says; zero rate is zero', () => {
  assert.equal(fee('fee-disabled-but-scheduled').fee.taker(0.5, 100), 0, 'rate 0.07 in the schedule is ignored');
  assert.equal(fee('fee-free-1').fee.taker(0.5, 100), 0);
  assert.equal(fee('fee-zero-rate-1').fee.taker(0.5, 100), 0);
  // Even a user override does not charge a market the venue says is fee-free.
  assert.equal(fee('fee-disabled-but-scheduled', 0.05).fee.taker(0.5, 100), 0);
});

test('polymarket fee: neither field → fee-free unless the category is a known fee-enabled one', () => {
  assert.equal(fee('fee-neither-field').fee.taker(0.5, 100), 0, 'chosen default: no fee data, no known category → no fee');
  // category "Sports" → the published sports rate 0.03: 100 × 0.03 × 0.25 = 0.75 (fee page: $0.75 at $0.50).
  close(fee('fee-neither-sports').fee.taker(0.5, 100), 0.75);
  // feesEnabled true without a rate, feeType "weather_fees" → weather 0.05: 100 × 0.05 × 0.25 = 1.25.
  close(fee('fee-enabled-no-rate').fee.taker(0.5, 100), 1.25);
  // feesEnabled true, no rate, no category → the highest category rate 0.07: 100 × 0.07 × 0.25 = 1.75.
  close(polymarketFeeOf({ id: 'x', feesEnabled: true }, 'x').fee.taker(0.5, 100), 1.75);
});

test('polymarket fee: a fee field of the wrong type is a warning naming market and field, priced conservatively', () => {
  const bad = fee('fee-bad-rate');
  assert.match(bad.warning ?? '', /market fee-bad-rate: feeSchedule\.rate "four percent" is not a number/);
  // Conservative = max over (0.072, exponent 1) and (0.25, exponent 2) at each price.
  // p = 0.5: max(0.072 × 0.25, 0.25 × 0.0625) = max(0.018, 0.015625) → 100 shares: 1.80,
  // above every published schedule (crypto 0.07 → 1.75): never a cheaper fee.
  close(bad.fee.taker(0.5, 100), 1.8);
  // p = 0.1: max(0.072 × 0.09, 0.25 × 0.0081) = max(0.00648, 0.002025) → 0.648.
  close(bad.fee.taker(0.1, 100), 0.648);

  // feesEnabled "false" (a string): not read as false — a warning, and the conservative fee, not 0.
  const enabled = fee('fee-bad-enabled');
  assert.match(enabled.warning ?? '', /market fee-bad-enabled: feesEnabled "false" is not true\/false/);
  close(enabled.fee.taker(0.5, 100), 1.8);

  // Exponent of the wrong type: conservative, the valid rate kept with exponent 1 if higher.
  const e = polymarketFeeOf({ id: 'y', feesEnabled: true, feeSchedule: { rate: 0.25, exponent: 'two' as unknown as number } }, 'y');
  assert.match(e.warning ?? '', /feeSchedule\.exponent "two"/);
  // max(0.072 × 0.25, 0.25 × 0.0625, 0.25 × 0.25) = 0.0625 → 100 shares: 6.25.
  close(e.fee.taker(0.5, 100), 6.25);

  // feeSchedule as unparsable JSON text.
  assert.match(polymarketFeeOf({ id: 'z', feeSchedule: '{rate:' }, 'z').warning ?? '', /market z: feeSchedule .* is not JSON/);
});

test('polymarket fee: a user override replaces the rate (exponent kept) with source override', () => {
  const f = fee('fee-updown-quadratic', 0.02);
  // 100 × 0.02 × (0.4 × 0.6)^2 = 100 × 0.02 × 0.0576 = 0.1152
  close(f.fee.taker(0.4, 100), 0.1152);
  assert.equal(f.fee.source, 'override');
  // polymarketFee's defaults: exponent 1, source venue-market-data. 100 × 0.05 × 0.24 = 1.2
  close(polymarketFee(0.05).taker(0.4, 100), 1.2);
  assert.equal(polymarketFee(0.05).source, 'venue-market-data');
});
