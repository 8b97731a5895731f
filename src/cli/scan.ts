import { Option, type Command } from 'commander';
import type { Opportunity } from '../core/types.js';
import { UsageError } from '../core/errors.js';
import { tidyDeep } from '../core/json.js';
import { fmtMoney } from '../core/format.js';
import { SCAN_KINDS, SCAN_MARKETS, type ScanRequest } from '../app/scan/request.js';
import { durationOption, integer, number, oneOf } from './parse.js';
import { SCAN_FORMATS, type ScanFormat } from './scan-table.js';
import { addFilterOptions } from './filter-options.js';
import { reportTo, writeOut, type OutputMode } from './output.js';
/** The scan request plus how to print it. */
export interface ScanOptions extends ScanRequest {
  json?: boolean;
  ndjson?: boolean;
  format?: ScanFormat;
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
    .option('--format <format>', `${SCAN_FORMATS.join(' | ')} (default: table on a terminal, plain when piped)`, oneOf('--format', SCAN_FORMATS))
    .option('-j, --json', 'print a JSON array (schema in README); same as --format json')
    .option('--ndjson', 'print one JSON object per line; same as --format ndjson')
    .option('--record', 'also write quotes, funding and opportunities to the store')
    .option('--store <url>', 'where --record writes: a SQLite path (sqlite:<path>) or clickhouse://user:pass@host:8123/db (default $ARBLENS_STORE, else --db)')
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
  arblens scan --demo --format tsv | cut -f2,3,13
  arblens scan --record
  ARBLENS_STORE=clickhouse://user:pass@ch:8123/arblens arblens scan --record
  arblens scan --market prediction --demo
  arblens scan --venues polymarket,kalshi --json | jq '.[] | select(.kind=="binary-complement")'

Exit codes: 0 ok, 1 every venue failed, 2 usage error, 3 some venues failed (the rest are shown).`,
    )
    .action(async (o: ScanOptions) => {
      process.exitCode = await runScanCommand(o);
    });
}

/** --format, or the --json / --ndjson shorthands; table on a terminal, plain when piped. */
export function scanFormat(o: Pick<ScanOptions, 'json' | 'ndjson' | 'format'>, tty: boolean): ScanFormat {
  const given = [o.format, o.json ? 'json' : undefined, o.ndjson ? 'ndjson' : undefined].filter(Boolean);
  if (new Set(given).size > 1) throw new UsageError(`--format: ${given.map((g) => `'${g}'`).join(' and ')} asked at once — pick one (--json is --format json)`);
  return (given[0] as ScanFormat | undefined) ?? (tty ? 'table' : 'plain');
}

export async function runScanCommand(o: ScanOptions): Promise<number> {
  const format = scanFormat(o, !!process.stdout.isTTY);
  const mode: OutputMode = { json: format === 'json', ndjson: format === 'ndjson', quiet: o.quiet };
  const { runScan } = await import('../app/scan/run.js');
  // Failures are collected as well as printed: when none answered, the closing line says why.
  const failed: { venue: string; message: string }[] = [];
  const report = reportTo(mode);
  const out = await runScan(o, (venue, message, level) => {
    if (level === 'error' && venue) failed.push({ venue, message });
    report(venue, message, level);
  });
  const { EXIT } = await import('../core/errors.js');
  if (out.exitCode === EXIT.runtime && out.ranked.length === 0 && failed.length > 0 && !mode.json && !mode.ndjson) {
    const { shortReason } = await import('./scan-table.js');
    process.stderr.write(`arblens: no venue answered: ${failed.map((f) => `${f.venue} ${shortReason(f.message)}`).join(', ')}\n`);
    return out.exitCode;
  }
  await emit(out.ranked, mode, format);
  // The table's closing line: what the books give when everything listed is taken at once.
  if ((format === 'table' || format === 'plain') && out.ranked.length > 0 && out.total) {
    writeOut(`total if all taken at once (each book level used once${o.exclusive ? '' : '; see --exclusive'}): ${fmtMoney(out.total.value)} ${out.total.currency} over ${out.total.opportunities} opportunities`);
  }
  const r = out.recorded;
  if (r && !mode.json && !mode.ndjson && !o.quiet) process.stderr.write(`recorded ${r.quotes} quotes, ${r.funding} funding rates, ${r.opportunities} opportunities to ${r.path}\n`);
  return out.exitCode;
}

async function emit(ranked: readonly Opportunity[], mode: OutputMode, format: ScanFormat): Promise<void> {
  const clean = ranked.map(tidyDeep);
  if (mode.json) return writeOut(JSON.stringify(clean, null, 2));
  if (mode.ndjson) return writeOut(clean.map((x) => JSON.stringify(x)).join('\n'));
  const { scanTable, scanTsv } = await import('./scan-table.js');
  if (format === 'tsv') return writeOut(scanTsv(clean));
  if (ranked.length === 0) return writeOut('no opportunities above the filters');
  // Piped output has no terminal width: $COLUMNS if set, else 200 (every column, nothing abbreviated).
  const width = process.stdout.columns ?? (Number(process.env.COLUMNS) || 200);
  writeOut(scanTable(clean, width, { color: format === 'table' && !!process.stdout.isTTY && !process.env.NO_COLOR, rule: format === 'table' }));
}
