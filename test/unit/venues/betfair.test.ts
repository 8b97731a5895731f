import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from '../../helpers/venue-server.js';
import { betfairFee, betfairSkipSummary, parseBetfairMarket, type BetfairCatalogue, type BetfairMarketBook, type BetfairSkip } from '../../../src/venues/betfair.js';
import { BinaryEngine } from '../../../src/engine/binary.js';
import type { PredictionMarket } from '../../../src/core/prediction.js';
import type { Quote } from '../../../src/core/types.js';

// Payload shapes: listMarketCatalogue / listMarketBook as in betfairlightweight's captured
// tests/resources (see test/fixtures/betfair/SOURCES.md).
const NOW = Date.now();
const cats = fixture('betfair/rest/listMarketCatalogue.json', NOW) as BetfairCatalogue[];
const books = fixture('betfair/rest/listMarketBook.json', NOW) as BetfairMarketBook[];
const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `expected ${b}, got ${a}`);

function parseAll(bookList: BetfairMarketBook[]) {
  const byId = new Map(bookList.map((b) => [b.marketId, b]));
  const markets: PredictionMarket[] = [];
  const quotes: Quote[] = [];
  const warnings: string[] = [];
  const skips: { marketId: string; skipped: BetfairSkip; status?: string }[] = [];
  for (const c of cats) {
    const p = parseBetfairMarket(c, byId.get(c.marketId), 'GBP', NOW);
    markets.push(...p.markets);
    quotes.push(...p.quotes);
    warnings.push(...p.warnings);
    if (p.skipped) skips.push({ marketId: c.marketId!, skipped: p.skipped, status: p.status });
  }
  return { markets, quotes, warnings, skips };
}

function rank(markets: PredictionMarket[], quotes: Quote[]) {
  const e = new BinaryEngine({ fees: () => betfairFee(0.05), kinds: new Set(['multi-outcome']) });
  for (const m of markets) e.addMarket(m);
  for (const q of quotes) e.update(q, NOW);
  return e.ranked(NOW);
}

test('betfair: a complete outcome set needs every ACTIVE runner listed (numberOfActiveRunners) and priced', () => {
  const r = parseAll(books);
  const ev = (marketId: string) => r.markets.find((m) => m.id.startsWith(`${marketId}/`))?.event;
  // 1.240000100: 3 ACTIVE runners listed, numberOfActiveRunners 4 (Candidate D missing).
  assert.equal(ev('1.240000100')?.exhaustive, false);
  assert.ok(r.warnings.some((w) => w.includes('1.240000100') && w.includes('3 active runner(s) listed but numberOfActiveRunners is 4')), r.warnings.join('\n'));
  // 1.240000101: 3 of 3 listed, but Party Z has no back price (nothing to buy).
  assert.equal(ev('1.240000101')?.exhaustive, false);
  assert.ok(r.warnings.some((w) => w.includes('1.240000101') && w.includes('no back price for Party Z')), r.warnings.join('\n'));
  // 1.240000104: 3 ACTIVE listed = numberOfActiveRunners 3 (the REMOVED runner does not count), all priced.
  assert.equal(ev('1.240000104')?.exhaustive, true);
  assert.ok(!r.warnings.some((w) => w.includes('1.240000104')));

  // Only the complete set is an arbitrage. 1.240000100 would have faked one: YES asks
  // 1/3 + 1/3 + 1/3.2 = 0.979 < 1 with a fourth runner unbought.
  // 1.240000104: YES asks 1/2.5 + 1/2.5 + 1/10 = 0.9; back £40 at 2.5 = 100 shares, £10 at 10 =
  //   100 shares → 100 shares each: cost 40 + 40 + 10 = 90, payout 100, net market winnings 10 →
  //   commission 5 % × 10 = 0.50 → profit 100 − 90 − 0.5 = 9.5.
  const ranked = rank(r.markets, r.quotes);
  assert.deepEqual(ranked.map((o) => o.id), ['multi-outcome:betfair:1.240000104']);
  close(ranked[0].size, 100);
  close(ranked[0].netProfit, 9.5);

  // Without numberOfActiveRunners the set is not trusted either.
  const bare = { ...books.find((b) => b.marketId === '1.240000104')!, numberOfActiveRunners: undefined };
  const p = parseBetfairMarket(cats.find((c) => c.marketId === '1.240000104')!, bare, 'GBP', NOW);
  assert.equal(p.markets[0].event?.exhaustive, false);
  assert.ok(p.warnings.some((w) => w.includes('numberOfActiveRunners is missing')));
  // A wrong type is named, not crashed on.
  const odd = parseBetfairMarket(cats.find((c) => c.marketId === '1.240000104')!, { ...bare, numberOfActiveRunners: '3' as never }, 'GBP', NOW);
  assert.ok(odd.warnings.some((w) => w.includes('numberOfActiveRunners is "3"')));
});

test('betfair: SUSPENDED markets and markets with no book are counted into ONE summary line (ids only when verbose)', () => {
  const r = parseAll(books);
  assert.deepEqual(r.skips, [
    { marketId: '1.240000102', skipped: 'not-open', status: 'SUSPENDED' },
    { marketId: '1.240000103', skipped: 'no-book', status: undefined },
  ]);
  const quiet = betfairSkipSummary(r.skips, false);
  assert.deepEqual(quiet, ['2 catalogue market(s) not priced: 1 SUSPENDED, 1 with no book in listMarketBook']);
  const loud = betfairSkipSummary(r.skips, true);
  assert.equal(loud.length, 1);
  assert.match(loud[0], /SUSPENDED: 1\.240000102; with no book in listMarketBook: 1\.240000103/);
  assert.deepEqual(betfairSkipSummary([], true), []);
});

test('betfair: isMarketDataDelayed true → markets listed, prices refused, said once', () => {
  const delayed = books.map((b) => ({ ...b, isMarketDataDelayed: true }));
  const r = parseAll(delayed);
  assert.equal(r.quotes.length, 0, 'delayed prices are never live');
  assert.ok(r.markets.some((m) => m.id === '1.240000104/9001'), 'markets stay listed so pairs still resolve');
  assert.equal(rank(r.markets, r.quotes).length, 0);
  const lines = betfairSkipSummary(r.skips, false);
  // Three OPEN delayed markets, one SUSPENDED, one with no book: one line each kind, never per market.
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^prices are delayed \(isMarketDataDelayed: true, a delayed application key\): 3 market\(s\) listed but not priced/);
  assert.match(lines[1], /^2 catalogue market\(s\) not priced/);
  // The same books live: quotes flow.
  assert.equal(parseAll(books).quotes.length, 2 * (3 + 3 + 3));
});
