import { UsageError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';

/**
 * Keepa's domain ids (structs/AmazonLocale.java: RESERVED, US, GB, DE, FR, JP, CA, RESERVED2, IT,
 * ES, IN, MX, BR) with each marketplace's currency and its minor units: Keepa prices are integers
 * of the smallest unit, so JPY has 0 decimals and every other currency here 2.
 */
export interface Marketplace {
  readonly code: string;
  readonly domain: number;
  readonly currency: string;
  readonly decimals: number;
}

export const MARKETPLACES: readonly Marketplace[] = [
  { code: 'US', domain: 1, currency: 'USD', decimals: 2 },
  { code: 'GB', domain: 2, currency: 'GBP', decimals: 2 },
  { code: 'DE', domain: 3, currency: 'EUR', decimals: 2 },
  { code: 'FR', domain: 4, currency: 'EUR', decimals: 2 },
  { code: 'JP', domain: 5, currency: 'JPY', decimals: 0 },
  { code: 'CA', domain: 6, currency: 'CAD', decimals: 2 },
  { code: 'IT', domain: 8, currency: 'EUR', decimals: 2 },
  { code: 'ES', domain: 9, currency: 'EUR', decimals: 2 },
  { code: 'IN', domain: 10, currency: 'INR', decimals: 2 },
  { code: 'MX', domain: 11, currency: 'MXN', decimals: 2 },
  { code: 'BR', domain: 12, currency: 'BRL', decimals: 2 },
];

export function marketplace(code: string): Marketplace {
  const m = MARKETPLACES.find((x) => x.code === code.toUpperCase());
  if (m) return m;
  const codes = MARKETPLACES.map((x) => x.code);
  const guess = didYouMean(code.toUpperCase(), codes);
  throw new UsageError(`--marketplace '${code}' is not a Keepa marketplace${guess ? ` — did you mean '${guess}'?` : ''} (one of ${codes.join(', ')})`);
}

/** Minor units per major unit: 100 for cents, 1 for yen. */
export const minorPerMajor = (m: Marketplace): number => 10 ** m.decimals;
