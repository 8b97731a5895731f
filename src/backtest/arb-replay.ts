/**
 * Arbitrage replay: recorded quotes go through the SAME OpportunityEngine as `scan` and `watch`;
 * when it reports a cross-venue spot opportunity, two immediate-or-cancel limit orders are sent
 * and arrive `latencyMs` later, priced at the worst level the scanner's depth walk used (buy: the
 * highest ask it took, sell: the lowest bid). They walk the books as they are at that moment (the
 * replay holds each instrument's latest recorded book; depth taken by one fill is gone for the
 * next until a new quote replaces the book — arb-depth.ts), pay each venue's taker fee on every fill,
 * and are capped by per-venue inventory: a venue never sells base it does not hold nor spends
 * quote it lacks. Both legs trade the same size (never unhedged). Every shortfall names its cause:
 * inventory (venue and asset), depth already taken by an earlier fill, price moved during the
 * latency, or a fill that lost money after fees.
 * Pure: quotes in, result out; time comes from the quotes (localTs: when they were seen).
 */
import type { FeeModel, FundingRate, MarketType, Opportunity, OpportunityKind, Quote } from '../core/types.js';
import { assetKey, MS_PER_HOUR } from '../core/units.js';
import { OpportunityEngine } from '../engine/engine.js';
import { Depth } from './arb-depth.js';
import { TransferQueue, type TransferRules } from './arb-transfer.js';
import { Marks, pnlBreakdown, splitSymbol, type PnlBreakdown } from './arb-value.js';
import { enter, exit, payFunding, type Books, type Position } from './arb-round-trip.js';

/** venue → asset → amount. */
export type Balances = Map<string, Map<string, number>>;

export type MissCause = 'inventory' | 'depth-taken' | 'price-moved' | 'fee-loss';
export const MISS_CAUSES: readonly MissCause[] = ['inventory', 'depth-taken', 'price-moved', 'fee-loss'];

export interface ArbOptions {
  fees(venue: string, market: MarketType, symbol: string): FeeModel;
  readonly latencyMs: number;
  readonly maxAgeMs: number;
  readonly minProfit: number;
  readonly maxNotional?: number;
  /** Starting balances; a venue first seen without one gets `defaultBalance(venue, symbol, mid)`. */
  readonly balances: Balances;
  readonly defaultBalance?: (venue: string, base: string, quote: string, mid: number) => Record<string, number>;
  /** `--rebalance transfer`: how assets move between venues; none: inventory stays where it is. */
  readonly transfers?: TransferRules;
  /** Kinds replayed (default cross-spot); basis, cross-perp and funding as round trips (arb-round-trip.ts). */
  readonly kinds?: readonly OpportunityKind[];
  /** Round trips are closed at the latest this long after entry (and valued by the engine over it). Default 24 h. */
  readonly horizonHours?: number;
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
  /** The IOC limits: the worst ask and bid the scanner's walk used. */
  readonly buyLimit: number;
  readonly sellLimit: number;
  /** Size both legs filled (hedged); 0 when nothing was fillable. */
  readonly filledSize: number;
  readonly buyVwap: number;
  readonly sellVwap: number;
  /** (sell VWAP − buy VWAP) × filled size, before fees. */
  readonly capturedSpread: number;
  readonly fees: number;
  readonly realisedProfit: number;
  /** caught: the promised size at a profit; partial: less, at a profit; missed: nothing, or a loss. */
  readonly outcome: 'caught' | 'partial' | 'missed';
  /** Why it was partial or missed. */
  readonly cause?: MissCause;
  /** For inventory: the venue and asset that ran short; for depth-taken / price-moved: the venue. */
  readonly causeVenue?: string;
  readonly causeAsset?: string;
  /** Round trips only: the kind, when and why the position was closed, the funding it carried. */
  readonly kind?: OpportunityKind;
  readonly exitTs?: number;
  readonly exitReason?: 'spread-closed' | 'horizon' | 'end-of-data';
  readonly funding?: number;
  readonly fundingPayments?: number;
}

export interface ArbResult {
  readonly quotes: number;
  readonly opportunities: number;
  readonly trades: ArbTrade[];
  readonly promisedProfit: number;
  readonly realisedProfit: number;
  readonly startBalances: Record<string, Record<string, number>>;
  readonly endBalances: Record<string, Record<string, number>>;
  readonly transfers: ReturnType<TransferQueue['pending']>;
  readonly transfersInFlight: ReturnType<TransferQueue['pending']>;
  readonly pnl: PnlBreakdown;
}

interface Pending {
  readonly roundTrip: boolean;
  readonly opp: Opportunity;
  readonly seenTs: number;
  readonly execTs: number;
  readonly buyLimit: number;
  readonly sellLimit: number;
  /** The quotes the opportunity was seen on (a different one at execution: the price moved). */
  readonly buyQuote: Quote;
  readonly sellQuote: Quote;
}

interface Book {
  /** Built from the quote when an order first reaches it: most recorded books are never traded on. */
  asks: Depth | undefined;
  bids: Depth | undefined;
  quote: Quote;
  /** Base units our own fills took from this book since its quote arrived. */
  taken: number;
}

export class ArbReplay {
  /**
   * One engine per symbol: cross-venue spot pairs never span symbols, and a quote can only create
   * opportunities of its own symbol — so each quote ranks its symbol's pairs, not every pair.
   */
  private readonly engines = new Map<string, OpportunityEngine>();
  private readonly books = new Map<string, Book>();
  private readonly pending: Pending[] = [];
  /** Opportunity id → the pair of books it was acted on (act once per pair of books). */
  private readonly acted = new Map<string, { buy: Quote; sell: Quote }>();
  private readonly trades: ArbTrade[] = [];
  private readonly start: Balances = new Map();
  private readonly marks = new Marks();
  private readonly queue = new TransferQueue();
  private readonly fundingRates = new Map<string, FundingRate>();
  /** Round trips: open positions and entries in flight, by opportunity id. */
  private readonly positions = new Map<string, Position>();
  private readonly entering = new Set<string>();
  private readonly kinds: ReadonlySet<OpportunityKind>;
  private readonly roundTrips: boolean;
  private readonly rt: Books;
  private quotes = 0;
  private seen = 0;
  private clock = -Infinity;

  constructor(private readonly o: ArbOptions) {
    for (const [v, m] of o.balances) this.start.set(v, new Map(m));
    this.kinds = new Set(o.kinds ?? ['cross-spot']);
    this.roundTrips = [...this.kinds].some((k) => k !== 'cross-spot');
    this.rt = {
      quote: (v, sym) => this.books.get(v + '\u0000' + sym)?.quote,
      funding: (v, sym) => this.fundingRates.get(v + '\u0000' + sym),
      // A leg's symbol says its market: BTC/USDT:USDT is the perpetual.
      fee: (v, leg) => {
        const symbol = 'symbol' in leg ? leg.symbol : leg.market;
        return o.fees(v, symbol.includes(':') ? 'perp' : 'spot', symbol);
      },
      add: (v, a, x) => this.add(v, a, x),
      cashOf: (v, a) => this.bal(v, a),
    };
  }

  /** Feeds one recorded funding rate (round-trip kinds: the engine values funding spreads, positions pay it). */
  pushFunding(f: FundingRate): void {
    const t = (this.clock = Math.max(this.clock, f.localTs));
    this.executeDue(t);
    this.fundingRates.set(f.venue + '\u0000' + f.symbol, f);
    const group = assetKey(f.symbol);
    const engine = this.engines.get(group);
    engine?.updateFunding(f, t);
    // A funding change can close a spread the round trip was held for.
    if (engine && this.positions.size) this.closeGone(group, engine.liveCount ? engine.ranked(t, { maxAgeMs: this.o.maxAgeMs, minProfit: this.o.minProfit }) : [], t);
    this.carry(t);
  }

  /** Feeds one recorded quote (in time order). */
  push(q: Quote): void {
    const t = (this.clock = Math.max(this.clock, q.localTs));
    this.quotes++;
    this.executeDue(t);
    if (q.market !== 'spot' && !(q.market === 'perp' && this.roundTrips)) return;
    this.marks.update(q, t);
    if (q.market === 'spot') this.ensureBalance(q);
    const group = assetKey(q.symbol);
    let engine = this.engines.get(group);
    if (!engine) {
      engine = new OpportunityEngine({ fees: this.o.fees, kinds: this.kinds, fundingHorizonHours: this.o.horizonHours, limits: this.o.maxNotional !== undefined ? { maxNotional: this.o.maxNotional } : undefined });
      this.engines.set(group, engine);
      for (const f of this.fundingRates.values()) if (assetKey(f.symbol) === group) engine.updateFunding(f, t);
    }
    const problem = engine.update(q, t);
    const key = q.venue + '\u0000' + q.symbol;
    if (problem) {
      this.books.delete(key);
      return;
    }
    const known = this.books.get(key);
    // Reused in place: one object per instrument, not one per quote.
    if (known) (known.quote = q), (known.asks = known.bids = undefined), (known.taken = 0);
    else this.books.set(key, { asks: undefined, bids: undefined, quote: q, taken: 0 });
    const ranked = engine.liveCount === 0 ? [] : engine.ranked(t, { maxAgeMs: this.o.maxAgeMs, minProfit: this.o.minProfit });
    if (this.positions.size) this.closeGone(group, ranked, t);
    for (const opp of ranked) {
      if (opp.kind !== 'cross-spot') {
        // A round trip is entered once per episode: not while one is open or on its way.
        if (this.positions.has(opp.id) || this.entering.has(opp.id)) continue;
        const [l, s] = opp.legs;
        const lq = this.books.get(l.venue + '\u0000' + l.market)?.quote;
        const sq = this.books.get(s.venue + '\u0000' + s.market)?.quote;
        if (!lq || !sq) continue;
        this.entering.add(opp.id);
        this.seen++;
        this.pending.push({ roundTrip: true, opp, seenTs: t, execTs: t + this.o.latencyMs, buyLimit: worstPrice(lq.asks, opp.size), sellLimit: worstPrice(sq.bids, opp.size), buyQuote: lq, sellQuote: sq });
        continue;
      }
      const b = this.books.get(opp.buy!.venue + '\u0000' + opp.symbol);
      const s = this.books.get(opp.sell!.venue + '\u0000' + opp.symbol);
      if (!b || !s) continue;
      const was = this.acted.get(opp.id);
      if (was && was.buy === b.quote && was.sell === s.quote) continue;
      this.acted.set(opp.id, { buy: b.quote, sell: s.quote });
      this.seen++;
      this.pending.push({ roundTrip: false, opp, seenTs: t, execTs: t + this.o.latencyMs, buyLimit: worstPrice(b.quote.asks, opp.size), sellLimit: worstPrice(s.quote.bids, opp.size), buyQuote: b.quote, sellQuote: s.quote });
    }
    if (this.o.latencyMs === 0) this.executeDue(t);
    this.carry(t);
  }

  /** Executes what is still in flight (the data ended) and returns the summary. */
  finish(): ArbResult {
    this.executeDue(Infinity);
    for (const p of [...this.positions.values()]) this.close(p, this.clock, 'end-of-data');
    const sum = (f: (t: ArbTrade) => number) => this.trades.reduce((a, t) => a + f(t), 0);
    const endBalances = plain(this.o.balances);
    const startBalances = plain(this.start);
    return {
      quotes: this.quotes,
      opportunities: this.seen,
      trades: this.trades,
      promisedProfit: sum((t) => t.promisedProfit),
      realisedProfit: sum((t) => t.realisedProfit),
      startBalances,
      endBalances,
      transfers: this.queue.done,
      transfersInFlight: this.queue.pending(),
      pnl: pnlBreakdown(this.marks, startBalances, endBalances, this.queue.pending(), {
        capturedSpread: sum((t) => t.capturedSpread),
        fees: sum((t) => t.fees),
        funding: sum((t) => t.funding ?? 0),
        transferCosts: [...this.queue.done, ...this.queue.pending()].reduce((a, x) => a + x.feeValue, 0),
      }),
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
    while (this.pending.length && this.pending[0].execTs <= t) {
      const p = this.pending.shift()!;
      this.queue.settle(p.execTs, (v, a, x) => this.add(v, a, x));
      if (p.roundTrip) this.enterRoundTrip(p);
      else this.execute(p);
    }
    if (t !== Infinity) this.queue.settle(t, (v, a, x) => this.add(v, a, x));
  }

  private execute(p: Pending): void {
    const { opp } = p;
    const buyVenue = opp.buy!.venue;
    const sellVenue = opp.sell!.venue;
    const { base, quote } = splitSymbol(opp.symbol);
    const buySide = this.books.get(buyVenue + '\u0000' + opp.symbol);
    const sellSide = this.books.get(sellVenue + '\u0000' + opp.symbol);
    const buyBook = buySide && (buySide.asks ??= new Depth(buySide.quote.asks));
    const sellBook = sellSide && (sellSide.bids ??= new Depth(sellSide.quote.bids));
    const rate = this.o.fees(buyVenue, 'spot', opp.symbol).takerRate;
    // What each IOC limit can take now, and what the inventory allows.
    const asks = buyBook ? buyBook.available((px) => px <= p.buyLimit + 1e-12) : [];
    const bids = sellBook ? sellBook.available((px) => px >= p.sellLimit - 1e-12) : [];
    const limits: { size: number; cause: MissCause; venue: string; asset?: string }[] = [
      { size: opp.size, cause: 'fee-loss', venue: buyVenue },
      { size: affordableUnits(asks, this.bal(buyVenue, quote), rate), cause: 'inventory', venue: buyVenue, asset: quote },
      { size: this.bal(sellVenue, base), cause: 'inventory', venue: sellVenue, asset: base },
      { size: sum(asks), ...bookCause(buySide, p.buyQuote, buyVenue) },
      { size: sum(bids), ...bookCause(sellSide, p.sellQuote, sellVenue) },
    ];
    // The binding limit explains the shortfall; the book limits first: an empty book is the
    // reason even when the inventory is short too.
    const bind = limits.reduce((a, b) => (b.size < a.size - 1e-12 || (b.size <= a.size + 1e-12 && b.cause !== 'inventory' && a.cause === 'inventory') ? b : a));
    let size = Math.max(0, bind.size);
    let buyCost = 0;
    let sellProceeds = 0;
    let buyFees = 0;
    let sellFees = 0;
    if (size > 1e-12 && buySide && sellSide && buyBook && sellBook) {
      const buyFee = this.o.fees(buyVenue, 'spot', opp.symbol);
      const sellFee = this.o.fees(sellVenue, 'spot', opp.symbol);
      // The taker fee is charged on every fill, as the depth walk that promised the profit does.
      const bought = buyBook.take(size, buyFee);
      const sold = sellBook.take(size, sellFee);
      (buyCost = bought.value), (buyFees = bought.fee), (sellProceeds = sold.value), (sellFees = sold.fee);
      buySide.taken += size;
      sellSide.taken += size;
      this.add(buyVenue, quote, -buyCost - buyFees);
      this.add(buyVenue, base, size);
      this.add(sellVenue, base, -size);
      this.add(sellVenue, quote, sellProceeds - sellFees);
      this.rebalance(p.execTs, base, quote, buyVenue, sellVenue, size, sellProceeds - sellFees);
    } else size = 0;
    const realised = sellProceeds - buyCost - buyFees - sellFees;
    const full = size >= opp.size - 1e-9 * Math.max(1, opp.size);
    const outcome: ArbTrade['outcome'] = size === 0 || realised <= 0 ? 'missed' : full ? 'caught' : 'partial';
    const cause: MissCause | undefined = outcome === 'caught' ? undefined : size > 0 && realised <= 0 ? 'fee-loss' : bind.cause;
    this.trades.push({
      id: opp.id,
      symbol: opp.symbol,
      buyVenue,
      sellVenue,
      seenTs: p.seenTs,
      execTs: p.execTs,
      promisedSize: opp.size,
      promisedProfit: opp.netProfit,
      buyLimit: p.buyLimit,
      sellLimit: p.sellLimit,
      filledSize: size,
      buyVwap: size ? buyCost / size : NaN,
      sellVwap: size ? sellProceeds / size : NaN,
      capturedSpread: sellProceeds - buyCost,
      fees: buyFees + sellFees,
      realisedProfit: realised,
      outcome,
      ...(cause ? { cause, causeVenue: cause === 'fee-loss' ? undefined : bind.venue, causeAsset: cause === 'inventory' ? bind.asset : undefined } : {}),
    });
  }

  private enterRoundTrip(p: Pending): void {
    this.entering.delete(p.opp.id);
    const r = enter(this.rt, p.opp, p.seenTs, p.execTs, { long: p.buyLimit, short: p.sellLimit });
    if (r.position) {
      this.positions.set(p.opp.id, r.position);
      return;
    }
    this.trades.push({ ...this.roundTripRecord(p.opp, p.seenTs, p.execTs, p.buyLimit, p.sellLimit), outcome: 'missed', cause: r.shortBy?.cause ?? 'price-moved', causeVenue: r.shortBy?.venue, causeAsset: r.shortBy?.asset });
  }

  /** Funding due on open round trips, and the horizon. */
  private carry(t: number): void {
    if (!this.positions.size) return;
    const horizon = (this.o.horizonHours ?? 24) * MS_PER_HOUR;
    for (const p of [...this.positions.values()]) {
      payFunding(this.rt, p, t);
      if (t >= p.execTs + horizon) this.close(p, t, 'horizon');
    }
  }

  /**
   * Round trips of this asset group the engine no longer reports although both legs' quotes are
   * fresh: the spread closed. (A leg whose quote aged past --max-age says nothing either way.)
   */
  private closeGone(group: string, ranked: readonly Opportunity[], t: number): void {
    const live = new Set(ranked.map((o) => o.id));
    const fresh = (venue: string, symbol: string) => {
      const q = this.books.get(venue + '\u0000' + symbol)?.quote;
      return !!q && t - q.localTs <= this.o.maxAgeMs;
    };
    for (const p of [...this.positions.values()]) {
      if (assetKey(p.opp.symbol) !== group || live.has(p.opp.id) || t <= p.execTs) continue;
      if (fresh(p.long.venue, p.long.symbol) && fresh(p.short.venue, p.short.symbol)) this.close(p, t, 'spread-closed');
    }
  }

  private close(p: Position, t: number, why: NonNullable<ArbTrade['exitReason']>): void {
    payFunding(this.rt, p, t);
    const x = exit(this.rt, p);
    this.positions.delete(p.opp.id);
    const captured = p.entrySpread + x.exitSpread;
    const fees = p.entryFees + x.fees;
    const realised = captured - fees + p.funding;
    const full = p.size >= p.opp.size - 1e-9 * Math.max(1, p.opp.size);
    const outcome: ArbTrade['outcome'] = realised <= 0 ? 'missed' : full ? 'caught' : 'partial';
    const cause: MissCause | undefined = outcome === 'caught' ? undefined : realised <= 0 ? (captured + p.funding > 0 ? 'fee-loss' : 'price-moved') : 'price-moved';
    this.trades.push({
      ...this.roundTripRecord(p.opp, p.seenTs, p.execTs, NaN, NaN),
      filledSize: p.size,
      buyVwap: p.long.entryVwap,
      sellVwap: p.short.entryVwap,
      capturedSpread: captured,
      fees,
      realisedProfit: realised,
      outcome,
      ...(cause ? { cause } : {}),
      exitTs: t,
      exitReason: why,
      funding: p.funding,
      fundingPayments: p.fundingPayments,
    });
  }

  private roundTripRecord(opp: Opportunity, seenTs: number, execTs: number, buyLimit: number, sellLimit: number): ArbTrade {
    return { id: opp.id, kind: opp.kind, symbol: opp.symbol, buyVenue: opp.legs[0].venue, sellVenue: opp.legs[1].venue, seenTs, execTs, promisedSize: opp.size, promisedProfit: opp.netProfit, buyLimit, sellLimit, filledSize: 0, buyVwap: NaN, sellVwap: NaN, capturedSpread: 0, fees: 0, realisedProfit: 0, outcome: 'missed', funding: 0, fundingPayments: 0 };
  }

  /** `--rebalance transfer`: the bought base follows to the sell venue, the quote received goes back. */
  private rebalance(now: number, base: string, quote: string, buyVenue: string, sellVenue: string, size: number, proceeds: number): void {
    if (!this.o.transfers) return;
    const send = (asset: string, from: string, to: string, amount: number) => {
      const rule = this.o.transfers!(asset, from, to, amount);
      if (!rule || amount <= rule.fee) return;
      this.add(from, asset, -amount);
      this.queue.send({ asset, from, to, amount, fee: rule.fee, sentTs: now, arrivesTs: now + rule.etaMs, feeValue: rule.fee * this.marks.price(asset, 'now') });
    };
    send(base, buyVenue, sellVenue, size);
    send(quote, sellVenue, buyVenue, proceeds);
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

/**
 * Why a book could not take the size: depth our own earlier fills took from the same book, else
 * (a newer quote replaced it during the latency) the price moved.
 */
function bookCause(side: Book | undefined, seenOn: Quote, venue: string): { cause: MissCause; venue: string } {
  return { cause: side && (side.taken > 0 || side.quote === seenOn) ? 'depth-taken' : 'price-moved', venue };
}

/** The price of the level where a walk of `size` through `levels` stops (the IOC limit). */
function worstPrice(levels: readonly (readonly [number, number])[], size: number): number {
  let left = size;
  for (const [p, q] of levels) {
    left -= q;
    if (left <= 1e-12) return p;
  }
  return levels.length ? levels[levels.length - 1][0] : NaN;
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
