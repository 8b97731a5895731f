import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { duration, durationOption, integer, isoDate, number, oneOf } from './parse.js';
import { tidyDeep } from '../core/json.js';
import { writeOut } from './output.js';
import type { ArbRunResult } from '../app/backtest-arb.js';

export interface BacktestCliOptions {
  strategy: string;
  data?: string;
  /** --store: a SQLite path or a clickhouse:// URL for --venue candles. */
  store?: string;
  venue?: string;
  symbol?: string;
  timeframe: string;
  from?: number;
  to?: number;
  db?: string;
  param: string[];
  cash: number;
  commission: number | 'venue';
  commissionFixed: number;
  slippage: number;
  size: number;
  wholeUnits?: boolean;
  tradeOnClose?: boolean;
  longOnly?: boolean;
  maintenanceMargin: number;
  skipBadRows?: boolean;
  json?: boolean;
  trades?: string;
  report?: string;
  optimize?: string;
  oos?: number;
  walkForward?: number;
  top: number;
  workers?: number;
  save: boolean;
  quiet?: boolean;
  chart: boolean;
  // arb replay
  quotes?: string;
  latency: number[];
  rebalance?: 'none' | 'transfer';
  transferFee?: string[];
  transferEta?: number;
  kinds?: string[];
  horizon?: number;
  balance: string[];
  maxAge: number;
  minProfit: number;
  maxNotional?: number;
}

const collect = (v: string, prev: string[]) => [...prev, v];
export const SAMPLE_DATA = new URL('../../data/sample/synthetic-btc-usdt-1h.csv', import.meta.url);

export function registerBacktest(program: Command): void {
  program
    .command('backtest')
    .description('run a strategy over stored or CSV history → metrics, trades, equity curve, HTML report')
    .option('--strategy <name|path>', 'built-in (sma, rsi, arb) or your own .ts/.js file', 'sma')
    .option('--data <csv>', 'OHLCV CSV: date|timestamp,open,high,low,close,volume (default: the synthetic sample in data/sample)')
    .option('--venue <id>', 'read candles from the store (filled by `arblens data download|import`)')
    .option('--symbol <symbol>', 'symbol of the stored candles, e.g. BTC/USDT')
    .option('--timeframe <tf>', 'timeframe of the stored candles', '1h')
    .option('--from <date>', 'first bar (ISO date or datetime, UTC)', isoDate('--from'))
    .option('--to <date>', 'last bar (ISO date or datetime, UTC; a bare date includes that day)', toDate)
    .option('--db <path>', 'store file (default $ARBLENS_DB or ~/.local/share/arblens/arblens.db)')
    .option('--store <url>', 'history store for --venue candles: a SQLite path or clickhouse://user:pass@host:8123/db (default $ARBLENS_STORE)')
    .option('--param <name=value>', 'strategy parameter; name=from:to:step runs a grid (repeatable)', collect, [])
    .option('--cash <amount>', 'starting cash', number('--cash', 'use an amount such as 10000', { min: 1e-9 }), 10_000)
    .option('--commission <fraction|venue>', "relative commission on entry and exit (0.001 = 0.1 %); 'venue': the --venue's taker fee", commissionArg, 0)
    .option('--commission-fixed <amount>', 'fixed commission per fill, quote currency', number('--commission-fixed', 'use an amount such as 1', { min: 0 }), 0)
    .option('--slippage <bps>', 'slippage in basis points against every fill', number('--slippage', 'use basis points such as 5', { min: 0, max: 10_000 }), 0)
    .option('--size <fraction>', 'order size as a fraction of available equity', number('--size', 'use a fraction in (0, 1], e.g. 0.5', { min: 1e-9, max: 1 }), 1)
    .option('--whole-units', 'trade whole units only (stocks); fractional by default (crypto)')
    .option('--trade-on-close', "fill orders at the signal bar's close instead of the next bar's open")
    .option('--long-only', 'never open shorts: a sell only closes a long')
    .option('--maintenance-margin <fraction>', 'ruin rule: a short is liquidated when equity falls below this fraction of its notional (0: when equity reaches 0)', number('--maintenance-margin', 'use a fraction such as 0.05', { min: 0, max: 1 }), 0)
    .option('--skip-bad-rows', 'drop bad CSV rows (counted on stderr) instead of stopping')
    .option('--json', 'print the result as JSON (metrics, trades; schema in README)')
    .option('--trades <csv>', 'write the trade log to this CSV file')
    .option('--report <html>', 'write a self-contained interactive HTML report (candles, trades, equity vs buy & hold, drawdown, assumptions, stats; grid: heatmap)')
    .option('--optimize <metric>', 'rank a --param grid by this metric (sharpe, sortino, calmar, return, …)', 'sharpe')
    .option('--oos <fraction>', 'grid: optimise on the first bars, report the best on the last <fraction> held out (e.g. 0.3)', number('--oos', 'use a fraction such as 0.3', { min: 0.01, max: 0.9 }))
    .option('--walk-forward <k>', 'grid: k rolling windows — optimise on each segment, test the best on the next one', integer('--walk-forward', 'use e.g. 4', 1))
    .option('--top <n>', 'grid results shown', integer('--top', 'use e.g. 10', 1), 10)
    .option('--workers <n>', 'worker threads for a grid (default: one per core)', integer('--workers', 'use e.g. 2', 1))
    .option('--no-save', 'do not save the run in the store')
    .option('--no-chart', 'no equity chart in the text output')
    .option('--quiet', 'no notes on stderr')
    .option('--quotes <ndjson>', 'arb: replay quotes from an NDJSON file (one Quote per line) instead of the store')
    .option('--latency <durations>', 'arb: delay between seeing an opportunity and the orders reaching the venues; a list (0,50,100,250,500,1000ms) runs one replay per value over the same recording', latencyList, [0])
    .option('--balance <venue:asset=amount,…>', 'arb: starting balance on a venue (repeatable), e.g. binance:USDT=10000,BTC=0.5', collect, [])
    .addOption(durationOption('--max-age <duration>', 'arb: quotes older than this are not acted on', 30_000, '30s'))
    .option('--min-profit <amount>', 'arb: act only on opportunities promising at least this net profit', number('--min-profit', 'use an amount such as 1'), 0)
    .option('--max-notional <amount>', 'arb: cap each trade at this much quote currency', number('--max-notional', 'use an amount such as 5000', { min: 0 }))
    .option('--rebalance <how>', 'arb: transfer (move bought base to the sell venue and the quote back, at the withdrawal fee and arrival time) or none', oneOf('--rebalance', ['none', 'transfer'] as const), 'none')
    .option('--transfer-fee <asset=fee,…>', 'arb: withdrawal fee per asset in units of the asset, for --rebalance transfer (repeatable), e.g. BTC=0.0002,USDT=1', collect, [])
    .addOption(durationOption('--transfer-eta <duration>', 'arb: how long a transfer takes to arrive (default 30m)'))
    .option('--kinds <list>', 'arb: kinds replayed — cross-spot (default), basis, cross-perp, funding (round trips: entry, funding while held, exit when the spread closes or at --horizon)', (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean))
    .addOption(durationOption('--horizon <duration>', 'arb: round trips are closed at the latest this long after entry (default 24h)'))
    .addHelpText(
      'after',
      `
Examples:
  arblens backtest --strategy sma                                   # synthetic sample data, offline
  arblens backtest --data prices.csv --strategy sma --param fast=10 --param slow=30 --cash 10000 --commission 0.001 --json
  arblens backtest --strategy sma --venue binance --symbol BTC/USDT --timeframe 1h --from 2024-01-01 --to 2024-12-31
  arblens backtest --strategy rsi --param period=14 --param lower=30 --param upper=70 --report report.html
  arblens backtest --strategy ./my-strategy.ts                      # your own file (see strategies/example.ts)
  arblens backtest --strategy sma --param fast=5:50:5 --param slow=20:200:10 --optimize sharpe
  arblens backtest --strategy arb --db ~/.local/share/arblens/arblens.db --latency 200ms --balance binance:USDT=10000,BTC=0.2
  arblens backtest --strategy arb --latency 0,50,100,250,500,1000ms --report arb.html       # how fast must I be?
  arblens backtest --strategy arb --rebalance transfer --transfer-fee BTC=0.0002,USDT=1 --transfer-eta 30m

Fills: an order placed on bar t fills at bar t+1's open (--trade-on-close: bar t's close).
Exit codes: 0 ok, 1 runtime failure, 2 usage error (bad flag, bad CSV row, no data).`,
    )
    .action(async (o: BacktestCliOptions) => {
      process.exitCode = o.strategy === 'arb' ? await runArb(o) : await runBars(o);
    });
}

const commissionFraction = number('--commission', "use a fraction such as 0.001 for 0.1 %, or 'venue' for the --venue's taker fee", { min: 0, max: 0.2 });
function commissionArg(v: string): number | 'venue' {
  return v.trim().toLowerCase() === 'venue' ? 'venue' : commissionFraction(v);
}

/** The commission rate a run uses and where it came from (printed with the results). */
async function resolveCommission(o: BacktestCliOptions): Promise<{ rate: number; source: string }> {
  if (o.commission !== 'venue') return { rate: o.commission, source: '--commission' };
  if (!o.venue) throw new UsageError("--commission: 'venue' takes the fee of the venue the candles come from, and no --venue is given — add --venue and --symbol, or give a fraction such as 0.001");
  const { REGISTRY, registryFee } = await import('../venues/registry.js');
  if (!REGISTRY.has(o.venue)) throw new UsageError(`--commission: 'venue' needs published fees, and '${o.venue}' is not a venue arblens knows fees for (see \`arblens venues\`) — give a fraction such as 0.001`);
  const { loadConfig, venueConfig } = await import('../app/config.js');
  const fee = registryFee(o.venue, 'spot', venueConfig(o.venue, loadConfig()));
  return { rate: fee.takerRate, source: `${o.venue} spot taker fee (${fee.source ?? 'published'})` };
}

/** `--to 2024-12-31` means through the end of that day. */
function toDate(v: string): number {
  const ms = isoDate('--to')(v);
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? ms + 86_400_000 - 1 : ms;
}

function note(o: BacktestCliOptions, msg: string): void {
  if (!o.quiet) process.stderr.write(o.json ? JSON.stringify({ level: 'info', message: msg }) + '\n' : msg + '\n');
}

async function openStore(o: BacktestCliOptions, readonly = false) {
  const { SqliteStore } = await import('../store/sqlite.js');
  const { defaultDbPath } = await import('../store/path.js');
  return new SqliteStore(defaultDbPath(o.db), { readonly });
}

async function runBars(o: BacktestCliOptions): Promise<number> {
  // Fetched together, not one after another: each import waits on file reads, and a dozen in a
  // row left the process idle for ~10 ms. The run and its JSON writer are loaded here too, before
  // the data is read (nothing loads while the bars are being parsed).
  const [{ loadStrategy }, { parseParams, combinations }, { loadBars }, { fileURLToPath }, { resolveStore, openHistoryStore }] = await Promise.all([
    import('../backtest/load-strategy.js'),
    import('../backtest/params.js'),
    import('../backtest/load-data.js'),
    import('node:url'),
    import('../app/store-url.js'),
    import('../backtest/run.js'),
    o.json ? import('../backtest/trades-json.js') : undefined,
  ]);
  const strategy = await loadStrategy(o.strategy);
  const grid = parseParams(o.param, strategy);
  if ((o.venue && !o.symbol) || (o.symbol && !o.venue)) throw new UsageError(`${o.venue ? '--venue' : '--symbol'}: needs ${o.venue ? '--symbol' : '--venue'} too (stored candles of one instrument) — give both, or --data <file.csv>`);
  if (o.data && o.venue) throw new UsageError('--data: cannot be used with --venue (a CSV file or stored candles, not both) — drop one');
  const useSample = !o.data && !o.venue;
  if (useSample) note(o, 'no --data or --venue: using the synthetic sample candles in data/sample (not market data)');
  const spec = resolveStore({ store: o.store, db: o.db });
  // A ClickHouse store is read ahead (one streamed query) so the bar loader stays synchronous.
  let remote: Awaited<ReturnType<typeof openHistoryStore>> | undefined;
  if (spec.kind === 'clickhouse' && o.venue && o.symbol && !o.data) {
    remote = await openHistoryStore(spec, { readonly: true });
    await remote.prefetchCandles?.(o.venue, o.symbol, o.timeframe, o.from, o.to);
  }
  // SQLite (a native module) is loaded only when stored candles are read: not for a CSV file.
  const SqliteStore = o.venue && !remote ? (await import('../store/sqlite.js')).SqliteStore : undefined;
  const loaded = loadBars(
    { data: useSample ? fileURLToPath(SAMPLE_DATA) : o.data, venue: o.venue, symbol: o.symbol, timeframe: o.timeframe, fromMs: o.from, toMs: o.to, skipBadRows: o.skipBadRows },
    () => remote ?? new SqliteStore!(spec.kind === 'sqlite' ? spec.path : '', { readonly: true }),
  );
  if (loaded.skipped) note(o, `skipped ${loaded.skipped} bad row${loaded.skipped === 1 ? '' : 's'} (--skip-bad-rows), e.g. ${loaded.problems[0]}`);
  const commission = await resolveCommission(o);
  const options = {
    cash: o.cash,
    commission: commission.rate,
    commissionFixed: o.commissionFixed,
    slippageBps: o.slippage,
    size: o.size,
    wholeUnits: !!o.wholeUnits,
    tradeOnClose: !!o.tradeOnClose,
    longOnly: !!o.longOnly,
    maintenanceMargin: o.maintenanceMargin,
  };
  const costs = { commission: commission.rate, commissionSource: commission.source, commissionFixed: o.commissionFixed, slippageBps: o.slippage };
  const costLine = `costs: commission ${(commission.rate * 100).toPrecision(3).replace(/\.?0+$/, '')} % of notional per fill (${commission.source}), fixed ${o.commissionFixed} per fill, slippage ${o.slippage} bps`;
  const symbol = o.symbol ?? (useSample ? 'BTC/USDT (synthetic)' : o.data!);

  if ((o.oos !== undefined || o.walkForward !== undefined) && !grid.isGrid) throw new UsageError(`${o.oos !== undefined ? '--oos' : '--walk-forward'}: tests an optimisation, and no --param is a grid — give a grid such as --param fast=5:50:5 --param slow=20:200:10`);
  if (o.oos !== undefined && o.walkForward !== undefined) throw new UsageError('--oos: cannot be used with --walk-forward (two ways of holding data out) — pick one');
  if (grid.isGrid) {
    const combos = combinations(grid, strategy);
    if (combos.length === 0) throw new UsageError(`--param: no valid combination (${strategy.name} rejects them all) — widen the ranges (e.g. fast must stay below slow)`);
    const { runGrid, optimizeKey, rankRows, GridPool, gridWorkers } = await import('../backtest/grid.js');
    const { runOne } = await import('../backtest/run.js');
    // The metric names come from an empty run's record: no backtest needed to check --optimize.
    const { computeMetrics } = await import('../backtest/metrics.js');
    const key = optimizeKey(o.optimize ?? 'sharpe', computeMetrics({ ts: [], close: [], equity: [], exposure: [], trades: [], cash: options.cash }));
    if (o.oos !== undefined || o.walkForward !== undefined) {
      const { runOos, oosTable } = await import('../backtest/oos.js');
      const { formatMetric } = await import('../backtest/summary.js');
      // One pool for every fold: workers keep the shared bars and the loaded strategy.
      const pool = new GridPool(loaded.series, o.strategy, options, gridWorkers(o.workers, combos.length));
      let report: Awaited<ReturnType<typeof runOos>>;
      try {
        report = await runOos(
          loaded.series,
          { oos: o.oos, walkForward: o.walkForward },
          async (_train, range) => rankRows(await pool.run(combos, range), key)[0],
          (test, params) => {
            const r = runOne(test, strategy, params, options);
            return { metrics: r.metrics, equity: r.result.equity, trades: r.result.trades, fills: r.result.fills };
          },
          options.cash,
        );
      } finally {
        await pool.close();
      }
      if (o.report || o.trades) {
        // The page (and --trades) show the combined out-of-sample run: the test windows' bars
        // back to back, their chained equity, every window's trades.
        const { sliceBars } = await import('../backtest/oos.js');
        const bars = sliceBars(loaded.series, report.testFrom, loaded.series.length);
        const exposedBars = Math.round(report.folds.reduce((a, f) => a + (f.outOfSample.exposureTimePct / 100) * f.test.bars, 0));
        const commissions = report.fills.reduce((a, f) => a + f.commission, 0);
        const { tradeColumnsOf } = await import('../backtest/trades-json.js');
        const result = { equity: report.combinedOosEquity, exposedBars, trades: report.trades, tradeColumns: tradeColumnsOf(report.trades), fills: report.fills, commissions, plots: [] };
        const metrics = computeMetrics({ ts: bars.ts, close: bars.close, equity: result.equity, exposedBars, trades: result.trades, fills: result.fills, cash: options.cash });
        await writeArtifacts(o, strategy.name, bars, { params: {}, result, metrics }, symbol, { source: loaded.source, options, costs, oos: { report, key, combinations: combos.length } });
      }
      if (o.json) writeOut(JSON.stringify(tidyDeep({ strategy: strategy.name, source: loaded.source, optimize: key, combinations: combos.length, costs, mode: report.mode, combinedOosReturnPct: report.combinedOosReturnPct, folds: report.folds }), null, 2));
      else writeOut([costLine, '', oosTable(report, key, (k, v) => formatMetric(k, v))].join('\n'));
      return 0;
    }
    const t0 = performance.now();
    const progress = process.stderr.isTTY && !o.quiet && !o.json ? (d: number, n: number) => process.stderr.write(`\rgrid ${d}/${n}`) : undefined;
    const rows = rankRows(await runGrid(loaded.series, o.strategy, combos, options, { workers: o.workers, onProgress: progress }), key);
    if (progress) process.stderr.write('\n');
    note(o, `${combos.length} combinations in ${((performance.now() - t0) / 1000).toFixed(2)} s, ranked by ${key}`);
    // The best combination is run again here only for what needs its trades: the saved run,
    // --trades and --report (the workers return metrics only).
    let runId: number | string | undefined;
    if (o.save || o.trades || o.report) {
      const best = runOne(loaded.series, strategy, rows[0].params, options);
      runId = o.save ? await save(o, { strategy: strategy.name, params: best.params, source: loaded.source, symbol, metrics: best.metrics, trades: best.result.trades }) : undefined;
      const varied = grid.axes.filter((a) => a.values.length > 1).map((a) => a.name);
      await writeArtifacts(o, strategy.name, loaded.series, best, symbol, { source: loaded.source, options, costs, grid: { combinations: combos.length, key, rows, axes: varied } });
    }
    if (o.json) {
      writeOut(JSON.stringify(tidyDeep({ strategy: strategy.name, source: loaded.source, optimize: key, combinations: combos.length, costs, runId, results: rows.slice(0, o.top) }), null, 2));
    } else {
      const { gridTable } = await import('../backtest/grid-table.js');
      writeOut([costLine, '', gridTable(rows.slice(0, o.top), key, grid.axes.filter((a) => a.values.length > 1).map((a) => a.name))].join('\n'));
    }
    return 0;
  }

  const { runOne } = await import('../backtest/run.js');
  const params = Object.fromEntries(grid.axes.map((a) => [a.name, a.values[0]]));
  if (strategy.valid && !strategy.valid(params)) throw new UsageError(`--param: ${JSON.stringify(params)} is not a valid combination for ${strategy.name} — change the values (e.g. fast must be below slow)`);
  const run = runOne(loaded.series, strategy, params, options);
  const ruin = run.result.ruin;
  if (ruin) note(o, `ruined at bar ${ruin.bar} (${new Date(ruin.ts).toISOString()}): equity reached the maintenance level, everything was closed at ${ruin.price} and the strategy stopped trading`);
  let open = 0;
  for (const atEnd of run.result.tradeColumns.closedAtEnd) open += atEnd;
  if (open) note(o, `${open} position${open === 1 ? '' : 's'} still open at the end of the data closed at the last close (flagged closedAtEnd)`);
  const runId = o.save ? await save(o, { strategy: strategy.name, params, source: loaded.source, symbol, metrics: run.metrics, trades: run.result.trades }) : undefined;
  await writeArtifacts(o, strategy.name, loaded.series, run, symbol, { source: loaded.source, options, costs });
  if (o.json) {
    const { tradesJsonChunks } = await import('../backtest/trades-json.js');
    const ruined = ruin ? { ruined: true, ruin: { bar: ruin.bar, time: new Date(ruin.ts).toISOString(), ts: ruin.ts, price: ruin.price, deficit: ruin.deficit } } : { ruined: false };
    // Trades are tidied on their own (thousands of them on minute bars; tidyDeep is generic).
    const head = tidyDeep({ strategy: strategy.name, params, source: loaded.source, bars: loaded.series.length, options, costs, runId, ...ruined, metrics: run.metrics });
    // The record ends with `"trades": []\n}`: the list's own text (written as it is made, without
    // an object per trade) goes in place of the empty brackets.
    const text = JSON.stringify({ ...head, trades: [] }, null, 2);
    process.stdout.write(text.slice(0, -4));
    for (const chunk of tradesJsonChunks(run.result.tradeColumns)) process.stdout.write(chunk);
    writeOut(text.slice(-2));
  } else {
    const { metricsTable, equityChart } = await import('../backtest/summary.js');
    const head = `${strategy.name} ${Object.entries(params).map(([k, v]) => `${k}=${v}`).join(' ')} on ${loaded.source} (${loaded.series.length} bars)`;
    const warn = ruin ? [`RUINED at bar ${ruin.bar} (${new Date(ruin.ts).toISOString()}): all positions closed at ${ruin.price}, no trading afterwards`, ''] : [];
    writeOut([head, costLine, '', ...warn, metricsTable(run.metrics), ...(o.chart ? ['', 'Equity', equityChart(run.result.equity)] : [])].join('\n'));
  }
  return 0;
}

/** Saves the run in the store --store / --db / ARBLENS_STORE names: SQLite (a number id) or ClickHouse (a text id). */
async function save(o: BacktestCliOptions, run: import('../backtest/save-run.js').SavedRun): Promise<number | string> {
  const { saveRun, storedRun } = await import('../backtest/save-run.js');
  const { resolveStore, openHistoryStore } = await import('../app/store-url.js');
  const spec = resolveStore({ store: o.store, db: o.db });
  const store = await openHistoryStore(spec);
  try {
    const id = store.saveBacktestRun ? await store.saveBacktestRun(storedRun(run), Date.now()) : saveRun(store as import('../store/sqlite.js').SqliteStore, run, Date.now());
    note(o, `saved as run ${typeof id === 'number' ? `#${id}` : id} in ${store.path} (--no-save to skip)`);
    return id;
  } finally {
    await store.close();
  }
}

/** What the report states besides the run itself. */
type ReportContext = Pick<import('../backtest/report-html.js').ReportInput, 'source' | 'options' | 'costs' | 'grid' | 'oos'>;

async function writeArtifacts(o: BacktestCliOptions, name: string, series: import('../backtest/types.js').Series, run: import('../backtest/run.js').Run, symbol: string, ctx: ReportContext): Promise<void> {
  const { writeFileAtomic } = await import('../backtest/write-file.js');
  if (o.trades) {
    const { tradesCsv } = await import('../backtest/trades-csv.js');
    writeFileAtomic(o.trades, tradesCsv(run.result.trades), '--trades');
    note(o, `wrote ${run.result.trades.length} trades to ${o.trades}`);
  }
  if (o.report) {
    const { reportHtml } = await import('../backtest/report-html.js');
    writeFileAtomic(o.report, reportHtml({ title: `${name} — ${symbol}`, series, run, ...ctx }), '--report');
    note(o, `wrote the report to ${o.report}`);
  }
}

async function runArb(o: BacktestCliOptions): Promise<number> {
  if (o.trades) throw new UsageError("--trades: writes the bar strategies' trade log, not arb's — use --json, which carries every trade (jq '.trades')");
  const { runArbBacktest } = await import('../app/backtest-arb.js');
  const r = await runArbBacktest(o, { note: (m) => note(o, m), openStore: () => openStore(o, !o.save) });
  if (o.report) {
    const { arbReportHtml } = await import('../backtest/arb-report.js');
    const { writeFileAtomic } = await import('../backtest/write-file.js');
    writeFileAtomic(o.report, arbReportHtml(r), '--report');
    note(o, `wrote the report to ${o.report}`);
  }
  if (o.json) writeOut(JSON.stringify(tidyDeep(r), null, 2));
  else writeOut(arbTable(r));
  return 0;
}

/** `0,50,100ms` → [0, 50, 100]: a bare number takes the unit of the last value that has one (ms when none does). */
function latencyList(v: string): number[] {
  const parts = v.split(',').map((x) => x.trim());
  const unit = /\d(ms|s|m|h)$/.exec(parts[parts.length - 1])?.[1] ?? 'ms';
  const out = parts.map((x) => {
    if (!/^\d+(\.\d+)?(ms|s|m|h)?$/.test(x)) throw new UsageError(`--latency: '${x}' is not a duration — use e.g. 200ms, or a list such as 0,50,100,250,500,1000ms`);
    return duration('--latency')(/\d$/.test(x) ? x + unit : x);
  });
  if (new Set(out).size !== out.length) throw new UsageError(`--latency: '${v}' repeats a value — list each latency once`);
  return out;
}

const money = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '—');
const pctOf = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(1));

function arbTable(r: ArbRunResult): string {
  const s = r.summary;
  const rows: [string, string][] = [
    ['Quotes replayed', String(s.quotes)],
    ['Opportunities acted on', String(s.opportunitiesActedOn)],
    ['Caught (full / partial)', `${s.caught + s.partial} (${s.caught} / ${s.partial}) = ${pctOf(s.caughtPct)} %`],
    ['Missed', String(s.missed)],
    ['Promised net P&L', money(s.promisedProfit)],
    ['Realised net P&L', money(s.realisedProfit)],
    ['Capture rate [%]', pctOf(s.captureRatePct)],
    ['Latency', `${s.latencyMs} ms`],
    ['Rebalance', r.rebalance],
  ];
  const table = (xs: [string, string][]) => {
    const w = Math.max(...xs.map((x) => x[0].length));
    return xs.map(([k, v]) => `${k.padEnd(w)}  ${v}`);
  };
  const out = table(rows);
  out.push('', 'Partly filled or missed, by cause        count  profit lost  where');
  for (const [cause, m] of Object.entries(s.misses)) {
    const where = Object.entries(m.where).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, n]) => `${k} ×${n}`).join(', ');
    out.push(`  ${cause.padEnd(38)} ${String(m.count).padStart(6)}  ${money(m.profitLost).padStart(11)}  ${where}`);
  }
  if (r.sweep.length > 1) {
    out.push('', 'Latency   acted  caught  caught %  capture %  realised P&L');
    for (const x of r.sweep) out.push(`${(x.latencyMs + ' ms').padStart(7)}  ${String(x.opportunitiesActedOn).padStart(6)}  ${String(x.caught + x.partial).padStart(6)}  ${pctOf(x.caughtPct).padStart(8)}  ${pctOf(x.captureRatePct).padStart(9)}  ${money(x.realisedProfit).padStart(12)}`);
  }
  const p = r.pnl;
  const cur = p.currency ?? '';
  out.push('', `P&L in ${cur} (first latency)`, ...table([
    ['Captured spread', money(p.capturedSpread)],
    ['Taker fees', money(-p.fees)],
    ['Transfer fees', money(-p.transferCosts)],
    ['Funding (round trips)', money(p.funding)],
    ['Inventory revaluation', money(p.revaluation)],
    ['Total (end − start value)', `${money(p.total)}  (${money(p.startValue)} → ${money(p.endValue)})`],
  ]).map((l) => '  ' + l));
  if (p.unvalued.length) out.push(`  not valued (never quoted in ${cur}): ${p.unvalued.join(', ')}`);
  const bal = Object.entries(r.endBalances).map(([v, m]) => `  ${v}: ${Object.entries(m).map(([a, x]) => `${a} ${Number(x.toPrecision(8))}`).join(', ')} = ${money(p.endValues[v] ?? NaN)} ${cur}`);
  if (p.endValues['in transit'] !== undefined) bal.push(`  in transit: ${r.transfersInFlight.length} transfer(s) = ${money(p.endValues['in transit'])} ${cur}`);
  return [...out, '', 'End balances', ...bal].join('\n');
}
