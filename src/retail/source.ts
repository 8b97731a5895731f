/**
 * Where products come from: Keepa over HTTP, or a file of Keepa-shaped products (the demo and
 * the benchmark). Both answer with Keepa's raw product objects, read by keepa-read.ts.
 */
export interface FetchOutcome {
  /** Raw elements of Keepa's `products` arrays. */
  readonly products: unknown[];
  /** Ids (ASINs or codes) not requested because --max-tokens was reached. */
  readonly notFetched: string[];
  readonly tokensUsed: number;
}

export interface ProductSource {
  readonly label: string;
  /** Tokens one product costs with the options in use (for plans and caps). */
  readonly tokensPerProduct: number;
  fetch(kind: 'asin' | 'code', ids: readonly string[], onProgress?: (done: number, total: number) => void): Promise<FetchOutcome>;
}

/** Keepa-shaped products in memory: ASIN lookups by `asin`, code lookups through upcList/eanList. */
export class FixtureSource implements ProductSource {
  readonly label = 'fixtures';
  readonly tokensPerProduct = 0;
  private readonly byAsin = new Map<string, unknown>();
  private readonly byCode = new Map<string, unknown[]>();

  constructor(products: readonly unknown[]) {
    for (const p of products) {
      const o = p as { asin?: unknown; upcList?: unknown; eanList?: unknown };
      if (typeof o?.asin === 'string') this.byAsin.set(o.asin, p);
      for (const list of [o?.upcList, o?.eanList]) {
        if (!Array.isArray(list)) continue;
        for (const c of list) this.byCode.set(String(c), [...(this.byCode.get(String(c)) ?? []), p]);
      }
    }
  }

  async fetch(kind: 'asin' | 'code', ids: readonly string[], onProgress?: (done: number, total: number) => void): Promise<FetchOutcome> {
    const products: unknown[] = [];
    for (const id of ids) {
      if (kind === 'asin') {
        const p = this.byAsin.get(id);
        if (p !== undefined) products.push(p);
      } else products.push(...(this.byCode.get(id) ?? []));
    }
    onProgress?.(ids.length, ids.length);
    return { products, notFetched: [], tokensUsed: 0 };
  }
}
