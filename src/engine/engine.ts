import type { FeeModel, FundingRate, MarketLimits, MarketType, Opportunity, OpportunityKind, Quote } from '../core/types.js';
import { assetKey, UNKNOWN_SIZE } from '../core/units.js';
import { walkAt, walkCross, type WalkLimits, type WalkResult } from './depth-walk.js';
import { tradableSize } from './tradable.js';
import { fundingOpportunity } from './funding.js';
import { DEFAULT_MAX_PLAUSIBLE_PCT, quoteProblem, type QuoteProblem } from './guards.js';
import { figures, quoteCurrency, toOpportunity } from './opportunity.js';
import { bestRoundTrip, type RoundTrip } from './round-trip.js';
import { toRoundTripOpportunity } from './round-trip-opportunity.js';
import { isLinear, pairId, pairKind } from './pair-kind.js';
import { rank, type RankOptions } from './rank.js';
import { withValue, type Valuation } from './valuation.js';
import { allocateExclusive, type Claim } from './exclusive.js';

export interface EngineOptions {
  /** Taker fee model of an instrument on a venue. Resolved once per instrument. */
  fees(venue: string, market: MarketType, symbol: string): FeeModel;
  /** Amount step, minimum amount and notional of an instrument, when known. Resolved once per instrument. */
  marketLimits?(venue: string, market: MarketType, symbol: string): MarketLimits | undefined;
  /** Caps applied to every depth walk. */
  limits?: WalkLimits;
  /** Above this top-of-book spread (%) a pair is flagged as probably two different assets. */
  maxPlausiblePct?: number;
  /** Horizon over which funding spreads are valued. Default 24 h. */
  fundingHorizonHours?: number;
  /** Kinds to compute; all two-leg crypto kinds by default. */
  kinds?: ReadonlySet<OpportunityKind>;
  /** Values every money figure in one currency, from the dollar-quoted spot books seen here. */
  valuation?: Valuation;
}

/** One instrument on one venue inside an asset group. */
interface Member {
  readonly index: number;
  quote: Quote;
  funding: FundingRate | undefined;
  readonly fee: FeeModel;
  readonly limits: MarketLimits | undefined;
  /**
   * Best bid after the taker fee and best ask plus it (raw prices when fees are not
   * proportional): a pair can only pay when buy.askAdj < sell.bidAdj, one comparison of plain
   * numbers in the hot loop instead of a walk.
   */
  bidAdj: number;
  askAdj: number;
  /** Live evaluations this member takes part in: a pair with a member at 0 has nothing to drop. */
  live: number;
}

/**
 * A live evaluation, kept as plain numbers; the output object is built only when ranked. The
 * identity fields are fixed per pair key, so the id string is built once, not per update.
 */
interface Live {
  readonly key: number;
  readonly group: Group;
  readonly a: Member;
  readonly b: Member;
  readonly id: string;
  readonly kind: OpportunityKind;
  readonly symbol: string;
  /** Currency of the money figures (for valuation). */
  readonly quote: string;
  buy?: Quote;
  sell?: Quote;
  walk?: WalkResult;
  /** basis and cross-perp: the whole round trip the figures come from. */
  roundTrip?: RoundTrip;
  funding?: Opportunity;
  netProfit: number;
  netSpreadPct: number;
  grossSpreadPct: number;
  topSpreadPct: number;
  oldestTs: number;
  notional: number;
}

/** All instruments sharing an asset key (BTC/USDT spot and BTC/USDT:USDT perps on every venue). */
interface Group {
  readonly members: Member[];
  /** Members by venue (a venue has one or two instruments per asset: spot, perp). */
  readonly byVenue: Map<string, Member[]>;
  /** Live evaluations by pair key: (buyIndex * 4096 + sellIndex) * 2 + isFunding. */
  readonly live: Map<number, Live>;
  /** Pair keys last found implausible (so the id is only built when that changes). */
  readonly implausible: Set<number>;
}

export interface Implausible {
  readonly id: string;
  readonly topSpreadPct: number;
}

/**
 * Incremental opportunity engine: an update to one instrument recomputes only the pairs that
 * instrument is part of. Pure: no I/O, no clock reads (callers pass `now`).
 */
export class OpportunityEngine {
  private readonly groups = new Map<string, Group>();
  private readonly live = new Set<Live>();
  private readonly implausibleById = new Map<string, Implausible>();
  private readonly maxPlausible: number;
  private readonly horizon: number;
  private readonly kinds?: ReadonlySet<OpportunityKind>;
  /** Quotes refused by the guards, by reason, for the warning line and the status panel. */
  readonly rejected = new Map<QuoteProblem, number>();

  constructor(private readonly opts: EngineOptions) {
    this.maxPlausible = opts.maxPlausiblePct ?? DEFAULT_MAX_PLAUSIBLE_PCT;
    this.horizon = opts.fundingHorizonHours ?? 24;
    this.kinds = opts.kinds;
  }

  /** Applies a quote; returns the reason when the guards refuse it (the old quote is dropped too). */
  update(q: Quote, now: number): QuoteProblem | undefined {
    if (q.market === 'perp' && !isLinear(q.symbol)) return undefined;
    const problem = quoteProblem(q);
    if (!problem && this.opts.valuation) this.opts.valuation.observe(q);
    const group = this.group(assetKey(q.symbol));
    let m = findMember(group, q.venue, q.symbol);
    if (problem) {
      this.rejected.set(problem, (this.rejected.get(problem) ?? 0) + 1);
      if (m) this.clearMember(group, m);
      return problem;
    }
    if (!m) {
      m = { index: group.members.length, quote: q, funding: undefined, fee: this.opts.fees(q.venue, q.market, q.symbol), limits: this.opts.marketLimits?.(q.venue, q.market, q.symbol), bidAdj: -Infinity, askAdj: Infinity, live: 0 };
      group.members.push(m);
      const list = group.byVenue.get(q.venue);
      if (list) list.push(m);
      else group.byVenue.set(q.venue, [m]);
    } else m.quote = q;
    setTop(m);
    this.recompute(group, m, now);
    return undefined;
  }

  /** Applies a funding rate of a perpetual; funding spreads are re-evaluated for its pairs. */
  updateFunding(f: FundingRate, now: number): void {
    const group = this.groups.get(assetKey(f.symbol));
    const m = group && findMember(group, f.venue, f.symbol);
    if (!group || !m) {
      this.pendingFunding.set(f.venue + '\u0000' + f.symbol, f);
      return;
    }
    m.funding = f;
    this.recompute(group, m, now);
  }

  /** Funding that arrived before its instrument's first quote. */
  private readonly pendingFunding = new Map<string, FundingRate>();

  /** Ranked, filtered opportunities at time `now`; stale ones (oldest leg > maxAge) are left out. */
  ranked(now: number, options: RankOptions = {}): Opportunity[] {
    return rank(this.live, now, { valuation: this.opts.valuation, ...options }, (l) => this.build(l, now));
  }

  /**
   * The ranking with the books handed out once, in rank order (see exclusive.ts): the figures
   * can all be had at the same time. Valued like `ranked`; `top` applies after allocation.
   */
  exclusive(now: number, options: RankOptions = {}): Opportunity[] {
    const ordered = this.ranked(now, { ...options, top: undefined });
    const byId = new Map<string, Live>();
    for (const l of this.live) byId.set(l.id, l);
    const claims: Claim[] = [];
    for (const o of ordered) {
      const l = byId.get(o.id);
      if (!l) continue;
      const a = { quote: l.a.quote, fee: l.a.fee, funding: l.a.quote.market === 'perp' ? l.a.funding : undefined };
      const b = { quote: l.b.quote, fee: l.b.fee, funding: l.b.funding };
      claims.push({ id: l.id, kind: l.kind, symbol: l.symbol, buy: a, sell: b });
    }
    const val = options.valuation ?? this.opts.valuation;
    const out = allocateExclusive(claims, now, this.horizon, this.opts.limits).map((o) => (val ? withValue(o, val.target, val.rate(o.quote)) : o));
    return options.top && options.top > 0 ? out.slice(0, options.top) : out;
  }

  /** Pairs whose spread was too large to be believable, at their last evaluation. */
  implausible(): Implausible[] {
    return [...this.implausibleById.values()];
  }

  /** Number of live (positive, plausible) evaluations, stale or not. */
  get liveCount(): number {
    return this.live.size;
  }

  private build(l: Live, now: number): Opportunity {
    if (l.funding) return { ...l.funding, ageMs: Math.max(0, now - l.oldestTs), ts: new Date(now).toISOString(), tsMs: now };
    if (l.roundTrip) {
      return toRoundTripOpportunity({ kind: l.kind, id: l.id, symbol: l.symbol, long: { quote: l.buy!, fee: l.a.fee }, short: { quote: l.sell!, fee: l.b.fee }, rt: l.roundTrip, horizonHours: this.horizon }, now);
    }
    return toOpportunity({ kind: l.kind, id: l.id, symbol: l.symbol, buy: l.buy!, sell: l.sell!, walk: l.walk!, netProfit: l.netProfit, netSpreadPct: l.netSpreadPct, grossSpreadPct: l.grossSpreadPct, topSpreadPct: l.topSpreadPct, buyFeeModel: l.a.fee, sellFeeModel: l.b.fee }, now);
  }

  private group(key: string): Group {
    let g = this.groups.get(key);
    if (!g) {
      g = { members: [], byVenue: new Map(), live: new Map(), implausible: new Set() };
      this.groups.set(key, g);
    }
    return g;
  }

  private clearMember(group: Group, m: Member): void {
    for (const other of group.members) {
      if (other === m) continue;
      for (const key of [pairKey(m, other, 0), pairKey(other, m, 0), pairKey(m, other, 1), pairKey(other, m, 1)]) this.drop(group, key);
    }
    // An empty book stays in the group so indices remain stable; it can never match.
    m.quote = { ...m.quote, bids: [], asks: [] };
    setTop(m);
  }

  private recompute(group: Group, m: Member, now: number): void {
    const pf = this.pendingFunding.size ? this.pendingFunding.get(m.quote.venue + '\u0000' + m.quote.symbol) : undefined;
    if (pf) {
      m.funding = pf;
      this.pendingFunding.delete(m.quote.venue + '\u0000' + m.quote.symbol);
    }
    const members = group.members;
    for (let i = 0; i < members.length; i++) {
      const other = members[i];
      if (other === m) continue;
      if (other.bidAdj > m.askAdj) this.evaluate(group, m, other, now);
      else this.reject(group, m, other);
      if (m.bidAdj > other.askAdj) this.evaluate(group, other, m, now);
      else this.reject(group, other, m);
      if (m.funding && other.funding && m.index < other.index) this.evaluateFunding(group, m, other, now);
      else if (m.funding && other.funding) this.evaluateFunding(group, other, m, now);
    }
  }

  /** The pair cannot pay: withdraw what it had (nothing to do on a quiet market). */
  private reject(group: Group, buy: Member, sell: Member): void {
    if ((buy.live === 0 || sell.live === 0) && group.implausible.size === 0) return;
    const key = pairKey(buy, sell, 0);
    if (group.implausible.size !== 0 && group.implausible.delete(key)) this.implausibleById.delete(pairId(pairKind(buy.quote, sell.quote)!, buy.quote, sell.quote));
    this.drop(group, key);
  }

  private evaluate(group: Group, buy: Member, sell: Member, now: number): void {
    const key = pairKey(buy, sell, 0);
    const bq = buy.quote;
    const sq = sell.quote;
    // Fast reject: no crossing at the top of the book means no trade at any depth.
    if (!bq.asks.length || !sq.bids.length || sq.bids[0][0] <= bq.asks[0][0]) return this.drop(group, key);
    const kind = pairKind(bq, sq);
    if (!kind || (this.kinds && !this.kinds.has(kind))) return this.drop(group, key);
    const topSpreadPct = ((sq.bids[0][0] - bq.asks[0][0]) / bq.asks[0][0]) * 100;
    if (topSpreadPct > this.maxPlausible) {
      const id = pairId(kind, bq, sq);
      group.implausible.add(key);
      this.implausibleById.set(id, { id, topSpreadPct });
      return this.drop(group, key);
    }
    if (group.implausible.delete(key)) this.implausibleById.delete(pairId(kind, bq, sq));
    let walk = walkCross(bq.asks, sq.bids, buy.fee, sell.fee, this.opts.limits);
    if (walk.size <= 0) return this.drop(group, key);
    const tradable = (size: number, price: number) => tradableSize(size, price, buy.limits, sell.limits);
    // A position left open is worth its whole round trip: exit and funding included.
    let rt: RoundTrip | undefined;
    if (kind !== 'cross-spot') {
      rt = bestRoundTrip(
        { quote: bq, fee: buy.fee, funding: bq.market === 'perp' ? buy.funding : undefined },
        { quote: sq, fee: sell.fee, funding: sell.funding },
        now,
        this.horizon,
        this.opts.limits?.maxNotional,
        this.opts.limits?.maxSize,
        walk.size > UNKNOWN_SIZE ? tradable : undefined,
      );
      if (!rt) return this.drop(group, key);
    } else if ((buy.limits || sell.limits) && walk.size > UNKNOWN_SIZE) {
      // (A size-less ticker level stays a candidate: scan fetches its book, then sizes it.)
      // Sizes are tradable: rounded down to the markets' step, refused under their minimums.
      const size = tradable(walk.size, walk.buyCost / walk.size);
      if (!(size > 0)) return this.drop(group, key);
      if (size !== walk.size) walk = walkAt(bq.asks, sq.bids, buy.fee, sell.fee, size);
      if (!(figures(walk).netProfit > 0)) return this.drop(group, key);
    }
    const l = this.live_(group, key, kind, buy, sell);
    l.buy = bq;
    l.sell = sq;
    l.walk = walk;
    l.roundTrip = rt;
    l.topSpreadPct = topSpreadPct;
    l.oldestTs = Math.min(bq.venueTs, sq.venueTs);
    if (rt) {
      l.netProfit = rt.netProfit;
      l.netSpreadPct = (rt.netProfit / rt.entryCost) * 100;
      l.grossSpreadPct = ((rt.entryProceeds - rt.entryCost) / rt.entryCost) * 100;
      l.notional = rt.entryCost;
      return;
    }
    const f = figures(walk);
    l.netProfit = f.netProfit;
    l.netSpreadPct = f.netSpreadPct;
    l.grossSpreadPct = f.grossSpreadPct;
    l.notional = walk.buyCost;
  }

  private evaluateFunding(group: Group, a: Member, b: Member, now: number): void {
    const key = pairKey(a, b, 1);
    if ((this.kinds && !this.kinds.has('funding')) || a.quote.market !== 'perp' || b.quote.market !== 'perp' || a.quote.venue === b.quote.venue) return this.drop(group, key);
    const r = fundingOpportunity(
      { quote: a.quote, funding: a.funding!, fee: a.fee },
      { quote: b.quote, funding: b.funding!, fee: b.fee },
      this.horizon,
      now,
      this.opts.limits?.maxNotional,
      (size, price) => tradableSize(size, price, a.limits, b.limits),
    );
    if (!r || r.netProfit <= 0) return this.drop(group, key);
    const l = this.live_(group, key, 'funding', a, b, r.opp.id);
    l.funding = r.opp;
    l.netProfit = r.netProfit;
    l.netSpreadPct = r.netSpreadPct;
    l.oldestTs = now - r.opp.ageMs;
    l.notional = r.opp.size * r.opp.legs[0].vwap;
  }

  /** The live record of a pair, created (with its id) the first time the pair is positive. */
  private live_(group: Group, key: number, kind: OpportunityKind, a: Member, b: Member, id?: string): Live {
    let l = group.live.get(key);
    if (!l) {
      const bq = a.quote;
      const symbol = kind === 'basis' ? assetKey(bq.symbol) : bq.symbol;
      l = { key, group, a, b, id: id ?? pairId(kind, bq, b.quote), kind, symbol, quote: quoteCurrency(b.quote.symbol), netProfit: 0, netSpreadPct: 0, grossSpreadPct: 0, topSpreadPct: 0, oldestTs: 0, notional: 0 };
      group.live.set(key, l);
      this.live.add(l);
      a.live++;
      b.live++;
    }
    return l;
  }

  private drop(group: Group, key: number): void {
    if (group.live.size === 0) return; // the common case on a quiet market: nothing to look up
    const l = group.live.get(key);
    if (l) {
      group.live.delete(key);
      this.live.delete(l);
      l.a.live--;
      l.b.live--;
    }
  }
}

/** Caches the fee-adjusted top of book used by the hot loop's one-comparison reject. */
function setTop(m: Member): void {
  const q = m.quote;
  const bid = q.bids.length ? q.bids[0][0] : -Infinity;
  const ask = q.asks.length ? q.asks[0][0] : Infinity;
  // With proportional fees the first slice is the best one: if it loses after fees, so does every size.
  const r = m.fee.proportional ? m.fee.takerRate : 0;
  m.bidAdj = bid * (1 - r);
  m.askAdj = ask * (1 + r);
}

/** Linear scan of one venue's one or two instruments: cheaper than hashing a venue+symbol key. */
function findMember(group: Group, venue: string, symbol: string): Member | undefined {
  const list = group.byVenue.get(venue);
  if (!list) return undefined;
  for (const m of list) if (m.quote.symbol === symbol) return m;
  return undefined;
}

function pairKey(a: Member, b: Member, funding: 0 | 1): number {
  return (a.index * 4096 + b.index) * 2 + funding;
}

export type { Live as LiveEvaluation };
