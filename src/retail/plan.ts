import { KEEPA_BATCH } from './keepa-client.js';

export interface PlanInput {
  readonly asins: number;
  readonly codes: number;
  readonly tokensPerProduct: number;
  /** Known from GET /token, else undefined. */
  readonly tokensLeft?: number;
  readonly refillRate?: number;
  readonly refillInMs?: number;
  readonly maxTokens?: number;
}

export interface Plan {
  readonly products: number;
  readonly requests: number;
  /** Every code counted as one product: a code that maps to several ASINs costs more. */
  readonly tokens: number;
  readonly tokensCapped: number;
  /** Minutes of waiting for refills (null without a known refill rate). */
  readonly waitMinutes: number | null;
}

/**
 * Tokens and time for a batch, spending nothing: tokens = products × tokensPerProduct; the wait
 * is the deficit over the refill rate: max(0, tokens − tokensLeft) / refillRate minutes, the first
 * refill arriving after refillIn.
 */
export function planBatch(p: PlanInput): Plan {
  const products = p.asins + p.codes;
  const tokens = products * p.tokensPerProduct;
  const tokensCapped = p.maxTokens === undefined ? tokens : Math.min(tokens, p.maxTokens);
  const requests = Math.ceil(p.asins / KEEPA_BATCH) + Math.ceil(p.codes / KEEPA_BATCH);
  let waitMinutes: number | null = null;
  if (p.refillRate && p.refillRate > 0 && p.tokensLeft !== undefined) {
    const deficit = Math.max(0, tokensCapped - p.tokensLeft);
    waitMinutes = deficit === 0 ? 0 : (p.refillInMs ?? 0) / 60_000 + (Math.ceil(deficit / p.refillRate) - 1);
  }
  return { products, requests, tokens, tokensCapped, waitMinutes };
}
