import { proportionalFee } from '../core/fees.js';
import type { FeeModel, MarketType } from '../core/types.js';
import type { VenueConfig } from './types.js';

/** Taker and maker fractions (0.001 = 0.1 %). */
export interface FeeRates {
  readonly taker: number;
  readonly maker: number;
}

/** Published base tiers of one venue, per market type (the registry row's `defaultFees`). */
export type FeeTable = Partial<Record<MarketType, FeeRates>>;

/** A market type a venue's table does not list: the most common base tier, 0.1 % (conservative for perps). */
export const FALLBACK_FEE: FeeRates = { taker: 0.001, maker: 0.001 };

/**
 * The one rule for a crypto venue's proportional fee: a user override (config file or
 * `ARBLENS_<VENUE>_TAKER`) wins, then the account's own rates (fetched with API keys), then the
 * venue's published base tier. Never ccxt's static `market.taker`: those are ccxt's guesses.
 */
export function resolveFee(table: FeeTable | undefined, market: MarketType, config?: VenueConfig, account?: FeeRates): FeeModel {
  const published = table?.[market] ?? FALLBACK_FEE;
  if (config?.taker !== undefined) return proportionalFee(config.taker, config.maker ?? config.taker, 'override');
  if (account) return proportionalFee(account.taker, account.maker, 'account');
  return proportionalFee(published.taker, published.maker, 'published');
}
