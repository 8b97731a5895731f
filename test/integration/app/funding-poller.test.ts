// watch's funding poller: REST funding rates as pipeline events, retried after a failure,
// and closed cleanly (timer cleared, adapter closed) when the consumer stops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fundingPoller } from '../../../src/app/watch/funding-poller.js';
import { proportionalFee } from '../../../src/core/fees.js';
import { startVenueServer } from '../../helpers/venue-server.js';
import { ROUTES } from '../../helpers/venue-routes.js';
import { REGISTRY } from '../../../src/venues/registry.js';
import type { FundingRate, MarketEvent } from '../../../src/core/types.js';
import type { SnapshotRequest, VenueAdapter, VenueSnapshot } from '../../../src/venues/types.js';

function fakeVenue(script: (call: number) => VenueSnapshot | Error): VenueAdapter & { calls: SnapshotRequest[]; closed: boolean } {
  const v = {
    id: 'fake',
    calls: [] as SnapshotRequest[],
    closed: false,
    fee: () => proportionalFee(0.001),
    async snapshot(req: SnapshotRequest) {
      v.calls.push(req);
      const r = script(v.calls.length);
      if (r instanceof Error) throw r;
      return r;
    },
    async orderBooks(): Promise<VenueSnapshot> {
      return { quotes: [], funding: [], warnings: [] };
    },
    async close() {
      v.closed = true;
    },
  };
  return v;
}

const rate = (r: number): FundingRate => ({ type: 'funding', venue: 'fake', symbol: 'BTC/USDT:USDT', rate: r, intervalHours: 8, venueTs: 1, localTs: 1 });

test('polls funding for the perps only, skips a failed poll, and stops cleanly', async () => {
  const venue = fakeVenue((n) => (n === 2 ? new Error('HTTP 500') : { quotes: [], funding: [rate(n / 10_000)], warnings: [] }));
  const it = fundingPoller(async () => venue, { symbols: ['BTC/USDT:USDT'], intervalMs: 20, timeoutMs: 1000 });
  const got: MarketEvent[] = [];
  for await (const e of it) {
    got.push(e);
    if (got.length === 2) break; // calls 1 and 3 yield; call 2 failed and was retried
  }
  assert.deepEqual(got.map((e) => (e as FundingRate).rate), [0.0001, 0.0003]);
  assert.ok(venue.calls.length >= 3);
  assert.deepEqual([...venue.calls[0].markets], ['perp']);
  assert.equal(venue.calls[0].funding, true);
  assert.deepEqual(venue.calls[0].symbols, ['BTC/USDT:USDT']);
  assert.equal(venue.closed, true, 'leaving the loop must close the adapter');
  const callsAtStop = venue.calls.length;
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(venue.calls.length, callsAtStop, 'the timer must be cleared when the consumer stops');
});

test('against a local server in Binance wire format: premiumIndex rates become events', async (t) => {
  const server = await startVenueServer(ROUTES.binance());
  t.after(() => server.close());
  const it = fundingPoller(() => REGISTRY.get('binance')!.create({ config: { url: server.url }, timeoutMs: 5000, now: Date.now }), {
    symbols: ['BTC/USDT:USDT', 'ETH/USDT:USDT'],
    intervalMs: 60_000,
    timeoutMs: 5000,
  });
  const got: FundingRate[] = [];
  for await (const e of it) {
    got.push(e as FundingRate);
    if (got.length === 2) break;
  }
  assert.deepEqual(got.map((f) => f.symbol).sort(), ['BTC/USDT:USDT', 'ETH/USDT:USDT']);
  assert.ok(got.every((f) => f.type === 'funding' && f.venue === 'binance' && Number.isFinite(f.rate) && f.intervalHours > 0));
});
