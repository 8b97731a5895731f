// Keepa REST API: https://keepa.com/#!discuss/t/request-products/110 (product), /token (status);
// shapes per github.com/keepacom/api_backend (Request.java, Response.java, KeepaAPI.java).
import { ArblensError, EXIT } from '../core/errors.js';
import { systemClock, type Clock } from './clock.js';
import type { KeepaEnvelope, KeepaProductResponse } from './keepa-types.js';
import { scrubKey } from './scrub.js';
import type { FetchOutcome, ProductSource } from './source.js';
import { TokenBudget } from './token-budget.js';

export const KEEPA_URL = 'https://api.keepa.com';
/** Keepa's limit of ASINs (or codes) per /product call (Request.java: "between 1 and 100"). */
export const KEEPA_BATCH = 100;
/** One token per product, plus 2 with `buybox=1` (keepa Python client docs). */
export const TOKENS_PER_PRODUCT = 1;
export const BUYBOX_TOKENS = 2;

export interface KeepaClientOptions {
  readonly key: string;
  readonly baseUrl?: string;
  /** Keepa domain id (1 = amazon.com). */
  readonly domain: number;
  /** Ask for buy-box data (buy-box seller, Amazon-on-listing, buy-box stats): +2 tokens a product. */
  readonly buybox?: boolean;
  /** Include the csv history (for 90-day volatility); no extra tokens, bigger answers. */
  readonly history?: boolean;
  /** Never spend more than this many tokens in this run. */
  readonly maxTokens?: number;
  readonly clock?: Clock;
  readonly timeoutMs?: number;
  /** Retries of one request refused with 429 NOT_ENOUGH_TOKEN before giving up. */
  readonly maxRetries?: number;
  readonly signal?: AbortSignal;
  /** Told before each wait for tokens (ms, why), so the CLI can say it. */
  readonly onWait?: (ms: number, why: string) => void;
}

export class KeepaError extends ArblensError {
  constructor(message: string, readonly status?: number) {
    super(message, EXIT.runtime);
  }
}

export interface TokenStatus {
  readonly tokensLeft: number;
  readonly refillRate: number;
  readonly refillIn: number;
}

export class KeepaClient implements ProductSource {
  readonly label = 'keepa';
  readonly tokensPerProduct: number;
  readonly budget = new TokenBudget();
  private spent = 0;
  private readonly clock: Clock;
  private readonly base: string;

  constructor(private readonly o: KeepaClientOptions) {
    this.clock = o.clock ?? systemClock;
    this.base = (o.baseUrl ?? KEEPA_URL).replace(/\/+$/, '');
    this.tokensPerProduct = TOKENS_PER_PRODUCT + (o.buybox ? BUYBOX_TOKENS : 0);
  }

  get tokensSpent(): number {
    return this.spent;
  }

  /** GET /token: the budget, free of charge. */
  async token(): Promise<TokenStatus> {
    const body = await this.get('/token', {});
    return { tokensLeft: body.tokensLeft ?? 0, refillRate: body.refillRate ?? 0, refillIn: body.refillIn ?? 0 };
  }

  /** Products for ASINs or UPC/EAN codes, in chunks of ≤ 100 paced to the token budget. */
  async fetch(kind: 'asin' | 'code', ids: readonly string[], onProgress?: (done: number, total: number) => void): Promise<FetchOutcome> {
    const products: unknown[] = [];
    const startSpent = this.spent;
    let i = 0;
    while (i < ids.length) {
      const chunk = await this.nextChunk(ids.length - i);
      if (chunk === 0) break;
      const part = ids.slice(i, i + chunk);
      const body = await this.request(part, kind);
      if (Array.isArray(body.products)) products.push(...body.products);
      else throw new KeepaError(`keepa /product answered without a products array (${part.length} ${kind === 'asin' ? 'ASINs' : 'codes'} from ${part[0]})`);
      i += chunk;
      onProgress?.(i, ids.length);
    }
    return { products, notFetched: ids.slice(i), tokensUsed: this.spent - startSpent };
  }

  /** How many products the next call may ask for: the batch limit, the --max-tokens cap, the budget. */
  private async nextChunk(remaining: number): Promise<number> {
    const per = this.tokensPerProduct;
    let n = Math.min(remaining, KEEPA_BATCH);
    if (this.o.maxTokens !== undefined) n = Math.min(n, Math.floor((this.o.maxTokens - this.spent) / per));
    if (n <= 0) return 0;
    // Wait for enough tokens for the whole chunk, but never for more than one full refill cycle
    // can hold: a chunk bigger than that is shrunk to what the budget allows.
    const b = this.budget;
    // The first call learns the budget from GET /token (free), so even it is paced.
    if (!b.known) await this.token();
    if (b.known) {
      const hourCap = b.refillRate! * 60;
      n = Math.max(1, Math.min(n, Math.floor(hourCap / per)));
      await this.waitFor(n * per, `${n} products cost ${n * per} tokens, ${b.tokensLeft} left (refill ${b.refillRate}/min)`);
    }
    return n;
  }

  private async waitFor(need: number, why: string): Promise<void> {
    const now = this.clock.now();
    const ms = this.budget.waitMs(need, now);
    if (ms <= 0) return;
    this.o.onWait?.(ms, why);
    await this.clock.sleep(ms, this.o.signal);
    this.budget.advance(now, this.clock.now());
  }

  private async request(ids: readonly string[], kind: 'asin' | 'code'): Promise<KeepaProductResponse> {
    const params: Record<string, string> = { domain: String(this.o.domain), [kind]: ids.join(','), stats: '90', history: this.o.history ? '1' : '0' };
    if (this.o.buybox) params.buybox = '1';
    for (let attempt = 0; ; attempt++) {
      try {
        const body = (await this.get('/product', params)) as KeepaProductResponse;
        this.spent += typeof body.tokensConsumed === 'number' ? body.tokensConsumed : ids.length * this.tokensPerProduct;
        return body;
      } catch (err) {
        if (!(err instanceof KeepaError) || err.status !== 429 || attempt >= (this.o.maxRetries ?? 20)) throw err;
        // NOT_ENOUGH_TOKEN: the answer carried the budget; wait for the refill it names.
        const now = this.clock.now();
        const ms = Math.max(this.budget.waitMs(ids.length * this.tokensPerProduct, now), 1000);
        this.o.onWait?.(ms, `Keepa answered 429 NOT_ENOUGH_TOKEN (${this.budget.tokensLeft ?? '?'} tokens left)`);
        await this.clock.sleep(ms, this.o.signal);
        this.budget.advance(now, this.clock.now());
      }
    }
  }

  /** One GET; the key goes in the query string and never into a message. */
  private async get(path: string, params: Record<string, string>): Promise<KeepaEnvelope & Record<string, unknown>> {
    const url = `${this.base}${path}?${new URLSearchParams({ key: this.o.key, ...params })}`;
    const where = `keepa ${path}`;
    const timeout = AbortSignal.timeout(this.o.timeoutMs ?? 60_000);
    const signal = this.o.signal ? AbortSignal.any([this.o.signal, timeout]) : timeout;
    let res: Response;
    try {
      res = await fetch(url, { signal, headers: { 'accept-encoding': 'gzip' } });
    } catch (err) {
      if (this.o.signal?.aborted) throw err;
      const e = err as Error & { cause?: { code?: string } };
      const why = timeout.aborted ? `timed out after ${this.o.timeoutMs ?? 60_000} ms` : `${e.cause?.code ?? e.message}`;
      throw new KeepaError(scrubKey(`${where}: ${why} (${this.base}) — check the network or ARBLENS_KEEPA_URL`, this.o.key));
    }
    const text = await res.text();
    let body: (KeepaEnvelope & Record<string, unknown>) | undefined;
    try {
      body = JSON.parse(text) as KeepaEnvelope & Record<string, unknown>;
    } catch {
      body = undefined;
    }
    if (body && typeof body === 'object') this.budget.update(body, this.clock.now());
    if (res.status === 200 && body && typeof body === 'object') return body;
    const detail = body?.error ? `${body.error.type ?? ''} ${body.error.message ?? ''}`.trim() : text.slice(0, 120).replace(/\s+/g, ' ');
    const hint = res.status === 429 ? 'NOT_ENOUGH_TOKEN' : res.status === 400 || res.status === 401 || res.status === 402 ? 'check ARBLENS_KEEPA_KEY (or keepa.key in the config file) and the plan' : res.status === 200 ? 'not JSON' : 'Keepa failed';
    throw new KeepaError(scrubKey(`${where}: HTTP ${res.status}${detail ? ` ${detail}` : ''} — ${hint}`, this.o.key), res.status);
  }
}
