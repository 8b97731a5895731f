import type { FundingRate, Opportunity, OpportunityKind, Quote } from '../core/types.js';
import { BINARY_KINDS, marketKey, type BinaryFeeModel, type PredictionMarket } from '../core/prediction.js';
import { BinaryEngine, type PairLink } from './binary.js';
import type { SetWalkLimits } from './binary-walk.js';
import type { Implausible, OpportunityEngine } from './engine.js';
import type { QuoteProblem } from './guards.js';
import type { RankOptions } from './rank.js';
import type { Valuation } from './valuation.js';

/** What the watch pipeline asks of an engine: quotes and funding in, ranked opportunities out. */
export interface LiveEngine {
  update(q: Quote, now: number): QuoteProblem | undefined;
  updateFunding(f: FundingRate, now: number): void;
  ranked(now: number, options?: RankOptions): Opportunity[];
}

/**
 * The engine `watch` runs: crypto quotes go to the OpportunityEngine, prediction-market books
 * (market 'binary', symbols `<marketId>:YES` / `:NO`) to the BinaryEngine, and the two ranked
 * lists are merged by the same sort key. Pure, like both engines: no I/O, time passed in.
 */
export class WatchEngine implements LiveEngine {
  /** Binary books of markets the engine was not told about (no catalogue entry): streamed, not ranked. */
  unranked = 0;

  constructor(
    readonly crypto: OpportunityEngine,
    readonly binary?: BinaryEngine,
  ) {}

  update(q: Quote, now: number): QuoteProblem | undefined {
    if (q.market !== 'binary') return this.crypto.update(q, now);
    if (!this.binary) {
      this.unranked++;
      return undefined;
    }
    const p = this.binary.update(q, now);
    // An unknown market is not a bad quote: it was named on the command line but its market
    // list did not load, so it is shown in the venue panel and recorded, just not ranked.
    if (p === 'unknown-market') {
      this.unranked++;
      return undefined;
    }
    return p;
  }

  updateFunding(f: FundingRate, now: number): void {
    this.crypto.updateFunding(f, now);
  }

  ranked(now: number, options: RankOptions = {}): Opportunity[] {
    const a = this.crypto.ranked(now, options);
    if (!this.binary || this.binary.liveCount === 0) return a;
    const b = this.binary.ranked(now, options);
    if (a.length === 0) return b;
    return mergeRanked(a, b, options);
  }

  get liveCount(): number {
    return this.crypto.liveCount + (this.binary?.liveCount ?? 0);
  }

  implausible(): Implausible[] {
    return this.crypto.implausible();
  }

  /** Quotes refused by the guards of either engine, by reason. */
  get rejected(): Map<string, number> {
    const out = new Map<string, number>(this.crypto.rejected);
    for (const [k, n] of this.binary?.rejected ?? []) if (k !== 'unknown-market') out.set(k, (out.get(k) ?? 0) + n);
    return out;
  }
}

/** Prediction markets to rank, as loaded once at start (see venues/prediction-follow.ts). */
export interface BinaryUniverse {
  readonly markets: readonly PredictionMarket[];
  /** Fee model per market key (venue + id). */
  readonly fees: ReadonlyMap<string, BinaryFeeModel>;
  readonly pairs: readonly PairLink[];
}

export interface WatchEngineOptions {
  /** Kinds asked for with --kinds (all when undefined). */
  readonly kinds?: ReadonlySet<OpportunityKind>;
  readonly limits?: SetWalkLimits;
  /** Why a confirmed pair cannot be priced (different currencies …). */
  readonly warn?: (message: string) => void;
  /** Shared with the crypto engine, so both rank in one currency. */
  readonly valuation?: Valuation;
}


/** The crypto engine plus, when markets were loaded, a BinaryEngine that knows them and their pairs. */
export function watchEngine(crypto: OpportunityEngine, universe: BinaryUniverse | undefined, o: WatchEngineOptions = {}): WatchEngine {
  const kinds = o.kinds ? new Set(BINARY_KINDS.filter((k) => o.kinds!.has(k))) : undefined;
  if (!universe || universe.markets.length === 0 || kinds?.size === 0) return new WatchEngine(crypto);
  const fees = (venue: string, id: string): BinaryFeeModel => {
    const f = universe.fees.get(marketKey(venue, id));
    // Never price a market as fee-free by accident: a missing fee model is a bug upstream.
    if (!f) throw new Error(`no fee model for ${venue} market ${id}`);
    return f;
  };
  const binary = new BinaryEngine({ fees, kinds, limits: o.limits, valuation: o.valuation });
  for (const m of universe.markets) binary.addMarket(m);
  for (const p of universe.pairs) {
    const why = binary.addPair(p);
    if (why) o.warn?.(why);
  }
  return new WatchEngine(crypto, binary);
}

/**
 * Merges two lists each ranked best first with rank()'s order (net profit or net %, ties by id)
 * and keeps the best `top`. Profits of different currencies are compared as numbers, as within
 * one engine's list: the table shows each row's currency.
 */
export function mergeRanked(a: readonly Opportunity[], b: readonly Opportunity[], o: RankOptions): Opportunity[] {
  const byPct = o.sort === 'pct';
  const top = o.top && o.top > 0 ? o.top : Infinity;
  // Profit in the valuation currency when both engines valued it; unvalued (play money) after.
  const money = (x: Opportunity) => (typeof x.netProfitValue === 'number' ? x.netProfitValue : undefined);
  const better = (x: Opportunity, y: Opportunity) => {
    let d: number;
    if (byPct) d = x.netSpreadPct - y.netSpreadPct;
    else {
      const vx = money(x);
      const vy = money(y);
      if ((vx === undefined) !== (vy === undefined) && (x.valueCurrency || y.valueCurrency)) return vy === undefined;
      d = vx !== undefined && vy !== undefined ? vx - vy : x.netProfit - y.netProfit;
    }
    return d > 0 || (d === 0 && x.id < y.id);
  };
  const out: Opportunity[] = [];
  let i = 0;
  let j = 0;
  while (out.length < top && (i < a.length || j < b.length)) {
    if (j >= b.length || (i < a.length && !better(b[j], a[i]))) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}
