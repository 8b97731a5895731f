import { readFileSync } from 'node:fs';
import { EXIT, UsageError } from '../../core/errors.js';
import { tidyDeep } from '../../core/json.js';
import { analyzeBatch } from '../../retail/batch.js';
import type { Clock } from '../../retail/clock.js';
import { marketplace } from '../../retail/marketplaces.js';
import type { RetailResult } from '../../retail/result.js';
import { DEFAULT_RULES, parseRules, type Rules } from '../../retail/rules.js';
import type { ProductSource } from '../../retail/source.js';
import { openDatabase } from '../../store/sqlite.js';
import { previousAnalyses, saveRetailBatch } from '../../store/retail.js';
import type { Report } from '../report.js';
import { readBatchFile } from './input-file.js';
import { DEMO_DIR, demoSource, keepaClient } from './sources.js';

export interface AnalyzeRequest {
  /** The batch file; undefined with demo. */
  readonly input?: string;
  readonly demo: boolean;
  readonly format?: 'csv' | 'ndjson';
  readonly marketplace: string;
  readonly rulesPath?: string;
  readonly maxTokens?: number;
  readonly skipBadRows: boolean;
  readonly buybox: boolean;
  readonly history: boolean;
  /** Store file; undefined: do not store the batch. */
  readonly dbPath?: string;
  readonly name?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly signal?: AbortSignal;
  readonly clock?: Clock;
  readonly report: Report;
  readonly onProgress?: (done: number, total: number) => void;
  readonly onWait?: (ms: number, why: string) => void;
  /** Tests and benchmarks: products from here instead of Keepa. */
  readonly source?: ProductSource;
}

export interface AnalyzeResult {
  readonly results: RetailResult[];
  readonly batchId?: number;
  readonly tokensUsed: number;
  readonly exitCode: number;
}

export function loadRules(path: string | undefined): Rules {
  if (!path) return DEFAULT_RULES;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`--rules '${path}': ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid JSON (${(err as Error).message})`} — see README "arblens retail" for the fields`);
  }
  return parseRules(raw, `--rules '${path}'`);
}

/** `arblens retail analyze`: rows → Keepa → rules → sorted results, stored as a batch. */
export async function runRetailAnalyze(r: AnalyzeRequest): Promise<AnalyzeResult> {
  if (!r.demo && !r.input) throw new UsageError('retail analyze needs a batch file (CSV or NDJSON of asin|upc|ean,cost[,qty,note]) — or --demo for the sample batch');
  if (r.demo && r.input) throw new UsageError(`--demo analyzes the shipped sample batch: drop '${r.input}' or drop --demo`);
  const m = marketplace(r.marketplace);
  const rules = loadRules(r.rulesPath);
  const inputPath = r.demo ? new URL('products.csv', DEMO_DIR) : r.input!;
  const { items } = readBatchFile(inputPath, r.format, r.skipBadRows, r.report);
  const source = r.source ?? (r.demo ? demoSource() : keepaClient(r.env, r.cwd, { domain: m.domain, buybox: r.buybox, history: r.history, maxTokens: r.maxTokens, clock: r.clock, signal: r.signal, onWait: r.onWait }));
  const now = r.clock?.now() ?? Date.now();
  const { results, tokensUsed } = await analyzeBatch(items, source, rules, m, now, { onProgress: r.onProgress, warn: (msg) => r.report('keepa', msg) });
  let out = results;
  let batchId: number | undefined;
  if (r.dbPath) {
    const db = openDatabase(r.dbPath);
    try {
      const prev = previousAnalyses(db, results.flatMap((x) => (x.asin ? [x.asin] : [])), m.code);
      out = results.map((x) => withPrevious(x, x.asin ? prev.get(x.asin) : undefined));
      const count = (v: string) => out.filter((x) => x.verdict === v).length;
      batchId = saveRetailBatch(
        db,
        { createdTs: now, name: r.name ?? (r.demo ? 'demo' : String(r.input)), source: source.label, marketplace: m.code, currency: m.currency, rules: JSON.stringify(rules), products: out.length, buy: count('buy'), watch: count('watch'), skip: count('skip'), tokensUsed },
        out.map((x) => ({ line: x.line, code: x.code, asin: x.asin, title: x.title, currency: x.currency, cost: x.cost, qty: x.qty, sellPrice: x.sellPrice, profit: x.profit, roiPct: x.roiPct, marginPct: x.marginPct, monthlySales: x.monthlySales, verdict: x.verdict, reasons: x.reasons, payload: JSON.stringify(tidyDeep(x)) })),
      );
    } finally {
      db.close();
    }
  }
  const capped = out.some((x) => x.flags.includes('not-fetched'));
  if (capped) r.report('keepa', `--max-tokens ${r.maxTokens} reached: ${out.filter((x) => x.flags.includes('not-fetched')).length} rows not fetched (verdict skip) — raise --max-tokens or re-run them later`);
  return { results: out, batchId, tokensUsed, exitCode: capped ? EXIT.partial : EXIT.ok };
}

function withPrevious(x: RetailResult, p: { batchId: number; createdTs: number; roiPct: number | null; profit: number | null } | undefined): RetailResult {
  if (!p) return x;
  const roiChangePct = x.roiPct !== null && p.roiPct !== null ? x.roiPct - p.roiPct : null;
  return { ...x, previous: { batchId: p.batchId, createdAt: new Date(p.createdTs).toISOString(), roiPct: p.roiPct, profit: p.profit }, roiChangePct };
}
