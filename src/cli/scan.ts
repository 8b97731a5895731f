import { Option, type Command } from 'commander';
import type { MarketType, Opportunity, OpportunityKind } from '../core/types.js';
import { didYouMean, EXIT, UsageError } from '../core/errors.js';
import { MS_PER_HOUR } from '../core/units.js';
import type { VenueAdapter } from '../venues/types.js';
import { durationOption, integer, number } from './parse.js';
import { addFilterOptions, type FilterOptions } from './filter-options.js';
import { tidyDeep, warn, writeOut, type OutputMode } from './output.js';

const MARKETS = ['all', 'spot', 'perp', 'prediction'] as const;
const KINDS: readonly OpportunityKind[] = ['cross-spot', 'cross-perp', 'basis', 'funding', 'binary-complement', 'binary-intra', 'multi-outcome'];

export interface ScanOptions extends FilterOptions {
  market: (typeof MARKETS)[number];
  timeout: number;
  concurrency: number;
  json?: boolean;
  ndjson?: boolean;
  record?: boolean;
  demo?: boolean;
  /** Prediction markets: also pair suggestions scoring at least this (marked unconfirmed). */
  autoMatch?: number;
}

export function registerScan(program: Command): void {
  const cmd = program.command('scan').description('one snapshot of many venues → opportunities ranked by net profit after fees and depth');
  addFilterOptions(cmd, {
    kinds: KINDS,
    top: 20,
    maxAgeMs: 30_000,
    venuesHelp: 'comma-separated venue ids (default: every active crypto venue; see `arblens venues`)',
    symbolsHelp: 'comma-separated unified symbols, e.g. BTC/USDT,ETH/USDT (BTC/USDT also selects the BTC/USDT:USDT perp)',
    depthHelp: 'order-book levels fetched to size candidates',
  })
    .addOption(new Option('--market <type>', 'markets to scan').choices(MARKETS).default('all'))
    .addOption(durationOption('--timeout <duration>', 'deadline per venue', 10_000, '10s'))
    .option('--concurrency <n>', 'venues fetched at once', integer('--concurrency', 'use e.g. 8', 1), 8)
    .option('--json', 'print a JSON array (schema in README)')
    .option('--ndjson', 'print one JSON object per line')
    .option('--record', 'also write quotes, funding and opportunities to the store')
    .option('--demo', 'offline: use the sample snapshot shipped in data/demo (synthetic data)')
    .option('--auto-match <score>', 'prediction markets: also use matcher suggestions scoring ≥ this (0–1), marked unconfirmed', number('--auto-match', 'use a score between 0 and 1 such as 0.8', { min: 0, max: 1 }))
    .addHelpText(
      'after',
      `
Examples:
  arblens scan --demo
  arblens scan --venues binance,okx,bybit --symbols BTC/USDT,ETH/USDT
  arblens scan --market perp --top 20 --min-net 0.05 --json | jq '.[0]'
  arblens scan --record
  arblens scan --market prediction --demo
  arblens scan --venues polymarket,kalshi --json | jq '.[] | select(.kind=="binary-complement")'

Exit codes: 0 ok, 1 every venue failed, 2 usage error, 3 some venues failed (the rest are shown).`,
    )
    .action(async (o: ScanOptions) => {
      process.exitCode = await runScan(o);
    });
}

function marketsOf(o: ScanOptions): Set<MarketType> {
  return new Set<MarketType>(o.market === 'all' ? ['spot', 'perp'] : [o.market as MarketType]);
}

/** BTC/USDT with perps selected also means the linear perp BTC/USDT:USDT. */
export function expandSymbols(symbols: readonly string[] | undefined, markets: ReadonlySet<MarketType>): string[] | undefined {
  if (!symbols) return undefined;
  const out = new Set<string>();
  for (const raw of symbols) {
    const s = raw.toUpperCase();
    if (!/^[A-Z0-9._-]+\/[A-Z0-9._-]+(:[A-Z0-9._-]+)?$/.test(s)) {
      throw new UsageError(`--symbols: '${raw}' is not a unified symbol — use BASE/QUOTE for spot (BTC/USDT) or BASE/QUOTE:SETTLE for a perp (BTC/USDT:USDT)`);
    }
    out.add(s);
    if (!s.includes(':') && markets.has('perp')) out.add(`${s}:${s.split('/')[1]}`);
  }
  return [...out];
}

export async function runScan(o: ScanOptions): Promise<number> {
  const mode: OutputMode = { json: !!o.json, ndjson: !!o.ndjson, quiet: o.quiet };
  if (o.json && o.ndjson) throw new UsageError('--json and --ndjson are exclusive — pick one');
  const prediction = await import('./scan-prediction.js');
  if (prediction.isPredictionScan(o)) return prediction.runPredictionScan(o, mode, emit);
  const markets = marketsOf(o);
  const symbols = expandSymbols(o.symbols, markets);
  const now = () => Date.now();

  const { OpportunityEngine } = await import('../engine/engine.js');
  const { scanVenues } = await import('../venues/scan-venues.js');
  let adapters: VenueAdapter[];
  let notRun = 0;
  const { openVenues, pickDemoVenues } = await import('./open-venues.js');
  if (o.demo) {
    const { demoVenues } = await import('../venues/demo.js');
    adapters = pickDemoVenues(demoVenues(now()), o.venues, 'demo data');
  } else {
    const opened = await openVenues(o.venues, new Set(['crypto']), mode, o.timeout, (d) => d.markets.some((m) => markets.has(m)));
    adapters = opened.adapters;
    notRun = opened.notRun;
  }
  if (adapters.length === 0) {
    warn(mode, undefined, 'no venue to scan — check --venues and --market (`arblens venues` lists them)', 'error');
    return notRun ? EXIT.runtime : EXIT.usage;
  }

  const byId = new Map(adapters.map((a) => [a.id, a]));
  const engine = new OpportunityEngine({
    fees: (venue, market, symbol) => byId.get(venue)!.fee(market, symbol),
    limits: o.maxNotional !== undefined ? { maxNotional: o.maxNotional } : undefined,
    maxPlausiblePct: o.maxSpread,
    fundingHorizonHours: o.fundingHorizon / MS_PER_HOUR,
    kinds: o.kinds ? new Set(o.kinds) : undefined,
  });

  const result = await scanVenues(adapters, engine, {
    symbols,
    markets,
    funding: markets.has('perp') && (!o.kinds || o.kinds.includes('funding')),
    depth: o.depth,
    timeoutMs: o.timeout,
    concurrency: o.concurrency,
    now,
    warn: (venue, message) => warn(mode, venue, message),
  });
  await Promise.all(adapters.map((a) => a.close().catch(() => undefined)));

  const ok = result.outcomes.filter((x) => x.ok);
  if (o.symbols && ok.length > 0) await checkSymbols(o.symbols, result.quotes.map((q) => q.symbol), adapters.filter((a) => ok.some((x) => x.venue === a.id)), markets);
  for (const i of engine.implausible()) warn(mode, undefined, `${i.id}: spread ${i.topSpreadPct.toFixed(1)} % is above --max-spread ${o.maxSpread} %: probably different assets, not ranked`);
  const { finishScan } = await import('./scan-finish.js');
  return finishScan({ engine, ...result }, o, mode, notRun, emit);
}

async function emit(ranked: readonly Opportunity[], mode: OutputMode): Promise<void> {
  const clean = ranked.map(tidyDeep);
  if (mode.json) return writeOut(JSON.stringify(clean, null, 2));
  if (mode.ndjson) return writeOut(clean.map((x) => JSON.stringify(x)).join('\n'));
  if (ranked.length === 0) return writeOut('no opportunities above the filters');
  const { opportunityTable } = await import('./opportunity-table.js');
  writeOut(await opportunityTable(clean, !!process.stdout.isTTY && !process.env.NO_COLOR));
}

/** A requested symbol no answering venue lists is a typo more often than a delisting: exit 2. */
async function checkSymbols(typed: readonly string[], seen: readonly string[], adapters: readonly VenueAdapter[], markets: ReadonlySet<MarketType>): Promise<void> {
  // BTC/USDT also stands for its perp BTC/USDT:USDT: either one listed is enough.
  const forms = (s: string) => (s.includes(':') ? [s] : [s, `${s}:${s.split('/')[1]}`]);
  const quoted = new Set(seen);
  const pending = typed.map((s) => s.toUpperCase()).filter((s) => !forms(s).some((f) => quoted.has(f)));
  if (pending.length === 0) return;
  const listed = new Set<string>(seen);
  const signal = AbortSignal.timeout(5000);
  for (const a of adapters) for (const m of markets) for (const s of (await a.listSymbols?.(m, signal).catch(() => [])) ?? []) listed.add(s);
  const unknown = pending.find((s) => !forms(s).some((f) => listed.has(f)));
  if (!unknown) return;
  const guess = didYouMean(unknown, [...listed]);
  throw new UsageError(`--symbols: no venue lists '${unknown}'${guess ? ` — did you mean '${guess}'?` : ''} Symbols are unified: BTC/USDT (spot), BTC/USDT:USDT (perp).`);
}
