/**
 * Money in one currency for the arbitrage replay: every asset valued at its mid against the
 * valuation currency (the quote currency of the recording's first spot quote), at the first
 * quote for the start balances and at the last for the end. The P&L splits into what the fills
 * captured (sell − buy before fees), the taker fees, the transfer fees and the revaluation of the
 * inventory held (the rest: prices moved while the balances sat on the venues).
 */
import type { Quote } from '../core/types.js';
import { splitSymbol as split } from '../core/units.js';

/** splitSymbol, remembered: the replay needs it for every quote. */
const splitCache = new Map<string, ReturnType<typeof split>>();
export function splitSymbol(symbol: string): ReturnType<typeof split> {
  let x = splitCache.get(symbol);
  if (!x) splitCache.set(symbol, (x = split(symbol)));
  return x;
}

export class Marks {
  currency: string | undefined;
  private readonly first = new Map<string, number>();
  private readonly last = new Map<string, number>();

  update(q: Quote, _now: number): void {
    if (!q.bids.length || !q.asks.length) return;
    const { base, quote } = splitSymbol(q.symbol);
    this.currency ??= quote;
    if (quote !== this.currency) return;
    const mid = (q.bids[0][0] + q.asks[0][0]) / 2;
    if (!this.first.has(base)) this.first.set(base, mid);
    this.last.set(base, mid);
  }

  /** The asset's mid in the valuation currency ('start': its first, 'now': its latest); NaN when never quoted. */
  price(asset: string, at: 'start' | 'now'): number {
    if (asset === this.currency) return 1;
    return (at === 'start' ? this.first : this.last).get(asset) ?? NaN;
  }
}

export interface PnlBreakdown {
  readonly currency: string | null;
  readonly startValue: number;
  readonly endValue: number;
  /** endValue − startValue = capturedSpread − fees − transferCosts + funding + revaluation. */
  readonly total: number;
  readonly capturedSpread: number;
  readonly fees: number;
  readonly transferCosts: number;
  /** Funding received (+) or paid (−) by round-trip positions. */
  readonly funding: number;
  readonly revaluation: number;
  /** Assets left out of the values: never quoted against the valuation currency. */
  readonly unvalued: readonly string[];
  /** End balances per venue valued in the currency (transfers in flight under `in transit`). */
  readonly endValues: Readonly<Record<string, number>>;
}

type Bal = Record<string, Record<string, number>>;

export function pnlBreakdown(marks: Marks, start: Bal, end: Bal, inFlight: readonly { asset: string; amount: number; fee: number }[], parts: { capturedSpread: number; fees: number; transferCosts: number; funding: number }): PnlBreakdown {
  const unvalued = new Set<string>();
  const value = (asset: string, x: number, at: 'start' | 'now') => {
    const p = marks.price(asset, at);
    if (!Number.isFinite(p)) {
      if (x !== 0) unvalued.add(asset);
      return 0;
    }
    return x * p;
  };
  const total = (b: Bal, at: 'start' | 'now') => Object.values(b).reduce((s, m) => s + Object.entries(m).reduce((a, [asset, x]) => a + value(asset, x, at), 0), 0);
  const endValues: Record<string, number> = Object.fromEntries(Object.entries(end).map(([v, m]) => [v, Object.entries(m).reduce((a, [asset, x]) => a + value(asset, x, 'now'), 0)]));
  const transit = inFlight.reduce((a, t) => a + value(t.asset, t.amount - t.fee, 'now'), 0);
  if (inFlight.length) endValues['in transit'] = transit;
  const startValue = total(start, 'start');
  const endValue = total(end, 'now') + transit;
  const net = parts.capturedSpread - parts.fees - parts.transferCosts + parts.funding;
  return { currency: marks.currency ?? null, startValue, endValue, total: endValue - startValue, ...parts, revaluation: endValue - startValue - net, unvalued: [...unvalued].sort(), endValues };
}
