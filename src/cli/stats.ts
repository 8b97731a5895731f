import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { isoDate, toDate, list } from './parse.js';
import { writeOut } from './output.js';
import type { StatsResult } from '../app/stats/summarise.js';

const DIMENSIONS = ['kind', 'pair', 'symbol', 'hour'] as const;

interface StatsCliOptions {
  db?: string;
  store?: string;
  from?: number;
  to?: string;
  kind?: string[];
  venues?: string[];
  by: string[];
  json?: boolean;
  quiet?: boolean;
}

/** `--by kind,hour` → dimensions, each checked. */
function byList(v: string): string[] {
  const dims = list(v);
  for (const d of dims) if (!(DIMENSIONS as readonly string[]).includes(d)) throw new UsageError(`--by: '${d}' is not one of ${DIMENSIONS.join(', ')} — e.g. --by kind,hour`);
  if (!dims.length) throw new UsageError(`--by: '${v}' names no dimension — use one or more of ${DIMENSIONS.join(', ')}`);
  return dims;
}

/** The shared `--to` rule (exclusive; a bare date is the end of that day); the query compares ≤, hence − 1 ms. */
function toMs(v: string): number {
  return toDate('--to')(v) - 1;
}

export function registerStats(program: Command): void {
  program
    .command('stats')
    .description('how long recorded opportunities lived and what they paid: lifetimes, profit, close reasons, per kind / venue pair / symbol / hour')
    .option('--db <path>', 'store file (default $ARBLENS_DB or ~/.local/share/arblens/arblens.db)')
    .option('--store <url>', 'history store: a SQLite path or clickhouse://user:pass@host:8123/db (default $ARBLENS_STORE)')
    .option('--from <date>', 'episodes first seen at or after this (ISO date or datetime, UTC)', isoDate('--from'))
    .option('--to <date>', 'episodes first seen before this (exclusive; a plain date: through its end; also -7d, today)')
    .option('--kind <list>', 'only these kinds (comma-separated: cross-spot, cross-perp, basis, funding, binary-complement, binary-intra, multi-outcome)', list)
    .option('--venues <list>', 'only episodes whose venues are all in this list (comma-separated)', list)
    .option('--by <list>', `group by ${DIMENSIONS.join(', ')} (comma-separated; hour = hour of day, UTC)`, byList, ['kind'])
    .option('-j, --json', 'print the statistics as JSON (schema in README)')
    .option('--quiet', 'no notes on stderr')
    .addHelpText(
      'after',
      `
Examples:
  arblens stats --db ~/.local/share/arblens/arblens.db                  # all recorded episodes
  arblens stats --kind cross-spot --venues binance,okx --from 2026-11-01 --by hour
  arblens stats --by pair,symbol
  arblens stats --json | jq '.byKind["funding"].lifetimeMs.p50'

Episodes are recorded by \`arblens scan --record\` and \`arblens watch --record\`. Lifetime = last
seen − first seen (an episode seen once lives 0 ms); quantiles are exact (nearest rank).
Exit codes: 0 ok, 1 runtime failure (store unreadable), 2 usage error.`,
    )
    .action(async (o: StatsCliOptions) => {
      process.exitCode = await runStatsCommand(o);
    });
}

async function runStatsCommand(o: StatsCliOptions): Promise<number> {
  const to = o.to === undefined ? undefined : toMs(o.to);
  const { openReadOnly } = await import('../store/open.js');
  const { runStats } = await import('../app/stats/run.js');
  const note = (m: string) => {
    if (!o.quiet) process.stderr.write(o.json ? JSON.stringify({ level: 'info', message: m }) + '\n' : m + '\n');
  };
  const req = { fromMs: o.from, toMs: to, kinds: o.kind, venues: o.venues, by: o.by as (typeof DIMENSIONS)[number][] };
  const { resolveStore, openHistoryStore } = await import('../app/store-url.js');
  const spec = resolveStore({ store: o.store, db: o.db });
  if (spec.kind === 'clickhouse') {
    // Episodes collapse inside ClickHouse (one row per episode); the summary is the same code.
    const { runStatsOn } = await import('../app/stats/run.js');
    const { readEpisodeColumnsCh } = await import('../store/clickhouse/episode-columns.js');
    const store = (await openHistoryStore(spec, { readonly: true })) as unknown as { conn: Parameters<typeof readEpisodeColumnsCh>[0]; close(): Promise<void> };
    try {
      return await print(o, await runStatsOn((f) => readEpisodeColumnsCh(store.conn, f), req, note));
    } finally {
      await store.close();
    }
  }
  const db = openReadOnly(spec.path);
  try {
    const { runStatsFile } = await import('../app/stats/run.js');
    return await print(o, await runStatsFile(db, spec.path, req, note));
  } finally {
    db.close();
  }
}

async function print(o: StatsCliOptions, r: StatsResult): Promise<number> {
  if (o.json) {
    const { statsJson } = await import('../app/stats/json.js');
    const { tidyDeep } = await import('../core/json.js');
    writeOut(JSON.stringify(tidyDeep(statsJson(r)), null, 2));
  } else {
    const { statsTable } = await import('../app/stats/table.js');
    writeOut(statsTable(r));
  }
  return 0;
}
