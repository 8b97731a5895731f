import { analyzeProduct, unpricedResult } from './analyze.js';
import type { InputItem } from './input.js';
import { MalformedProduct, readProduct, type ProductFacts } from './keepa-read.js';
import type { Marketplace } from './marketplaces.js';
import type { Rules } from './rules.js';
import { compareResults, type RetailResult } from './result.js';
import type { ProductSource } from './source.js';

export interface BatchOutcome {
  readonly results: RetailResult[];
  readonly tokensUsed: number;
}

export interface BatchHooks {
  readonly onProgress?: (done: number, total: number) => void;
  readonly warn?: (message: string) => void;
}

/**
 * A batch end to end, screen-free: fetch every ASIN and code (ASINs and codes in their own
 * Keepa calls, each id once), read the products, price each input row under the rules, and sort
 * buy → watch → skip, best ROI first. A row that got no product still gets a result: skip, with why.
 */
export async function analyzeBatch(items: readonly InputItem[], source: ProductSource, rules: Rules, m: Marketplace, nowMs: number, hooks: BatchHooks = {}): Promise<BatchOutcome> {
  const asins = [...new Set(items.filter((i) => i.codeType === 'asin').map((i) => i.code))];
  const codes = [...new Set(items.filter((i) => i.codeType !== 'asin').map((i) => i.code))];
  const total = asins.length + codes.length;
  const a = await source.fetch('asin', asins, (d) => hooks.onProgress?.(d, total));
  const c = await source.fetch('code', codes, (d) => hooks.onProgress?.(asins.length + d, total));
  const facts = new Map<string, ProductFacts>();
  const malformed = new Map<string, string>();
  const byCode = new Map<string, ProductFacts[]>();
  const read = (raw: unknown) => {
    try {
      const f = readProduct(raw, nowMs);
      facts.set(f.asin, f);
      return f;
    } catch (err) {
      if (!(err instanceof MalformedProduct)) throw err;
      const asin = (raw as { asin?: unknown })?.asin;
      if (typeof asin === 'string') malformed.set(asin, err.message);
      hooks.warn?.(`keepa: skipped a malformed product: ${err.message}`);
      return undefined;
    }
  };
  for (const raw of a.products) read(raw);
  for (const raw of c.products) {
    const f = read(raw);
    if (!f) continue;
    for (const code of codesOf(raw)) byCode.set(code, [...(byCode.get(code) ?? []).filter((x) => x.asin !== f.asin), f]);
  }
  const skipped = new Set([...a.notFetched, ...c.notFetched]);
  const results: RetailResult[] = [];
  for (const item of items) {
    if (skipped.has(item.code)) {
      results.push(unpricedResult(item, m, item.codeType === 'asin' ? item.code : null, '', 'not fetched: the --max-tokens cap was reached before this row', ['not-fetched']));
      continue;
    }
    if (item.codeType === 'asin') {
      const f = facts.get(item.code);
      if (f) results.push(analyzeProduct(item, f, rules, m));
      else results.push(unpricedResult(item, m, item.code, '', malformed.has(item.code) ? `Keepa sent a malformed product: ${malformed.get(item.code)}` : `ASIN ${item.code} not found on Keepa (line ${item.line})`, [malformed.has(item.code) ? 'malformed' : 'not-found']));
      continue;
    }
    const list = byCode.get(item.code) ?? byCode.get(item.code.padStart(13, '0')) ?? [];
    if (list.length === 0) results.push(unpricedResult(item, m, null, '', `${item.codeType.toUpperCase()} ${item.code} not found on Keepa (line ${item.line})`, ['not-found']));
    const many = list.length > 1 ? [`code-maps-to-${list.length}-asins`] : [];
    for (const f of list) results.push(analyzeProduct(item, f, rules, m, many));
  }
  results.sort(compareResults);
  return { results, tokensUsed: a.tokensUsed + c.tokensUsed };
}

/** The UPC/EAN codes a product lists (a 12-digit UPC also appears as a 13-digit EAN with a leading 0). */
function codesOf(raw: unknown): string[] {
  const o = raw as { upcList?: unknown; eanList?: unknown };
  const out: string[] = [];
  for (const list of [o.upcList, o.eanList]) if (Array.isArray(list)) for (const c of list) out.push(String(c));
  return out;
}
