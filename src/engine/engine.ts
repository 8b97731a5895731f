import type { FeeModel, FundingRate, MarketType, Opportunity, OpportunityKind, Quote } from '../core/types.js';
import { assetKey } from '../core/units.js';
import { walkCross, type WalkLimits, type WalkResult } from './depth-walk.js';
import { fundingOpportunity } from './funding.js';
import { DEFAULT_MAX_PLAUSIBLE_PCT, quoteProblem, type QuoteProblem } from './guards.js';
import { figures, toOpportunity } from './opportunity.js';
import { isLinear, pairId, pairKind } from './pair-kind.js';
import { rank, type RankOptions } from './rank.js';

export interface EngineOptions {
  /** Taker fee model of an instrument on a venue. Resolved once per instrument. */
  fees(venue: string, market: MarketType, symbol: string): FeeModel;
  /** Caps applied to every depth walk. */
  limits?: WalkLimits;
  /** Above this top-of-book spread (%) a pair is flagged as probably two different assets. */
  maxPlausiblePct?: number;
  /** Horizon over which funding spreads are valued. Default 24 h. */
  fundingHorizonHours?: number;
  /** Kinds to compute; all two-leg crypto kinds by default. */
  kinds?: ReadonlySet<OpportunityKind>;
}

/** One instrument on one venue inside an asset group. */
interface Member {
  readonly index: number;
  quote: Quote;
  funding?: FundingRate;
  readonly fee: FeeModel;
}

/**
 * A live evaluation, kept as plain numbers; the output object is built only when ranked. The
 * identity fields are fixed per pair key, so the id string is built once, not per update.
 */
interface Live {
  readonly key: number;
  readonly group: Group;
  readonly id: string;
  readonly kind: OpportunityKind;
  readonly symbol: string;
  buy?: Quote;
  sell?: Quote;
  walk?: WalkResult;
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
  readonly byVenueSymbol: Map<string, Member>;
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
    const group = this.group(assetKey(q.symbol));
    const vs = q.venue + '\u0000' + q.symbol;
    let m = group.byVenueSymbol.get(vs);
    if (problem) {
      this.rejected.set(problem, (this.rejected.get(problem) ?? 0) + 1);
      if (m) this.clearMember(group, m);
      return problem;
    }
    if (!m) {
      m = { index: group.members.length, quote: q, fee: this.opts.fees(q.venue, q.market, q.symbol) };
      group.members.push(m);
      group.byVenueSymbol.set(vs, m);
    } else m.quote = q;
    this.recompute(group, m, now);
    return undefined;
  }

  /** Applies a funding rate of a perpetual; funding spreads are re-evaluated for its pairs. */
  updateFunding(f: FundingRate, now: number): void {
    const group = this.groups.get(assetKey(f.symbol));
    const m = group?.byVenueSymbol.get(f.venue + '\u0000' + f.symbol);
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
    return rank(this.live, now, options, (l) => this.build(l, now));
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
    return toOpportunity({ kind: l.kind, id: l.id, symbol: l.symbol, buy: l.buy!, sell: l.sell!, walk: l.walk!, netProfit: l.netProfit, netSpreadPct: l.netSpreadPct, grossSpreadPct: l.grossSpreadPct, topSpreadPct: l.topSpreadPct }, now);
  }

  private group(key: string): Group {
    let g = this.groups.get(key);
    if (!g) {
      g = { members: [], byVenueSymbol: new Map(), live: new Map(), implausible: new Set() };
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
      this.evaluate(group, m, other, now);
      this.evaluate(group, other, m, now);
      if (m.funding && other.funding && m.index < other.index) this.evaluateFunding(group, m, other, now);
      else if (m.funding && other.funding) this.evaluateFunding(group, other, m, now);
    }
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
    const walk = walkCross(bq.asks, sq.bids, buy.fee, sell.fee, this.opts.limits);
    if (walk.size <= 0) return this.drop(group, key);
    const l = this.live_(group, key, kind, bq, sq);
    const f = figures(walk);
    l.buy = bq;
    l.sell = sq;
    l.walk = walk;
    l.netProfit = f.netProfit;
    l.netSpreadPct = f.netSpreadPct;
    l.grossSpreadPct = f.grossSpreadPct;
    l.topSpreadPct = topSpreadPct;
    l.oldestTs = Math.min(bq.venueTs, sq.venueTs);
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
    );
    if (!r || r.netProfit <= 0) return this.drop(group, key);
    const l = this.live_(group, key, 'funding', a.quote, b.quote, r.opp.id);
    l.funding = r.opp;
    l.netProfit = r.netProfit;
    l.netSpreadPct = r.netSpreadPct;
    l.oldestTs = now - r.opp.ageMs;
    l.notional = r.opp.size * r.opp.legs[0].vwap;
  }

  /** The live record of a pair, created (with its id) the first time the pair is positive. */
  private live_(group: Group, key: number, kind: OpportunityKind, bq: Quote, sq: Quote, id?: string): Live {
    let l = group.live.get(key);
    if (!l) {
      const symbol = kind === 'basis' ? assetKey(bq.symbol) : bq.symbol;
      l = { key, group, id: id ?? pairId(kind, bq, sq), kind, symbol, netProfit: 0, netSpreadPct: 0, grossSpreadPct: 0, topSpreadPct: 0, oldestTs: 0, notional: 0 };
      group.live.set(key, l);
      this.live.add(l);
    }
    return l;
  }

  private drop(group: Group, key: number): void {
    const l = group.live.get(key);
    if (l) {
      group.live.delete(key);
      this.live.delete(l);
    }
  }
}

function pairKey(a: Member, b: Member, funding: 0 | 1): number {
  return (a.index * 4096 + b.index) * 2 + funding;
}

export type { Live as LiveEvaluation };
