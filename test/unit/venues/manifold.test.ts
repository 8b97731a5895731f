import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from '../../helpers/venue-server.js';
import { manifoldFee, parseManifoldMarket, type ManifoldLiteMarket } from '../../../src/venues/manifold/rest.js';

test('manifold: the quote carries the receive time, not lastUpdatedTime (the pool served is current)', () => {
  const [m] = fixture('manifold/rest/manifold-quiet-market.json') as ManifoldLiteMarket[];
  // The last bet was 2026-01-02 (lastUpdatedTime 1767312000000); the answer arrives now.
  const now = Date.parse('2026-11-30T12:00:00Z');
  const r = parseManifoldMarket(m, now);
  assert.ok(typeof r !== 'string', String(r));
  assert.equal(r.yes.venueTs, now);
  assert.equal(r.no.venueTs, now);
  assert.equal(r.yes.localTs, now);
  // With lastUpdatedTime the quote would be ~332 days old: stale at the default --max-age 10 s.
  assert.ok(now - m.lastUpdatedTime! > 300 * 86_400_000);
});

test('manifold: no trading fee, from the venue market data', () => {
  assert.equal(manifoldFee.taker(0.5, 100), 0);
  assert.equal(manifoldFee.source, 'venue-market-data');
});
