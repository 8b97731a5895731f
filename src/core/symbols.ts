import type { MarketType } from './types.js';

/**
 * Unified symbols (ccxt's): spot `BTC/USDT`, linear perp `BTC/USDT:USDT`, inverse `BTC/USD:BTC`.
 * A spot symbol typed by a user also stands for its linear perp: this file is the one place
 * that rule lives.
 */
export const UNIFIED_SYMBOL = /^[A-Z0-9._-]+\/[A-Z0-9._-]+(:[A-Z0-9._-]+)?$/;

export function linearPerpOf(spot: string): string {
  return `${spot}:${spot.split('/')[1]}`;
}

/** The forms a typed symbol stands for: itself, plus its linear perp when it is a spot symbol. */
export function symbolForms(s: string): string[] {
  return s.includes(':') ? [s] : [s, linearPerpOf(s)];
}

/**
 * Typed symbols → the instruments to follow in `markets`: BTC/USDT is the spot pair when spot is
 * selected and BTC/USDT:USDT when perps are; a perp symbol only with perps. Anything without a
 * slash (a prediction-market id or token id) passes through unchanged.
 */
export function expandSymbols(symbols: readonly string[], markets: ReadonlySet<MarketType>): string[] {
  const out = new Set<string>();
  for (const s of symbols) {
    if (!s.includes('/')) out.add(s);
    else if (s.includes(':')) {
      if (markets.has('perp')) out.add(s);
    } else {
      if (markets.has('spot')) out.add(s);
      if (markets.has('perp')) out.add(linearPerpOf(s));
    }
  }
  return [...out];
}
