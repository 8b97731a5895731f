// The offline prediction demo prices each venue's markets with that venue's own fee rule, as
// the live adapters do — source and all (a leg's feeSource shows where its fee came from).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { predictionDemoVenues, loadPredictionDemo } from '../../../src/venues/demo/prediction.js';

test('every demo venue prices its markets from venue market data, Manifold included', () => {
  const file = loadPredictionDemo();
  const venues = predictionDemoVenues(Date.now(), file);
  assert.deepEqual(venues.map((v) => v.id).sort(), ['betfair', 'kalshi', 'manifold', 'polymarket']);
  for (const v of venues) {
    const market = file.markets.find((m) => m.venue === v.id)!;
    const fee = v.marketFee(market.id);
    assert.equal(fee.source, 'venue-market-data', `${v.id} ${market.id}`);
  }
  // Manifold charges no trading fee: 0 on a 100-share buy at 0.40 (100 × 0.40 × 0 = 0).
  const manifold = venues.find((v) => v.id === 'manifold')!;
  assert.equal(manifold.marketFee(file.markets.find((m) => m.venue === 'manifold')!.id).taker(0.4, 100), 0);
});
