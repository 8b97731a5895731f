import type { MarketLimits } from '../core/types.js';

/**
 * The size both legs can actually trade: rounded DOWN to the coarser amount step of the two
 * markets (never up: that would take depth the walk did not price), then refused (0) when under
 * either market's minimum amount or minimum notional at `price`.
 */
export function tradableSize(size: number, price: number, a: MarketLimits | undefined, b: MarketLimits | undefined): number {
  if (!a && !b) return size;
  const step = Math.max(a?.step ?? 0, b?.step ?? 0);
  let s = size;
  if (step > 0) {
    // Decimals of the step, so 0.3 / 0.1 does not floor to 2 through float noise.
    const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
    s = Number((Math.floor(size / step + 1e-9) * step).toFixed(Math.min(decimals + 2, 20)));
  }
  if (s <= 0) return 0;
  if (s < Math.max(a?.minAmount ?? 0, b?.minAmount ?? 0) - 1e-12) return 0;
  if (s * price < Math.max(a?.minNotional ?? 0, b?.minNotional ?? 0) - 1e-9) return 0;
  return s;
}
