/**
 * Arbitrage replay: recorded quotes go through the SAME OpportunityEngine as `scan` and `watch`;
 * when it reports a cross-venue spot opportunity, two market orders are sent and arrive
 * `latencyMs` later. They then walk the books as they are at that moment (the matching engine
 * holds each instrument's latest recorded book; depth taken by one fill is gone for the next
 * until a new quote replaces the book), pay each venue's taker fee on every fill, and are capped
 * by per-venue inventory: a venue never sells base it does not hold nor spends quote it lacks.
 * The result compares the P&L the scanner promised with the P&L realised.
 * Pure: quotes in, result out; time comes from the quotes (localTs: when they were seen).
 */
import type { FeeModel, MarketType, Opportunity, Quote } from '../core/types.js';
import { splitSymbol } from '../core/units.js';
import { OpportunityEngine } from '../engine/engine.js';
import { OrderBook } from './order-book.js';

/** venue → asset → amount. */
export type Balances = Map<string, Map<string, number>>;

export interface ArbOptions {
  fees(venue: string, market: MarketType, symbol: string): FeeModel;
  readonly latencyMs: number;
  readonly maxAgeMs: number;
  readonly minProfit: number;
  readonly maxNotional?: number;
  /** Starting balances; a venue first seen without one gets `defaultBalance(venue, symbol, mid)`. */
  readonly balances: Balances;
  readonly defaultBalance?: (venue: string, base: string, quote: string, mid: number) => Record<string, number>;
}

export interface ArbTrade {
  readonly id: string;
  readonly symbol: string;
  readonly buyVenue: string;
  readonly sellVenue: string;
  readonly seenTs: number;
  readonly execTs: number;
  readonly promisedSize: number;
  readonly promisedProfit: number;
  /** Size both legs filled (hedged); 0 when the books or the inventory allowed nothing. */
  readonly filledSize: number;
  readonly buyVwap: number;
  readonly sellVwap: number;
  readonly fees: number;
  readonly realisedProfit: number;
  /** Why the fill was smaller than promised: 'book' (depth gone), 'inventory', or none. */
  readonly limitedBy?: 'book' | 'inventory';
}

export interface ArbResult {
  readonly quotes: number;
  readonly opportunities: number;
  readonly trades: ArbTrade[];
  readonly promisedProfit: number;
  readonly realisedProfit: number;
  readonly startBalances: Record<string, Record<string, number>>;
  readonly endBalances: Record<string, Record<string, number>>;
}

interface Pending {
  readonly opp: Opportunity;
  readonly seenTs: number;
  readonly execTs: number;
}

export class ArbReplay {
  private readonly engine: OpportunityEngine;
  private readonly books = new Map<string, { book: OrderBook; quote: Quote }>();
  private readonly pending: Pending[] = [];
  /** Opportunity id → the quote timestamps it was acted on (act once per pair of books). */
  private readonly acted = new Map<string, string>();
  private readonly trades: ArbTrade[] = [];
  private readonly start: Balances = new Map();
  private nextOrderId = 1;
  private quotes = 0;
  private seen = 0;
  private clock = -Infinity;

  constructor(private readonly o: ArbOptions) {
    this.engine = new OpportunityEngine({ fees: o.fees, kinds: new Set(['cross-spot']), limits: o.maxNotional !== undefined ? { maxNotional: o.maxNotional } : undefined });
    for (const [v, m] of o.balances) this.start.set(v, new Map(m));
  }

  /** Feeds one recorded quote (in time order). */
  push(q: Quote): void {
    const t = (this.clock = Math.max(this.clock, q.localTs));
    this.quotes++;
    this.executeDue(t);
    if (q.market !== 'spot') return;
    this.ensureBalance(q);
    const problem = this.engine.update(q, t);
    const key = q.venue + '\u0000' + q.symbol;
    if (problem) {
      this.books.delete(key);
      return;
    }
    this.books.set(key, { book: bookOf(q, () => this.nextOrderId++), quote: q });
    for (const opp of this.engine.ranked(t, { maxAgeMs: this.o.maxAgeMs, minProfit: this.o.minProfit })) {
      const b = this.books.get(opp.buy!.venue + '\u0000' + opp.symbol)?.quote.localTs;
      const sq = this.books.get(opp.sell!.venue + '\u0000' + opp.symbol)?.quote.localTs;
      const stamp = `${b}:${sq}`;
      if (this.acted.get(opp.id) === stamp) continue;
      this.acted.set(opp.id, stamp);
      this.seen++;
      this.pending.push({ opp, seenTs: t, execTs: t + this.o.latencyMs });
    }
    if (this.o.latencyMs === 0) this.executeDue(t);
  }

  /** Executes what is still in flight (the data ended) and returns the summary. */
  finish(): ArbResult {
    this.executeDue(Infinity);
    const sum = (f: (t: ArbTrade) => number) => this.trades.reduce((a, t) => a + f(t), 0);
    return {
      quotes: this.quotes,
      opportunities: this.seen,
      trades: this.trades,
      promisedProfit: sum((t) => t.promisedProfit),
      realisedProfit: sum((t) => t.realisedProfit),
      startBalances: plain(this.start),
      endBalances: plain(this.o.balances),
    };
  }

  private ensureBalance(q: Quote): void {
    if (this.o.balances.has(q.venue) || !this.o.defaultBalance || !q.bids.length || !q.asks.length) return;
    const { base, quote } = splitSymbol(q.symbol);
    const m = new Map(Object.entries(this.o.defaultBalance(q.venue, base, quote, (q.bids[0][0] + q.asks[0][0]) / 2)));
    this.o.balances.set(q.venue, m);
    this.start.set(q.venue, new Map(m));
  }

  private executeDue(t: number): void {
    while (this.pending.length && this.pending[0].execTs <= t) this.execute(this.pending.shift()!);
  }

  private execute(p: Pending): void {
    const { opp } = p;
    const buyVenue = opp.buy!.venue;
    const sellVenue = opp.sell!.venue;
    const { base, quote } = splitSymbol(opp.symbol);
    const buySide = this.books.get(buyVenue + '\u0000' + opp.symbol);
    const sellSide = this.books.get(sellVenue + '\u0000' + opp.symbol);
    const cash = this.bal(buyVenue, quote);
    const held = this.bal(sellVenue, base);
    let size = opp.size;
    let limitedBy: ArbTrade['limitedBy'];
    // Inventory: the sell venue must hold the base, the buy venue the quote to pay for the
    // walk through its current asks plus the fee; then both books must take the same size.
    const rate = this.o.fees(buyVenue, 'spot', opp.symbol).takerRate;
    const asks = buySide ? buySide.book.depth('sell') : [];
    const canBuy = sum(asks);
    const canSell = sellSide ? sum(sellSide.book.depth('buy')) : 0;
    const affordable = affordableUnits(asks, cash, rate);
    if (held < size || affordable < size) (size = Math.max(0, Math.min(held, affordable))), (limitedBy = 'inventory');
    if (canBuy < size || canSell < size) (size = Math.max(0, Math.min(canBuy, canSell))), (limitedBy = 'book');
    let buyCost = 0;
    let sellProceeds = 0;
    let buyFees = 0;
    let sellFees = 0;
    if (size > 1e-12 && buySide && sellSide) {
      const buyFee = this.o.fees(buyVenue, 'spot', opp.symbol);
      const sellFee = this.o.fees(sellVenue, 'spot', opp.symbol);
      // The taker fee is charged on every fill, as the depth walk that promised the profit does.
      buySide.book.onFill = (_m, _t, price, qty) => ((buyCost += price * qty), (buyFees += buyFee.taker(price, qty)));
      sellSide.book.onFill = (_m, _t, price, qty) => ((sellProceeds += price * qty), (sellFees += sellFee.taker(price, qty)));
      buySide.book.market(this.nextOrderId++, 'buy', size);
      sellSide.book.market(this.nextOrderId++, 'sell', size);
      buySide.book.onFill = sellSide.book.onFill = undefined;
      this.add(buyVenue, quote, -buyCost - buyFees);
      this.add(buyVenue, base, size);
      this.add(sellVenue, base, -size);
      this.add(sellVenue, quote, sellProceeds - sellFees);
    } else size = 0;
    this.trades.push({
      id: opp.id,
      symbol: opp.symbol,
      buyVenue,
      sellVenue,
      seenTs: p.seenTs,
      execTs: p.execTs,
      promisedSize: opp.size,
      promisedProfit: opp.netProfit,
      filledSize: size,
      buyVwap: size ? buyCost / size : NaN,
      sellVwap: size ? sellProceeds / size : NaN,
      fees: buyFees + sellFees,
      realisedProfit: sellProceeds - buyCost - buyFees - sellFees,
      limitedBy: size < opp.size - 1e-12 ? limitedBy ?? 'book' : undefined,
    });
  }

  private bal(venue: string, asset: string): number {
    return this.o.balances.get(venue)?.get(asset) ?? 0;
  }

  private add(venue: string, asset: string, x: number): void {
    let m = this.o.balances.get(venue);
    if (!m) this.o.balances.set(venue, (m = new Map()));
    m.set(asset, (m.get(asset) ?? 0) + x);
  }
}

/** A venue's recorded book as resting orders in the matching engine. */
function bookOf(q: Quote, id: () => number): OrderBook {
  const b = new OrderBook();
  for (const [p, s] of q.bids) if (s > 0) b.limit(id(), 'buy', p, s);
  for (const [p, s] of q.asks) if (s > 0) b.limit(id(), 'sell', p, s);
  return b;
}

/** Units of base `cash` buys walking `asks` with a proportional taker fee. */
function affordableUnits(asks: [number, number][], cash: number, rate: number): number {
  let units = 0;
  let left = cash;
  for (const [p, q] of asks) {
    const cost = p * q * (1 + rate);
    if (cost >= left) return units + left / (p * (1 + rate));
    units += q;
    left -= cost;
  }
  return units;
}

function sum(levels: [number, number][]): number {
  let s = 0;
  for (const [, q] of levels) s += q;
  return s;
}

function plain(b: Balances): Record<string, Record<string, number>> {
  return Object.fromEntries([...b].map(([v, m]) => [v, Object.fromEntries(m)]));
}
