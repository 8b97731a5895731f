/** The use case behind `arblens backtest --strategy arb`: quotes in (store or NDJSON), replay, a result to print. */
import { readFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import type { MarketType, Quote } from '../core/types.js';
import type { SqliteStore } from '../store/sqlite.js';
import { registryFee } from '../venues/registry.js';
import { loadConfig, venueConfig } from './config.js';
import { ArbReplay, type Balances } from '../backtest/arb-replay.js';
import { saveRun } from '../backtest/save-run.js';

export interface ArbCliOptions {
  readonly quotes?: string;
  readonly from?: number;
  readonly to?: number;
  readonly symbol?: string;
  readonly latency: number;
  readonly balance: string[];
  readonly maxAge: number;
  readonly minProfit: number;
  readonly maxNotional?: number;
  readonly cash: number;
  readonly save: boolean;
}

export interface ArbRunSummary {
  readonly quotes: number;
  readonly opportunitiesActedOn: number;
  readonly filled: number;
  readonly partial: number;
  readonly missed: number;
  readonly promisedProfit: number;
  readonly realisedProfit: number;
  readonly captureRatePct: number;
  readonly latencyMs: number;
}

export interface ArbRunResult {
  readonly strategy: 'arb';
  readonly runId?: number;
  readonly summary: ArbRunSummary;
  readonly startBalances: ReturnType<ArbReplay['finish']>['startBalances'];
  readonly endBalances: ReturnType<ArbReplay['finish']>['endBalances'];
  readonly trades: ReturnType<ArbReplay['finish']>['trades'];
}

/** `binance:USDT=10000,BTC=0.5` (repeatable) → venue → asset → amount. */
export function parseBalances(specs: readonly string[]): Balances {
  const out: Balances = new Map();
  for (const spec of specs) {
    const m = /^([\w.-]+):(.+)$/.exec(spec.trim());
    if (!m) throw new UsageError(`--balance '${spec}' is not venue:ASSET=amount — e.g. --balance binance:USDT=10000,BTC=0.5`);
    const assets = out.get(m[1]) ?? new Map<string, number>();
    for (const part of m[2].split(',')) {
      const a = /^([A-Za-z0-9]+)=(.+)$/.exec(part.trim());
      const x = a ? Number(a[2]) : NaN;
      if (!a || !Number.isFinite(x) || x < 0) throw new UsageError(`--balance '${spec}': '${part}' is not ASSET=amount ≥ 0 — e.g. USDT=10000`);
      assets.set(a[1].toUpperCase(), x);
    }
    out.set(m[1], assets);
  }
  return out;
}

/** One Quote per line; blank lines skipped; a bad line names its number. */
export function* readNdjsonQuotes(path: string): Generator<Quote> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--quotes '${path}': cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    let q: Quote;
    try {
      q = JSON.parse(lines[i]) as Quote;
    } catch {
      throw new UsageError(`--quotes '${path}' line ${i + 1}: not JSON — one quote object per line`);
    }
    if (!q || typeof q.venue !== 'string' || typeof q.symbol !== 'string' || !Array.isArray(q.bids) || !Array.isArray(q.asks) || !Number.isFinite(q.venueTs)) {
      throw new UsageError(`--quotes '${path}' line ${i + 1}: not a quote — needs venue, symbol, bids, asks, venueTs (localTs, market optional)`);
    }
    yield { ...q, type: 'quote', market: q.market ?? 'spot', localTs: Number.isFinite(q.localTs) ? q.localTs : q.venueTs };
  }
}

/** What `scan` would charge: the published base tier, or the user's override (config file, environment). */
function fees(venue: string, market: MarketType) {
  return registryFee(venue, market, venueConfig(venue, loadConfig()));
}

export async function runArbBacktest(o: ArbCliOptions, io: { note(m: string): void; openStore(): Promise<SqliteStore> }): Promise<ArbRunResult> {
  const balances = parseBalances(o.balance);
  const replay = new ArbReplay({
    fees,
    latencyMs: o.latency,
    maxAgeMs: o.maxAge,
    minProfit: o.minProfit,
    maxNotional: o.maxNotional,
    balances,
    // Without --balance, a venue starts with --cash of quote and the same value in base.
    defaultBalance: o.balance.length ? undefined : (_v, base, quote, mid) => ({ [quote]: o.cash, [base]: o.cash / mid }),
  });
  if (!o.balance.length) io.note(`no --balance: every venue starts with ${o.cash} quote currency and as much again in base (at its first mid)`);
  const store = o.quotes && !o.save ? undefined : await io.openStore();
  try {
    const source = o.quotes ? readNdjsonQuotes(o.quotes) : store!.iterateQuotes({ fromMs: o.from, toMs: o.to, symbols: o.symbol ? [o.symbol] : undefined });
    for (const q of source) replay.push(q);
    const r = replay.finish();
    if (r.quotes === 0) throw new UsageError(o.quotes ? `--quotes '${o.quotes}' holds no quotes` : `the store ${store!.path} holds no recorded quotes in that range — record some with \`arblens scan --record\` or \`arblens watch --record\``);
    const filled = r.trades.filter((t) => t.filledSize > 0);
    const summary = {
      quotes: r.quotes,
      opportunitiesActedOn: r.opportunities,
      filled: filled.length,
      partial: filled.filter((t) => t.limitedBy).length,
      missed: r.trades.length - filled.length,
      promisedProfit: r.promisedProfit,
      realisedProfit: r.realisedProfit,
      captureRatePct: r.promisedProfit > 0 ? (r.realisedProfit / r.promisedProfit) * 100 : NaN,
      latencyMs: o.latency,
    };
    let runId: number | undefined;
    if (o.save && store) {
      runId = saveRun(store, { strategy: 'arb', params: { latencyMs: o.latency, minProfit: o.minProfit }, source: o.quotes ? `ndjson:${o.quotes}` : `store:${store.path}`, symbol: o.symbol ?? '*', metrics: summary, trades: [] }, Date.now());
      io.note(`saved as run #${runId} in ${store.path} (--no-save to skip)`);
    }
    return { strategy: 'arb', runId, summary, startBalances: r.startBalances, endBalances: r.endBalances, trades: r.trades };
  } finally {
    store?.close();
  }
}
