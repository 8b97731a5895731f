import type { Opportunity, OpportunityKind } from '../../core/types.js';
import type { Filters } from '../filters.js';

export const SCAN_MARKETS = ['all', 'spot', 'perp', 'prediction'] as const;
export const SCAN_KINDS: readonly OpportunityKind[] = ['cross-spot', 'cross-perp', 'basis', 'funding', 'binary-complement', 'binary-intra', 'multi-outcome'];

/** One `scan`, as any front end (the CLI, the HTTP API) asks for it; durations in ms. */
export interface ScanRequest extends Filters {
  market: (typeof SCAN_MARKETS)[number];
  timeout: number;
  concurrency: number;
  record?: boolean;
  demo?: boolean;
  /** Prediction markets: also pair suggestions scoring at least this (marked unconfirmed). */
  autoMatch?: number;
  /** Hand the books out once, in rank order, so every listed profit can be had at the same time. */
  exclusive?: boolean;
}

/** What a scan hands back to be printed: the ranked opportunities and the exit code they imply. */
export interface ScanOutcome {
  readonly ranked: readonly Opportunity[];
  readonly exitCode: number;
  /** Set when --record wrote to the store. */
  readonly recorded?: { readonly path: string; readonly quotes: number; readonly funding: number; readonly opportunities: number };
  /** Net profit of all the listed opportunities taken at once (books used once), valued. */
  readonly total?: { readonly value: number; readonly currency: string; readonly opportunities: number };
}
