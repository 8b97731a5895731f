/** @jsxRuntime automatic */
/** @jsxImportSource react */
// (pragmas: test/ is outside tsconfig "include", so tsx would otherwise use the classic JSX transform)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import type { Opportunity, Quote } from '../../src/core/types.js';
import type { TickResult, TrackedOpportunity } from '../../src/engine/live-ranker.js';
import { AlertTracker } from '../../src/tui/alerts.js';
import { SnapshotFeed } from '../../src/tui/snapshot-feed.js';
import type { WatchSnapshot } from '../../src/tui/watch-pipeline.js';
import { WatchApp } from '../../src/tui/WatchApp.js';

function opp(id: string, symbol: string, netSpreadPct: number, netProfit: number): Opportunity {
  return {
    id, kind: 'cross-spot', symbol, size: 0.5, quote: 'USDT', grossSpreadPct: 0.2, netSpreadPct, netProfit,
    buy: { venue: 'okx', price: 100, vwap: 100.5, fee: 0.05 }, sell: { venue: 'binance', price: 102, vwap: 101.5, fee: 0.05 },
    legs: [
      { side: 'buy', venue: 'okx', market: symbol, price: 100, vwap: 100.5, size: 0.5, fee: 0.05 },
      { side: 'sell', venue: 'binance', market: symbol, price: 102, vwap: 101.5, size: 0.5, fee: 0.05 },
    ],
    ageMs: 1200, ts: '', tsMs: 0,
  };
}
const tr = (o: Opportunity, lifetimeMs: number): TrackedOpportunity => ({ opp: o, firstSeenMs: 0, lifetimeMs, updates: 0 });
const snap = (live: TrackedOpportunity[], now = Date.UTC(2026, 10, 21, 10, 0, 0)): WatchSnapshot => ({
  now, live, staleCount: 2, messages: 10, rejected: 0,
  venues: [
    { venue: 'binance', state: 'connected', perSec: 1234, lastMessageAgeMs: 120, messages: 5, rejected: 0 },
    { venue: 'okx', state: 'reconnecting', message: 'connection closed by remote server', perSec: 0, lastMessageAgeMs: 4000, messages: 5, rejected: 0 },
    { venue: 'betfair', state: 'not-configured', message: 'needs an app key', perSec: 0, messages: 0, rejected: 0 },
  ],
});
const push = (feed: SnapshotFeed, s: WatchSnapshot) => feed.onTick({ now: s.now, events: [], live: s.live, stale: [] } as TickResult, s);
const frame = () => new Promise((r) => setTimeout(r, 160));
const book: Quote = { type: 'quote', venue: 'okx', symbol: 'BTC/USDT', market: 'spot', bids: [[99, 1]], asks: [[100, 0.3], [101, 0.4]], venueTs: 0, localTs: 0 };

test('frames: header with counts, ranked rows, venue panel; keys change the view', async (t) => {
  const feed = new SnapshotFeed();
  let quits = 0;
  let bells = 0;
  const alerts = new AlertTracker(0.3, 30_000);
  const app = render(
    <WatchApp feed={feed} book={(v) => (v === 'okx' ? book : undefined)} label="TEST" filters="min-net 0%" alerts={alerts} bell={() => bells++} onQuit={() => quits++} rows={40} columns={140} />,
  );
  t.after(() => app.unmount());
  assert.match(app.lastFrame()!, /connecting…/);
  push(feed, snap([tr(opp('a', 'BTC/USDT', 0.5, 20), 3000), tr(opp('b', 'ETH/USDT', 0.1, 30), 500)]));
  await frame();
  let f = app.lastFrame()!;
  assert.match(f, /arblens watch · TEST · 10:00:00Z/);
  assert.match(f, /2 live · 2 stale \(hidden\)/);
  // sorted by net profit: ETH (30) above BTC (20)
  assert.ok(f.indexOf('ETH/USDT') < f.indexOf('BTC/USDT'), f);
  assert.match(f, /okx @ 100\.5000\s+binance @ 101\.5000/);
  assert.match(f, /binance\s+connected\s+1\.2k\s+120ms/);
  assert.match(f, /okx\s+reconnecting\s+0\.0\s+4\.0s connection closed/);
  assert.match(f, /betfair\s+not configured/);
  assert.equal(bells, 1, 'BTC at 0.5 % ≥ --alert-net 0.3 rang once');

  app.stdin.write('s'); // sort by net %
  await frame();
  f = app.lastFrame()!;
  assert.match(f, /sort: net %/);
  assert.ok(f.indexOf('BTC/USDT') < f.indexOf('ETH/USDT'));

  app.stdin.write('/');
  app.stdin.write('eth');
  app.stdin.write('\r');
  await frame();
  f = app.lastFrame()!;
  assert.match(f, /symbol ~ eth/);
  assert.doesNotMatch(f, /BTC\/USDT/);

  app.stdin.write('\r'); // detail pane of the selected (only) row
  await frame();
  f = app.lastFrame()!;
  assert.match(f, /cross-spot:.*|b/);
  assert.match(f, /buy okx asks/);
  // the walk takes 0.3 at 100 then 0.2 of the 0.4 at 101 (size 0.5)
  assert.match(f, /100\.0000\s+0\.3000\s+0\.3000/);
  assert.match(f, /101\.0000\s+0\.4000\s+0\.2000/);

  app.stdin.write('p');
  push(feed, snap([], Date.UTC(2026, 10, 21, 10, 0, 5)));
  await frame();
  f = app.lastFrame()!;
  assert.match(f, /PAUSED/);
  assert.match(f, /10:00:00Z/, 'paused: the frame stays frozen');
  app.stdin.write('p');
  await frame();
  assert.match(app.lastFrame()!, /10:00:05Z/);
  assert.match(app.lastFrame()!, /0 live/);

  app.stdin.write('q');
  assert.equal(quits, 1);
});

test('the table never outgrows the terminal: extra rows are summarised', async (t) => {
  const feed = new SnapshotFeed();
  const app = render(<WatchApp feed={feed} book={() => undefined} label="T" filters="" alerts={new AlertTracker(undefined, 0)} bell={() => undefined} onQuit={() => undefined} rows={20} columns={140} />);
  t.after(() => app.unmount());
  push(feed, snap(Array.from({ length: 50 }, (_, i) => tr(opp(`o${i}`, 'BTC/USDT', 0.1, 50 - i), 0))));
  await frame();
  const f = app.lastFrame()!;
  assert.ok(f.split('\n').length <= 20, `frame has ${f.split('\n').length} lines`);
  assert.match(f, /… \d+ more/);
});
