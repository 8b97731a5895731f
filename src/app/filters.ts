import type { OpportunityKind } from '../core/types.js';

/** The filters and sizing options `scan`, `watch` (and `serve`) share; durations in ms. */
export interface Filters {
  venues?: string[];
  symbols?: string[];
  kinds?: OpportunityKind[];
  top: number;
  minNet: number;
  minProfit: number;
  minSize?: number;
  maxAge: number;
  maxNotional?: number;
  maxSpread: number;
  depth: number;
  fundingHorizon: number;
  sort: 'profit' | 'pct';
  /** Valuation currency for ranking, --min-profit and the table (default USD). */
  valueIn: string;
  /** Given rates into the valuation currency, e.g. { GBP: 1.27 } (--fx GBP=1.27). */
  fx?: Record<string, number>;
  db?: string;
  quiet?: boolean;
  /** Details behind a venue's summary warnings (skipped markets by id …). */
  verbose?: boolean;
}
