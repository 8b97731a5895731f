import type { OpportunityKind, Quote } from '../core/types.js';
import { assetKey } from '../core/units.js';

/**
 * Which two-leg kind buying `buy` and selling `sell` is, or undefined when that direction is not
 * a trade arblens reports: selling spot you do not hold is not an arbitrage (basis only buys spot
 * and shorts the perp), and two quotes from one venue and one market are the same book.
 */
export function pairKind(buy: Quote, sell: Quote): OpportunityKind | undefined {
  if (buy.market === 'spot' && sell.market === 'spot') return buy.venue !== sell.venue && buy.symbol === sell.symbol ? 'cross-spot' : undefined;
  if (buy.market === 'perp' && sell.market === 'perp') return buy.venue !== sell.venue && buy.symbol === sell.symbol ? 'cross-perp' : undefined;
  if (buy.market === 'spot' && sell.market === 'perp') return 'basis';
  return undefined;
}

/** Stable opportunity id: kind, instrument and direction. */
export function pairId(kind: OpportunityKind, buy: Quote, sell: Quote): string {
  const symbol = kind === 'basis' ? assetKey(buy.symbol) : buy.symbol;
  return `${kind}:${symbol}:${buy.venue}>${sell.venue}`;
}

/** Linear perps only (settled in the quote currency): inverse contracts are sized in USD. */
export function isLinear(symbol: string): boolean {
  const i = symbol.indexOf(':');
  return i < 0 || symbol.slice(i + 1) === symbol.slice(symbol.indexOf('/') + 1, i);
}
