import { Option, type Command } from 'commander';
import type { Opportunity } from '../core/types.js';
import { UsageError } from '../core/errors.js';
import { tidyDeep } from '../core/json.js';
import { fmtMoney } from '../core/format.js';
import { SCAN_KINDS, SCAN_MARKETS, type ScanRequest } from '../app/scan/request.js';
import { durationOption, integer, number } from './parse.js';
import { addFilterOptions } from './filter-options.js';
import { reportTo, writeOut, type OutputMode } from './output.js';
/** The scan request plus how to print it. */
export interface ScanOptions extends ScanRequest {
  json?: boolean;
  ndjson?: boolean;
}

export function registerScan(program: Command): void {
  const cmd = program.command('scan').description('one snapshot of many venues → opportunities ranked by net profit after fees and depth');
  addFilterOptions(cmd, {
    kinds: SCAN_KINDS,
    top: 20,
    maxAgeMs: 30_000,
    venuesHelp: 'comma-separated venue ids (default: every active crypto venue; see `arblens venues`)',
    symbolsHelp: 'comma-separated unified symbols, e.g. BTC/USDT,ETH/USDT (BTC/USDT also selects the BTC/USDT:USDT perp)',
    depthHelp: 'order-book levels fetched to size candidates',
  })
    .addOption(new Option('--market <type>', 'markets to scan').choices(SCAN_MARKETS).default('all'))
    .addOption(durationOption('--timeout <duration>', 'deadline per venue', 10_000, '10s'))
    .option('--concurrency <n>', 'venues fetched at once', integer('--concurrency', 'use e.g. 8', 1), 8)
    .option('--json', 'print a JSON array (schema in README)')
    .option('--ndjson', 'print one JSON object per line')
    .option('--record', 'also write quotes, funding and opportunities to the store')
    .option('--demo', 'offline: use the sample snapshot shipped in data/demo (synthetic data)')
    .option('--exclusive', 'hand the order books out once, in rank order: every listed profit can be had at the same time')
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
      process.exitCode = await runScanCommand(o);
    });
}

export async function runScanCommand(o: ScanOptions): Promise<number> {
  const mode: OutputMode = { json: !!o.json, ndjson: !!o.ndjson, quiet: o.quiet };
  if (o.json && o.ndjson) throw new UsageError('--json and --ndjson are exclusive — pick one');
  const { runScan } = await import('../app/scan/run.js');
  const out = await runScan(o, reportTo(mode));
  await emit(out.ranked, mode);
  // The table's closing line: what the books give when everything listed is taken at once.
  if (!mode.json && !mode.ndjson && out.ranked.length > 0 && out.total) {
    writeOut(`total if all taken at once (each book level used once${o.exclusive ? '' : '; see --exclusive'}): ${fmtMoney(out.total.value)} ${out.total.currency} over ${out.total.opportunities} opportunities`);
  }
  const r = out.recorded;
  if (r && !mode.json && !mode.ndjson && !o.quiet) process.stderr.write(`recorded ${r.quotes} quotes, ${r.funding} funding rates, ${r.opportunities} opportunities to ${r.path}\n`);
  return out.exitCode;
}

async function emit(ranked: readonly Opportunity[], mode: OutputMode): Promise<void> {
  const clean = ranked.map(tidyDeep);
  if (mode.json) return writeOut(JSON.stringify(clean, null, 2));
  if (mode.ndjson) return writeOut(clean.map((x) => JSON.stringify(x)).join('\n'));
  if (ranked.length === 0) return writeOut('no opportunities above the filters');
  const { opportunityTable } = await import('./opportunity-table.js');
  writeOut(await opportunityTable(clean, !!process.stdout.isTTY && !process.env.NO_COLOR));
}
