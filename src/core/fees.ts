import type { FeeModel, FeeSource } from './types.js';

/** The common crypto rule: a fraction of notional (0.001 = 0.1 %), charged on every fill. */
export function proportionalFee(takerRate: number, makerRate = takerRate, source?: FeeSource): FeeModel {
  return { source, takerRate, makerRate, proportional: true, taker: (price, size) => price * size * takerRate };
}

export const NO_FEE: FeeModel = { takerRate: 0, makerRate: 0, taker: () => 0 };
