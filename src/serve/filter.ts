import type { OpportunityKind } from '../core/types.js';

/**
 * The `scan` filters as an API client sends them (query parameters, already validated by the
 * route schema): applied to the live set for `GET /api/v1/opportunities` and to every event of a
 * WS/SSE subscription. Pure.
 */
export interface OppQuery {
  readonly kinds?: ReadonlySet<string>;
  readonly venues?: ReadonlySet<string>;
  readonly symbols?: ReadonlySet<string>;
  readonly minNet?: number;
  readonly minProfit?: number;
  readonly minSize?: number;
  readonly top?: number;
  readonly sort?: 'profit' | 'pct';
}

/** The fields of an opportunity line the filters read (the NDJSON / scan --json object). */
export interface OppLine {
  readonly id: string;
  readonly kind: OpportunityKind | string;
  readonly symbol: string;
  readonly netSpreadPct: number;
  readonly netProfit: number;
  /** Profit in the valuation currency, when the engine could value it. */
  readonly netProfitValue?: number;
  readonly size: number;
  readonly buy?: { readonly vwap: number };
  readonly legs: readonly { readonly side: string; readonly venue: string; readonly size: number; readonly vwap: number }[];
}

/** Raw query strings → a query; lists are comma-separated (`kinds=cross-spot,basis`). */
export function parseOppQuery(q: Record<string, unknown>): OppQuery {
  const set = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? new Set(v.split(',').map((s) => s.trim()).filter(Boolean)) : undefined);
  const venues = set(q.venues);
  const symbols = set(q.symbols);
  return {
    kinds: set(q.kinds),
    venues: venues && new Set([...venues].map((v) => v.toLowerCase())),
    symbols: symbols && new Set([...symbols].map((s) => s.toUpperCase())),
    minNet: typeof q.minNet === 'number' ? q.minNet : undefined,
    minProfit: typeof q.minProfit === 'number' ? q.minProfit : undefined,
    minSize: typeof q.minSize === 'number' ? q.minSize : undefined,
    top: typeof q.top === 'number' ? q.top : undefined,
    sort: q.sort === 'pct' || q.sort === 'profit' ? q.sort : undefined,
  };
}

/** Money put in: size × buy VWAP, or the sum of the buy legs (a prediction set's cost). */
export function notional(o: OppLine): number {
  if (o.buy) return o.size * o.buy.vwap;
  let total = 0;
  for (const l of o.legs) if (l.side === 'buy') total += l.size * l.vwap;
  return total;
}

export function profitOf(o: OppLine): number {
  return typeof o.netProfitValue === 'number' ? o.netProfitValue : o.netProfit;
}

/** True when one opportunity passes every filter of the query (top and sort aside). */
export function accepts(q: OppQuery, o: OppLine): boolean {
  if (q.kinds && !q.kinds.has(o.kind)) return false;
  if (q.symbols && !q.symbols.has(o.symbol.toUpperCase())) return false;
  // A venue filter keeps opportunities whose every leg is on a listed venue (as `scan --venues`).
  if (q.venues && !o.legs.every((l) => q.venues!.has(l.venue))) return false;
  if (q.minNet !== undefined && !(o.netSpreadPct >= q.minNet)) return false;
  if (q.minProfit !== undefined && !(profitOf(o) >= q.minProfit)) return false;
  if (q.minSize !== undefined && !(notional(o) >= q.minSize)) return false;
  return true;
}

/** Filters a ranked list; re-sorts only when the query asks for another order; then top. */
export function select<T extends OppLine>(q: OppQuery, ranked: readonly T[]): T[] {
  let out = ranked.filter((o) => accepts(q, o));
  if (q.sort === 'pct') out = out.sort((a, b) => b.netSpreadPct - a.netSpreadPct || (a.id < b.id ? -1 : 1));
  else if (q.sort === 'profit') out = out.sort((a, b) => profitOf(b) - profitOf(a) || (a.id < b.id ? -1 : 1));
  return q.top && q.top > 0 ? out.slice(0, q.top) : out;
}
