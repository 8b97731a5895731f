import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VenueStats } from '../../../../src/app/watch/venue-stats.js';

const status = (venue: string, state: 'connected' | 'reconnecting' | 'error', localTs: number, message?: string) => ({ type: 'status' as const, venue, state, message, localTs });

test('a venue going down counts its retries and bounds the next attempt; coming back clears the remark', () => {
  const s = new VenueStats(10_000, { backoffBaseMs: 500, backoffMaxMs: 30_000 });
  s.onStatus(status('okx', 'connected', 0));
  s.onStatus(status('okx', 'reconnecting', 1000, 'simulated outage'));
  s.onStatus(status('okx', 'reconnecting', 1600, 'ECONNREFUSED'));
  let r = s.rows(2000)[0];
  assert.equal(r.retries, 2);
  // second attempt's step: 500 × 2¹ = 1000 ms after 1600 → at most 600 ms from t = 2000
  assert.equal(r.nextAttemptInMs, 600);
  assert.equal(r.downForMs, 1000);
  assert.equal(r.message, 'ECONNREFUSED');
  s.onStatus(status('okx', 'connected', 3000));
  r = s.rows(3000)[0];
  assert.equal(r.message, undefined, 'the outage remark is gone once the venue is back');
  assert.equal(r.retries, 0);
  assert.equal(r.nextAttemptInMs, undefined);
});

test('a remark on a venue that stays connected is kept', () => {
  const s = new VenueStats(10_000);
  s.onStatus(status('polymarket', 'connected', 0, 'market list failed: timeout'));
  s.onStatus(status('polymarket', 'connected', 10));
  assert.equal(s.rows(20)[0].message, 'market list failed: timeout');
});
