import type Database from 'better-sqlite3';
import { withBusyRetry } from './open.js';

/**
 * Retail batches in the store (`retail_batches`, `retail_analyses`, migration 4). Plain data in,
 * plain rows out: the store knows nothing of Keepa or the rules.
 */
export interface RetailBatchRow {
  readonly id: number;
  readonly createdTs: number;
  readonly name: string;
  readonly source: string;
  readonly marketplace: string;
  readonly currency: string;
  readonly rules: string;
  readonly products: number;
  readonly buy: number;
  readonly watch: number;
  readonly skip: number;
  readonly tokensUsed: number;
}

export interface RetailAnalysisRow {
  readonly line: number;
  readonly code: string;
  readonly asin: string | null;
  readonly title: string;
  readonly currency: string;
  readonly cost: number;
  readonly qty: number;
  readonly sellPrice: number | null;
  readonly profit: number | null;
  readonly roiPct: number | null;
  readonly marginPct: number | null;
  readonly monthlySales: number | null;
  readonly verdict: string;
  readonly reasons: readonly string[];
  /** The whole result as JSON. */
  readonly payload: string;
}

export interface PreviousAnalysis {
  readonly batchId: number;
  readonly createdTs: number;
  readonly roiPct: number | null;
  readonly profit: number | null;
}

/** Writes a batch and its results in one transaction; returns the batch id. */
export function saveRetailBatch(db: Database.Database, batch: Omit<RetailBatchRow, 'id'>, rows: readonly RetailAnalysisRow[]): number {
  const insBatch = db.prepare(`INSERT INTO retail_batches (created_ts, name, source, marketplace, currency, rules, products, buy, watch, skip, tokens_used)
    VALUES (@createdTs, @name, @source, @marketplace, @currency, @rules, @products, @buy, @watch, @skip, @tokensUsed)`);
  const insRow = db.prepare(`INSERT INTO retail_analyses (batch_id, created_ts, line, code, asin, title, currency, cost, qty, sell_price, profit, roi_pct, margin_pct, monthly_sales, verdict, reasons, payload)
    VALUES (@batchId, @createdTs, @line, @code, @asin, @title, @currency, @cost, @qty, @sellPrice, @profit, @roiPct, @marginPct, @monthlySales, @verdict, @reasons, @payload)`);
  // IMMEDIATE and retried when busy, like every other writer of the store (a watch recorder may hold it).
  const tx = db.transaction(() => {
    const batchId = Number(insBatch.run(batch).lastInsertRowid);
    for (const r of rows) insRow.run({ ...r, batchId, createdTs: batch.createdTs, reasons: JSON.stringify(r.reasons) });
    return batchId;
  });
  return withBusyRetry(() => tx.immediate());
}

export function listRetailBatches(db: Database.Database, limit = 50): RetailBatchRow[] {
  return db
    .prepare(`SELECT id, created_ts AS createdTs, name, source, marketplace, currency, rules, products, buy, watch, skip, tokens_used AS tokensUsed
      FROM retail_batches ORDER BY id DESC LIMIT ?`)
    .all(limit) as RetailBatchRow[];
}

export function getRetailBatch(db: Database.Database, id: number): { batch: RetailBatchRow; payloads: string[] } | undefined {
  const batch = db
    .prepare(`SELECT id, created_ts AS createdTs, name, source, marketplace, currency, rules, products, buy, watch, skip, tokens_used AS tokensUsed FROM retail_batches WHERE id = ?`)
    .get(id) as RetailBatchRow | undefined;
  if (!batch) return undefined;
  const payloads = db.prepare('SELECT payload FROM retail_analyses WHERE batch_id = ? ORDER BY id').pluck().all(id) as string[];
  return { batch, payloads };
}

/** The latest stored analysis of each ASIN (any earlier batch of the same marketplace), for "ROI changed since". */
export function previousAnalyses(db: Database.Database, asins: readonly string[], marketplace: string): Map<string, PreviousAnalysis> {
  const out = new Map<string, PreviousAnalysis>();
  const stmt = db.prepare(`SELECT a.batch_id AS batchId, a.created_ts AS createdTs, a.roi_pct AS roiPct, a.profit
    FROM retail_analyses a JOIN retail_batches b ON b.id = a.batch_id
    WHERE a.asin = ? AND b.marketplace = ? ORDER BY a.batch_id DESC, a.id DESC LIMIT 1`);
  for (const asin of new Set(asins)) {
    const r = stmt.get(asin, marketplace) as PreviousAnalysis | undefined;
    if (r) out.set(asin, r);
  }
  return out;
}
