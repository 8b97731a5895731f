import { BUYBOX_TOKENS, TOKENS_PER_PRODUCT } from '../../retail/keepa-client.js';
import { marketplace } from '../../retail/marketplaces.js';
import { planBatch, type Plan } from '../../retail/plan.js';
import type { Report } from '../report.js';
import { readBatchFile } from './input-file.js';
import { keepaClient, keepaSettings } from './sources.js';

export interface PlanRequest {
  readonly input: string;
  readonly format?: 'csv' | 'ndjson';
  readonly marketplace: string;
  readonly buybox: boolean;
  readonly maxTokens?: number;
  readonly skipBadRows: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly report: Report;
}

export interface PlanResult extends Plan {
  readonly asins: number;
  readonly codes: number;
  readonly tokensPerProduct: number;
  /** From GET /token (free) when a key is set; undefined otherwise. */
  readonly tokensLeft?: number;
  readonly refillRate?: number;
  readonly budgetSource: 'keepa /token' | 'unknown (no key)';
}

/** `arblens retail plan`: tokens and time for a batch; asks Keepa only for its (free) token status. */
export async function runRetailPlan(r: PlanRequest): Promise<PlanResult> {
  const m = marketplace(r.marketplace);
  const { items } = readBatchFile(r.input, r.format, r.skipBadRows, r.report);
  const asins = new Set(items.filter((i) => i.codeType === 'asin').map((i) => i.code)).size;
  const codes = new Set(items.filter((i) => i.codeType !== 'asin').map((i) => i.code)).size;
  const tokensPerProduct = TOKENS_PER_PRODUCT + (r.buybox ? BUYBOX_TOKENS : 0);
  let status: { tokensLeft: number; refillRate: number; refillIn: number } | undefined;
  if (keepaSettings(r.env, r.cwd).key) status = await keepaClient(r.env, r.cwd, { domain: m.domain }).token();
  const plan = planBatch({ asins, codes, tokensPerProduct, tokensLeft: status?.tokensLeft, refillRate: status?.refillRate, refillInMs: status?.refillIn, maxTokens: r.maxTokens });
  return { ...plan, asins, codes, tokensPerProduct, tokensLeft: status?.tokensLeft, refillRate: status?.refillRate, budgetSource: status ? 'keepa /token' : 'unknown (no key)' };
}
