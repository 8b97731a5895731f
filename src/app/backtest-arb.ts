/** The use case behind `arblens backtest --strategy arb`: quotes in (store or NDJSON), replay, a result to print. */
import { readFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import type { FundingRate, MarketType, OpportunityKind, Quote } from '../core/types.js';
import type { SqliteStore } from '../store/sqlite.js';
import { registryFee } from '../venues/registry.js';
import { loadConfig, venueConfig } from './config.js';
import { ArbReplay, type ArbResult, type Balances } from '../backtest/arb-replay.js';
import { summariseArb, type ArbRunSummary } from '../backtest/arb-summary.js';
import { transferRules } from '../backtest/arb-transfer.js';
import { Recording } from '../backtest/arb-recording.js';

export type { ArbRunSummary };
import { saveRun } from '../backtest/save-run.js';

export interface ArbCliOptions {
  readonly quotes?: string;
  readonly from?: number;
  readonly to?: number;
  readonly symbol?: string;
  /** One run per latency (ms) over the same parsed recording. */
  readonly latency: readonly number[];
  readonly balance: string[];
  readonly rebalance?: 'none' | 'transfer';
  /** `BTC=0.0002,USDT=1` (repeatable): withdrawal fee per asset, for --rebalance transfer. */
  readonly transferFee?: readonly string[];
  readonly transferEta?: number;
  /** Kinds replayed: cross-spot (default), basis, cross-perp, funding (round trips). */
  readonly kinds?: readonly string[];
  /** Round trips close at the latest this long after entry (ms; default 24 h). */
  readonly horizon?: number;
  readonly maxAge: number;
  readonly minProfit: number;
  readonly maxNotional?: number;
  readonly cash: number;
  readonly save: boolean;
}

export interface ArbRunResult {
  readonly strategy: 'arb';
  readonly runId?: number;
  /** The first latency's run (the only one without a sweep). */
  readonly summary: ArbRunSummary;
  /** One row per --latency value, in the order given. */
  readonly sweep: readonly ArbRunSummary[];
  readonly rebalance: 'none' | 'transfer';
  readonly pnl: ArbResult['pnl'];
  readonly transfers: ArbResult['transfers'];
  readonly transfersInFlight: ArbResult['transfersInFlight'];
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

export const ARB_KINDS: readonly OpportunityKind[] = ['cross-spot', 'basis', 'cross-perp', 'funding'];

/** One Quote (or, for round trips, a FundingRate: `"type":"funding"`) per line; blank lines skipped; a bad line names its number. */
export function* readNdjsonQuotes(path: string): Generator<Quote | FundingRate> {
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
    if ((q as { type?: string })?.type === 'funding') {
      const f = q as unknown as FundingRate;
      if (typeof f.venue !== 'string' || typeof f.symbol !== 'string' || !Number.isFinite(f.rate) || !(f.intervalHours > 0) || !Number.isFinite(f.venueTs)) {
        throw new UsageError(`--quotes '${path}' line ${i + 1}: not a funding rate — needs venue, symbol, rate, intervalHours, venueTs (nextFundingTs, localTs optional)`);
      }
      yield { ...f, localTs: Number.isFinite(f.localTs) ? f.localTs : f.venueTs };
      continue;
    }
    if (!q || typeof q.venue !== 'string' || typeof q.symbol !== 'string' || !Array.isArray(q.bids) || !Array.isArray(q.asks) || !Number.isFinite(q.venueTs)) {
      throw new UsageError(`--quotes '${path}' line ${i + 1}: not a quote — needs venue, symbol, bids, asks, venueTs (localTs, market optional)`);
    }
    yield { ...q, type: 'quote', market: q.market ?? 'spot', localTs: Number.isFinite(q.localTs) ? q.localTs : q.venueTs };
  }
}

/** What `scan` would charge: the published base tier, or the user's override (config file, environment). */
function feeOf(venue: string, market: MarketType) {
  return registryFee(venue, market, venueConfig(venue, loadConfig()));
}

/** `BTC=0.0002,USDT=1` (repeatable) → asset → fee in units of that asset. */
export function parseTransferFees(specs: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const spec of specs) {
    for (const part of spec.split(',')) {
      const a = /^([A-Za-z0-9]+)=(.+)$/.exec(part.trim());
      const x = a ? Number(a[2]) : NaN;
      if (!a || !Number.isFinite(x) || x < 0) throw new UsageError(`--transfer-fee '${spec}': '${part}' is not ASSET=fee ≥ 0 in units of the asset — e.g. --transfer-fee BTC=0.0002,USDT=1`);
      out.set(a[1].toUpperCase(), x);
    }
  }
  return out;
}

export async function runArbBacktest(o: ArbCliOptions, io: { note(m: string): void; openStore(): Promise<SqliteStore> }): Promise<ArbRunResult> {
  parseBalances(o.balance); // usage errors before any reading
  for (const k of o.kinds ?? []) if (!(ARB_KINDS as readonly string[]).includes(k)) throw new UsageError(`--kinds '${k}' is not replayed — the arb replay takes ${ARB_KINDS.join(', ')}`);
  const rebalance = o.rebalance ?? 'none';
  const fees = parseTransferFees(o.transferFee ?? []);
  if (rebalance === 'transfer' && fees.size === 0) throw new UsageError('--rebalance transfer needs the withdrawal fees: the replay has no network data — add --transfer-fee ASSET=fee,… (e.g. --transfer-fee BTC=0.0002,USDT=1) and --transfer-eta (default 30m)');
  if (rebalance === 'none' && (o.transferFee?.length || o.transferEta !== undefined)) throw new UsageError('--transfer-fee and --transfer-eta apply to --rebalance transfer — add it, or drop them');
  const rules = rebalance === 'transfer' ? transferRules({ fees, etaMs: o.transferEta ?? 30 * 60_000 }) : undefined;
  if (!o.balance.length) io.note(`no --balance: every venue starts with ${o.cash} quote currency and as much again in base (at its first mid)`);
  const store = o.quotes && !o.save ? undefined : await io.openStore();
  try {
    // Parsed once; every latency replays the same array.
    const quotes = new Recording();
    const source = o.quotes ? readNdjsonQuotes(o.quotes) : store!.iterateQuotes({ fromMs: o.from, toMs: o.to, symbols: o.symbol ? [o.symbol] : undefined });
    for (const q of source) quotes.add(q);
    if (!o.quotes && o.kinds?.some((k) => k !== 'cross-spot')) io.note('round trips from the store replay its quotes only: recorded funding is not read yet — funding payments need --quotes with funding lines');
    if (quotes.length === 0) throw new UsageError(o.quotes ? `--quotes '${o.quotes}' holds no quotes` : `the store ${store!.path} holds no recorded quotes in that range — record some with \`arblens scan --record\` or \`arblens watch --record\``);
    const runs = o.latency.map((latencyMs) => {
      const r = replayOnce(quotes, o, latencyMs, rules);
      return { r, summary: summariseArb(r, latencyMs) };
    });
    const first = runs[0];
    const missing = rules ? [...new Set(first.r.trades.flatMap((t) => t.symbol.split('/')))].filter((a) => !fees.has(a)) : [];
    if (missing.length) io.note(`--rebalance transfer: no --transfer-fee for ${missing.join(', ')}: ${missing.length === 1 ? 'it stays' : 'they stay'} where ${missing.length === 1 ? 'it is' : 'they are'}`);
    let runId: number | undefined;
    if (o.save && store) {
      runId = saveRun(store, { strategy: 'arb', params: { latencyMs: o.latency[0], minProfit: o.minProfit, rebalance }, source: o.quotes ? `ndjson:${o.quotes}` : `store:${store.path}`, symbol: o.symbol ?? '*', metrics: flatMetrics(first.summary), trades: [] }, Date.now());
      io.note(`saved as run #${runId} in ${store.path} (--no-save to skip)`);
    }
    const r = first.r;
    return { strategy: 'arb', runId, summary: first.summary, sweep: runs.map((x) => x.summary), rebalance, pnl: r.pnl, transfers: r.transfers, transfersInFlight: r.transfersInFlight, startBalances: r.startBalances, endBalances: r.endBalances, trades: r.trades };
  } finally {
    store?.close();
  }
}

function replayOnce(quotes: Recording, o: ArbCliOptions, latencyMs: number, transfers: ReturnType<typeof transferRules> | undefined): ArbResult {
  const replay = new ArbReplay({
    fees: feeOf,
    latencyMs,
    maxAgeMs: o.maxAge,
    minProfit: o.minProfit,
    maxNotional: o.maxNotional,
    balances: parseBalances(o.balance),
    // Without --balance, a venue starts with --cash of quote and the same value in base.
    defaultBalance: o.balance.length ? undefined : (_v, base, quote, mid) => ({ [quote]: o.cash, [base]: o.cash / mid }),
    transfers,
    kinds: (o.kinds ?? ['cross-spot']) as OpportunityKind[],
    horizonHours: o.horizon === undefined ? undefined : o.horizon / 3_600_000,
  });
  for (const q of quotes.events()) {
    if (q.type === 'funding') replay.pushFunding(q);
    else replay.push(q);
  }
  return replay.finish();
}

/** The saved run's metrics: numbers only (misses flattened to counts). */
function flatMetrics(s: ArbRunSummary): Record<string, number | null> {
  const { misses, ...rest } = s;
  return { ...rest, ...Object.fromEntries(Object.entries(misses).map(([c, m]) => [`missed_${c}`, m.count])) };
}
