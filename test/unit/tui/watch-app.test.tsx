/** @jsxRuntime automatic */
/** @jsxImportSource react */
// (pragmas: test/ is outside tsconfig "include", so tsx would otherwise use the classic JSX transform)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import type { Opportunity, Quote } from '../../../src/core/types.js';
import type { TickResult, TrackedOpportunity } from '../../../src/engine/live-ranker.js';
import { AlertTracker } from '../../../src/app/watch/alerts.js';
import { SnapshotFeed } from '../../../src/app/watch/snapshot-feed.js';
import type { WatchSnapshot } from '../../../src/app/watch/pipeline.js';
import { WatchApp } from '../../../src/tui/WatchApp.js';

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
  assert.match(f, /arblens watch · ✖ 1\/2 venues down · 10:00:00Z · TEST/);
  assert.match(f, /2 live · 2 stale \(hidden\)/);
  // sorted by net profit: ETH (30) above BTC (20)
  assert.ok(f.indexOf('ETH/USDT') < f.indexOf('BTC/USDT'), f);
  assert.match(f, /okx spot @ 100\.5000\s+binance spot @ 101\.5000/);
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
  // Let the key land before the next snapshot (under load the frame timer can otherwise win).
  await frame();
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

test('a binary set lists every leg in the row and walks every leg in the detail pane', async () => {
  const { rowText, chooseColumns } = await import('../../../src/tui/columns.js');
  const { DetailPane } = await import('../../../src/tui/DetailPane.js');
  const set: Opportunity = {
    id: 'binary-complement:k~p:kalshi>polymarket', kind: 'binary-complement', symbol: 'k~p', size: 40, quote: 'USD', grossSpreadPct: 5.26, netSpreadPct: 3.33, netProfit: 1.266,
    legs: [
      { side: 'buy', venue: 'kalshi', market: 'K1:NO', price: 0.55, vwap: 0.55, size: 40, fee: 0.35 },
      { side: 'buy', venue: 'polymarket', market: 'P1:YES', price: 0.4, vwap: 0.4, size: 40, fee: 0.384 },
    ],
    ageMs: 300, ts: '', tsMs: 0,
  };
  const r = rowText(tr(set, 2000), 0, chooseColumns(200, [tr(set, 2000)]));
  assert.match(r, /kalshi 0\.550 \+ polymarket 0\.400\s+→ pays 40/);
  const books: Record<string, Quote> = {
    'kalshi K1:NO': { type: 'quote', venue: 'kalshi', symbol: 'K1:NO', market: 'binary', bids: [], asks: [[0.55, 25], [0.56, 100]], venueTs: 0, localTs: 0 },
    'polymarket P1:YES': { type: 'quote', venue: 'polymarket', symbol: 'P1:YES', market: 'binary', bids: [], asks: [[0.4, 60]], venueTs: 0, localTs: 0 },
  };
  const app = render(<DetailPane tracked={tr(set, 2000)} book={(v, s) => books[`${v} ${s}`]} levels={5} height={12} />);
  const f = app.lastFrame()!;
  assert.match(f, /buy kalshi asks/);
  assert.match(f, /buy polymarket asks/);
  // 40 shares: kalshi takes 25 at 0.55 and 15 of the 100 at 0.56; polymarket 40 of 60 at 0.40.
  assert.match(f, /0\.55\d*\s+25\.0000\s+25\.0000\s+│\s+0\.4\d*\s+60\.0000\s+40\.0000/);
  assert.match(f, /0\.56\d*\s+100(\.0+)?\s+15\.0000/);
  app.unmount();
});
