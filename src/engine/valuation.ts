import type { Opportunity, Quote } from '../core/types.js';

/**
 * One valuation currency for every money figure (default USD), so an ETH/BTC opportunity and a
 * BTC/USDT one compare. Rates come from the quotes the engine already sees (the mid of
 * `X/USDT`, `X/USDC` or `X/USD` spot books), from user-given rates (`--fx GBP=1.27`), or, for
 * the dollar stablecoins when no venue quotes them against the dollar, 1:1 with a flag. Play
 * money (Manifold's MANA) is never converted: it ranks after every money opportunity.
 */
export interface ValuationRate {
  /** Units of the valuation currency per unit of the opportunity's currency. */
  readonly rate: number;
  /** Where the rate came from, e.g. "binance BTC/USDT mid × USDT 1:1 (assumed)". */
  readonly source: string;
  /** True when an assumption (stablecoin at par) is part of the rate. */
  readonly assumed: boolean;
}

export const PLAY_MONEY: ReadonlySet<string> = new Set(['MANA']);
const DOLLARS: ReadonlySet<string> = new Set(['USD', 'USDT', 'USDC', 'FDUSD', 'DAI', 'TUSD', 'USDE', 'PYUSD']);
const BRIDGES = ['USDT', 'USDC', 'USD'] as const;

export class Valuation {
  /** `BASE/QUOTE` spot mid, with the venue that gave it. */
  private readonly mids = new Map<string, { mid: number; venue: string }>();
  private readonly cache = new Map<string, ValuationRate | undefined>();

  constructor(readonly target = 'USD', private readonly fixed: Readonly<Record<string, number>> = {}) {}

  /** Keeps the mid of spot books quoted in a dollar currency (cheap: one check for other quotes). */
  observe(q: Quote): void {
    if (q.market !== 'spot' || q.bids.length === 0 || q.asks.length === 0) return;
    const slash = q.symbol.indexOf('/');
    const quote = q.symbol.slice(slash + 1);
    if (quote !== 'USDT' && quote !== 'USDC' && quote !== 'USD') return;
    const mid = (q.bids[0][0] + q.asks[0][0]) / 2;
    if (!(mid > 0)) return;
    this.mids.set(q.symbol, { mid, venue: q.venue });
    if (this.cache.size) this.cache.clear();
  }

  /** The rate of `currency` in the target currency, or undefined (play money, or nothing to price it with). */
  rate(currency: string): ValuationRate | undefined {
    const c = currency.toUpperCase();
    if (this.cache.has(c)) return this.cache.get(c);
    const r = this.compute(c);
    this.cache.set(c, r);
    return r;
  }

  private compute(c: string): ValuationRate | undefined {
    if (PLAY_MONEY.has(c)) return undefined;
    if (c === this.target) return { rate: 1, source: this.target, assumed: false };
    if (this.fixed[c] !== undefined) return { rate: this.fixed[c], source: `given rate ${c}=${this.fixed[c]} ${this.target}`, assumed: false };
    if (this.target === 'USD' && DOLLARS.has(c)) {
      const m = this.mids.get(`${c}/USD`);
      return m ? { rate: m.mid, source: `${m.venue} ${c}/USD mid`, assumed: false } : { rate: 1, source: `${c} at par with USD (no ${c}/USD book seen)`, assumed: true };
    }
    for (const bridge of BRIDGES) {
      const m = this.mids.get(`${c}/${bridge}`);
      if (!m) continue;
      const b = bridge === this.target ? { rate: 1, source: '', assumed: false } : this.compute(bridge);
      if (!b) continue;
      return { rate: m.mid * b.rate, source: `${m.venue} ${c}/${bridge} mid${b.source ? ` × ${b.source}` : ''}`, assumed: b.assumed };
    }
    return undefined;
  }
}

/** The opportunity with its profit in the valuation currency (or `valued: false` and why). */
export function withValue(o: Opportunity, target: string, r: ValuationRate | undefined): Opportunity {
  if (!r) return { ...o, valueCurrency: target, netProfitValue: null, valuation: PLAY_MONEY.has(o.quote.toUpperCase()) ? `${o.quote} is play money: never converted, ranked after money` : `no rate for ${o.quote} → ${target}: ranked after valued opportunities (give one with --fx ${o.quote}=<rate>)` };
  return { ...o, valueCurrency: target, netProfitValue: o.netProfit * r.rate, valuationRate: r.rate, valuation: r.source, ...(r.assumed ? { valuationAssumed: true } : {}) };
}
