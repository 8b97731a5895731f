import type { BookLevel, Opportunity, OpportunityKind, Quote } from '../core/types.js';
import { marketKey, noSymbol, yesSymbol, type BinaryFeeModel, type BinarySide, type PredictionMarket } from '../core/prediction.js';
import { walkCompleteSet, type SetLeg, type SetWalkLimits, type SetWalkResult } from './binary-walk.js';
import { buildBinaryOpportunity } from './binary-opportunity.js';
import type { QuoteProblem } from './guards.js';
import { rank, type RankOptions } from './rank.js';
import type { Valuation } from './valuation.js';
import type { Combo, ComboLeg, LiveSet, MarketState, PairLink } from './binary-types.js';

export type { PairLink, MarketState, ComboLeg, Combo, LiveSet } from './binary-types.js';

export interface BinaryEngineOptions {
  /** Fee model of a market, resolved once when the market is registered. */
  fees(venue: string, marketId: string): BinaryFeeModel;
  readonly limits?: SetWalkLimits;
  readonly kinds?: ReadonlySet<OpportunityKind>;
  /** One valuation currency for ranking (GBP, USD and play money side by side). */
  readonly valuation?: Valuation;
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
  /** venue → `<id>:YES` / `<id>:NO` → side: the hot path looks symbols up without parsing or concatenating. */
  private readonly sides = new Map<string, Map<string, { m: MarketState; yes: boolean }>>();
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
    const m: MarketState = { meta, fee: this.opts.fees(meta.venue, meta.id), yes: undefined, no: undefined, combos: [] };
    this.markets.set(key, m);
    let bySymbol = this.sides.get(meta.venue);
    if (!bySymbol) this.sides.set(meta.venue, (bySymbol = new Map()));
    bySymbol.set(yesSymbol(meta.id), { m, yes: true });
    bySymbol.set(noSymbol(meta.id), { m, yes: false });
    if (this.wants('binary-intra')) {
      this.attach(makeCombo('binary-intra', `binary-intra:${meta.venue}:${meta.id}`, meta.id, [{ market: m, side: 'YES' }, { market: m, side: 'NO' }], [], undefined, undefined));
    }
    const ev = meta.event;
    if (ev && ev.exhaustive && ev.marketCount >= 2 && this.wants('multi-outcome')) {
      const ek = marketKey(meta.venue, ev.id);
      let combo = this.events.get(ek);
      if (!combo) {
        combo = makeCombo('multi-outcome', `multi-outcome:${meta.venue}:${ev.id}`, ev.id, [], [], undefined, ev.marketCount);
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
      return makeCombo('binary-complement', id, p.pairId, legs, groupsOf(legs), p, undefined);
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
    const ref = this.sides.get(q.venue)?.get(q.symbol);
    if (!ref) return this.reject('unknown-market');
    const m = ref.m;
    const problem = bookProblem(q);
    if (problem) {
      if (ref.yes) m.yes = undefined;
      else m.no = undefined;
      for (const c of m.combos) this.drop(c);
      return this.reject(problem);
    }
    if (ref.yes) m.yes = q;
    else m.no = q;
    for (let i = 0; i < m.combos.length; i++) this.evaluate(m.combos[i]);
    void now;
    return undefined;
  }

  /** Ranked opportunities at `now` (stale ones left out by maxAgeMs). */
  ranked(now: number, options: RankOptions = {}): Opportunity[] {
    // Figures are re-walked with the per-leg breakdown only for what gets printed.
    return rank(this.live, now, { valuation: this.opts.valuation, ...options }, (l) => buildBinaryOpportunity(l.combo, walkCompleteSet(this.legsOf(l.combo), this.opts.limits, true), now));
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
    const walk = walkCompleteSet(this.legsOf(c), this.opts.limits, false);
    if (walk.shares <= 0 || walk.netProfit <= 0) return this.drop(c);
    const pct = walk.cost > 0 ? (walk.netProfit / walk.cost) * 100 : 0;
    let l = c.live;
    if (!l) {
      l = { combo: c, walk, netProfit: walk.netProfit, netSpreadPct: pct, oldestTs: oldest, quote: c.legs[0].market.meta.currency };
      c.live = l;
      this.live.add(l);
    } else {
      l.walk = walk;
      l.netProfit = walk.netProfit;
      l.netSpreadPct = pct;
      l.oldestTs = oldest;
    }
  }

  private legsOf(c: Combo): SetLeg[] {
    let legs = c.walkLegs;
    if (!legs || legs.length !== c.legs.length) legs = c.walkLegs = c.legs.map((l, i) => ({ asks: [] as readonly BookLevel[], fee: l.market.fee, group: c.groups[i] ?? -1 }));
    for (let i = 0; i < legs.length; i++) {
      const l = c.legs[i];
      legs[i].asks = (l.side === 'YES' ? l.market.yes : l.market.no)?.asks ?? [];
    }
    return legs;
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

/**
 * The guards' checks (see guards.ts quoteProblem) for a binary book, in one allocation-free pass:
 * this runs on every update. Prices must lie in (0, 1), sizes be positive, the book uncrossed.
 */
function bookProblem(q: Quote): QuoteProblem | undefined {
  const b = q.bids;
  const a = q.asks;
  if (b.length === 0 && a.length === 0) return 'empty';
  for (let pass = 0; pass < 2; pass++) {
    const side = pass === 0 ? b : a;
    for (let i = 0; i < side.length; i++) {
      const p = side[i][0];
      const s = side[i][1];
      if (!Number.isFinite(p) || !Number.isFinite(s)) return 'non-finite';
      if (p <= 0 || s <= 0) return 'non-positive';
    }
  }
  if (b.length && a.length && b[0][0] >= a[0][0]) return 'crossed';
  for (let i = 0; i < b.length; i++) if (b[i][0] >= 1) return 'out-of-range';
  for (let i = 0; i < a.length; i++) if (a[i][0] >= 1) return 'out-of-range';
  return undefined;
}

/** Every combo gets the same shape (all fields set), so the hot loop's property reads stay monomorphic. */
function makeCombo(kind: Combo['kind'], id: string, symbol: string, legs: ComboLeg[], groups: number[], pair: PairLink | undefined, expected: number | undefined): Combo {
  return { kind, id, symbol, legs, groups, pair, expected, live: undefined, walkLegs: undefined };
}
