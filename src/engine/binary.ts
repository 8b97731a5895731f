import type { Opportunity, OpportunityKind, Quote } from '../core/types.js';
import { marketKey, parseBinarySymbol, type BinaryFeeModel, type BinarySide, type PredictionMarket } from '../core/prediction.js';
import { walkCompleteSet, type SetLeg, type SetWalkLimits, type SetWalkResult } from './binary-walk.js';
import { buildBinaryOpportunity } from './binary-opportunity.js';
import { quoteProblem, type QuoteProblem } from './guards.js';
import { rank, type RankOptions } from './rank.js';

/** A cross-venue link between two markets about the same event (confirmed or suggested). */
export interface PairLink {
  readonly pairId: string;
  readonly a: { readonly venue: string; readonly id: string };
  readonly b: { readonly venue: string; readonly id: string };
  /** B's YES is A's NO (e.g. "above 3 %" vs "at or below 3 %"). */
  readonly inverted: boolean;
  /** false for a matcher suggestion taken with --auto-match. */
  readonly confirmed: boolean;
  readonly score?: number;
}

export interface BinaryEngineOptions {
  /** Fee model of a market, resolved once when the market is registered. */
  fees(venue: string, marketId: string): BinaryFeeModel;
  readonly limits?: SetWalkLimits;
  readonly kinds?: ReadonlySet<OpportunityKind>;
}

/** One market's live state: both sides' books and every set it belongs to. */
export interface MarketState {
  readonly meta: PredictionMarket;
  readonly fee: BinaryFeeModel;
  yes?: Quote;
  no?: Quote;
  readonly combos: Combo[];
}

export interface ComboLeg {
  readonly market: MarketState;
  readonly side: BinarySide;
}

/** A complete set of legs (one pays in every outcome); re-evaluated when any leg's book moves. */
export interface Combo {
  readonly kind: 'binary-complement' | 'binary-intra' | 'multi-outcome';
  readonly id: string;
  readonly symbol: string;
  readonly legs: ComboLeg[];
  /** Settlement groups for commission netting, parallel to legs. */
  readonly groups: number[];
  readonly pair?: PairLink;
  /** multi-outcome: legs needed before the set is complete. */
  readonly expected?: number;
  live?: LiveSet;
}

export interface LiveSet {
  readonly combo: Combo;
  walk: SetWalkResult;
  netProfit: number;
  netSpreadPct: number;
  oldestTs: number;
}

export type BinaryUpdateProblem = QuoteProblem | 'unknown-market';

/**
 * Incremental binary-arbitrage engine: an update to one side of one market re-evaluates only
 * the sets that market belongs to (its own YES+NO, its pairs, its event). Pure: no I/O, no
 * clock reads. Markets are registered first (metadata), then books stream in as Quotes
 * `<marketId>:YES` / `<marketId>:NO`.
 */
export class BinaryEngine {
  private readonly markets = new Map<string, MarketState>();
  private readonly events = new Map<string, Combo>();
  private readonly live = new Set<LiveSet>();
  private readonly pairs = new Map<string, Combo[]>();
  private readonly kinds?: ReadonlySet<OpportunityKind>;
  readonly rejected = new Map<BinaryUpdateProblem, number>();

  constructor(private readonly opts: BinaryEngineOptions) {
    this.kinds = opts.kinds;
  }

  private wants(kind: OpportunityKind): boolean {
    return !this.kinds || this.kinds.has(kind);
  }

  /** Registers a market's metadata (idempotent); needed before its books count. */
  addMarket(meta: PredictionMarket): MarketState {
    const key = marketKey(meta.venue, meta.id);
    const known = this.markets.get(key);
    if (known) return known;
    const m: MarketState = { meta, fee: this.opts.fees(meta.venue, meta.id), combos: [] };
    this.markets.set(key, m);
    if (this.wants('binary-intra')) {
      this.attach({ kind: 'binary-intra', id: `binary-intra:${meta.venue}:${meta.id}`, symbol: meta.id, legs: [{ market: m, side: 'YES' }, { market: m, side: 'NO' }], groups: [] });
    }
    const ev = meta.event;
    if (ev && ev.exhaustive && ev.marketCount >= 2 && this.wants('multi-outcome')) {
      const ek = marketKey(meta.venue, ev.id);
      let combo = this.events.get(ek);
      if (!combo) {
        combo = { kind: 'multi-outcome', id: `multi-outcome:${meta.venue}:${ev.id}`, symbol: ev.id, legs: [], groups: [], expected: ev.marketCount };
        this.events.set(ek, combo);
      }
      combo.legs.push({ market: m, side: 'YES' });
      combo.groups.length = 0;
      combo.groups.push(...groupsOf(combo.legs));
      m.combos.push(combo);
    }
    return m;
  }

  /**
   * Links two markets on different venues. Returns why not when the link cannot be priced:
   * unknown markets, or different currencies (mana is never mixed with money).
   */
  addPair(p: PairLink): string | undefined {
    if (!this.wants('binary-complement')) return undefined;
    const a = this.markets.get(marketKey(p.a.venue, p.a.id));
    const b = this.markets.get(marketKey(p.b.venue, p.b.id));
    if (!a || !b) return `pair ${p.pairId}: market ${!a ? `${p.a.venue}:${p.a.id}` : `${p.b.venue}:${p.b.id}`} is not listed (closed, or not fetched)`;
    if (a === b) return `pair ${p.pairId}: both sides are the same market`;
    if (a.meta.currency !== b.meta.currency) return `pair ${p.pairId}: ${a.meta.currency} and ${b.meta.currency} are different currencies, not compared`;
    if (this.pairs.has(p.pairId)) return undefined;
    const sides: [BinarySide, BinarySide][] = p.inverted ? [['YES', 'YES'], ['NO', 'NO']] : [['YES', 'NO'], ['NO', 'YES']];
    const combos = sides.map(([sa, sb]) => {
      const legs: ComboLeg[] = [{ market: a, side: sa }, { market: b, side: sb }];
      const id = `binary-complement:${a.meta.venue}:${a.meta.id}:${sa}+${b.meta.venue}:${b.meta.id}:${sb}`;
      return { kind: 'binary-complement' as const, id, symbol: p.pairId, legs, groups: groupsOf(legs), pair: p };
    });
    this.pairs.set(p.pairId, combos);
    for (const c of combos) this.attach(c);
    return undefined;
  }

  market(venue: string, id: string): MarketState | undefined {
    return this.markets.get(marketKey(venue, id));
  }

  /** Applies one side's book; returns why it was refused (the side's old book is dropped too). */
  update(q: Quote, now: number): BinaryUpdateProblem | undefined {
    const s = parseBinarySymbol(q.symbol);
    const m = s && this.markets.get(marketKey(q.venue, s.marketId));
    if (!s || !m) return this.reject('unknown-market');
    const problem = quoteProblem(q);
    if (problem) {
      if (s.side === 'YES') m.yes = undefined;
      else m.no = undefined;
      for (const c of m.combos) this.drop(c);
      return this.reject(problem);
    }
    if (s.side === 'YES') m.yes = q;
    else m.no = q;
    for (let i = 0; i < m.combos.length; i++) this.evaluate(m.combos[i]);
    void now;
    return undefined;
  }

  /** Ranked opportunities at `now` (stale ones left out by maxAgeMs). */
  ranked(now: number, options: RankOptions = {}): Opportunity[] {
    return rank(this.live, now, options, (l) => buildBinaryOpportunity(l.combo, l.walk, now));
  }

  get liveCount(): number {
    return this.live.size;
  }

  private attach(c: Combo): void {
    for (const l of c.legs) if (!l.market.combos.includes(c)) l.market.combos.push(c);
  }

  private reject(p: BinaryUpdateProblem): BinaryUpdateProblem {
    this.rejected.set(p, (this.rejected.get(p) ?? 0) + 1);
    return p;
  }

  private evaluate(c: Combo): void {
    const n = c.legs.length;
    if (c.expected !== undefined && n !== c.expected) return this.drop(c);
    // Fast reject on top of book: if the best asks already add to ≥ 1, no depth helps.
    let top = 0;
    let oldest = Infinity;
    for (let i = 0; i < n; i++) {
      const l = c.legs[i];
      const q = l.side === 'YES' ? l.market.yes : l.market.no;
      if (!q || q.asks.length === 0) return this.drop(c);
      top += q.asks[0][0];
      if (q.venueTs < oldest) oldest = q.venueTs;
    }
    if (top >= 1) return this.drop(c);
    const legs: SetLeg[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const l = c.legs[i];
      legs[i] = { asks: (l.side === 'YES' ? l.market.yes! : l.market.no!).asks, fee: l.market.fee, group: c.groups[i] ?? -1 };
    }
    const walk = walkCompleteSet(legs, this.opts.limits);
    if (walk.shares <= 0 || walk.netProfit <= 0) return this.drop(c);
    const pct = walk.cost > 0 ? (walk.netProfit / walk.cost) * 100 : 0;
    let l = c.live;
    if (!l) {
      l = { combo: c, walk, netProfit: walk.netProfit, netSpreadPct: pct, oldestTs: oldest };
      c.live = l;
      this.live.add(l);
    } else {
      l.walk = walk;
      l.netProfit = walk.netProfit;
      l.netSpreadPct = pct;
      l.oldestTs = oldest;
    }
  }

  private drop(c: Combo): void {
    if (!c.live) return;
    this.live.delete(c.live);
    c.live = undefined;
  }
}

/** Legs on one commission-charging settlement market share a group (Betfair nets per market). */
function groupsOf(legs: readonly ComboLeg[]): number[] {
  const ids = new Map<string, number>();
  return legs.map((l) => {
    if (!l.market.fee.winningsRate) return -1;
    const key = marketKey(l.market.meta.venue, l.market.meta.event?.id ?? l.market.meta.id);
    let g = ids.get(key);
    if (g === undefined) ids.set(key, (g = ids.size));
    return g;
  });
}
