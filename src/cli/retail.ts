import { Option, type Command } from 'commander';
import { cell, fmtAge, fmtNum } from '../core/format.js';
import { tidyDeep } from '../core/json.js';
import type { RetailResult } from '../retail/result.js';
import { reportTo, writeOut } from './output.js';
import { integer } from './parse.js';

interface CommonOptions {
  marketplace: string;
  format?: 'csv' | 'ndjson';
  skipBadRows?: boolean;
  buybox: boolean;
  maxTokens?: number;
  json?: boolean;
  quiet?: boolean;
}

interface AnalyzeOptions extends CommonOptions {
  demo?: boolean;
  rules?: string;
  out?: string;
  history?: boolean;
  db?: string;
  store: boolean;
  name?: string;
}

const common = (c: Command) =>
  c
    .option('--marketplace <code>', 'Amazon marketplace (US, GB, DE, FR, JP, CA, IT, ES, IN, MX, BR)', 'US')
    .addOption(new Option('--format <fmt>', 'input format (default: from the file extension)').choices(['csv', 'ndjson']))
    .option('--skip-bad-rows', 'report bad rows (with their line) and go on without them; default: exit 2 before any token is spent')
    .option('--no-buybox', 'do not ask Keepa for buy-box data (1 token a product instead of 3; no buy-box seller or Amazon-in-buy-box check)')
    .option('--max-tokens <n>', 'never spend more Keepa tokens than this in one run', integer('--max-tokens', 'use e.g. 500', 1));

export function registerRetail(program: Command): void {
  const retail = program.command('retail').description('retail arbitrage: batches of products priced through Keepa under your business rules');

  common(retail.command('analyze [file]').description('price a batch (CSV/NDJSON of asin|upc|ean,cost[,qty,note]) through Keepa: fees, profit, ROI, sales, verdict'))
    .option('--demo', 'offline: the synthetic sample batch in data/retail/ (no key, no network)')
    .option('--rules <file>', 'business rules JSON (see README; every field optional)')
    .option('--json', 'one JSON array of results on stdout')
    .option('-o, --out <file>', 'also write the results to a .csv or .parquet file')
    .option('--history', 'ask Keepa for csv price history too (90-day volatility from the history instead of stats)')
    .option('--db <path>', 'store file (default $ARBLENS_DB or ~/.local/share/arblens/arblens.db)')
    .option('--no-store', 'do not record the batch in the store')
    .option('--name <name>', 'batch name in the store (default: the file name)')
    .option('--quiet', 'no summary or progress on stderr')
    .addHelpText(
      'after',
      `
Examples:
  arblens retail analyze --demo
  ARBLENS_KEEPA_KEY=… arblens retail analyze products.csv --marketplace US --json
  arblens retail analyze products.csv --rules rules.json --out results.csv
  ARBLENS_KEEPA_URL=http://127.0.0.1:9000 arblens retail analyze products.csv   # a proxy or test server

Sorted buy → watch → skip, then ROI. profit = sellPrice − cost − Σ fees; roiPct = profit / cost × 100.
Exit codes: 0 ok, 1 failure, 2 usage error or bad rows, 3 --max-tokens reached before every row.`,
    )
    .action(async (file: string | undefined, o: AnalyzeOptions) => {
      process.exitCode = await analyzeCommand(file, o);
    });

  common(retail.command('plan <file>').description('Keepa tokens and time a batch would take, without spending any'))
    .option('--json', 'the plan as JSON')
    .action(async (file: string, o: CommonOptions) => {
      const { runRetailPlan } = await import('../app/retail/plan.js');
      const p = await runRetailPlan({ input: file, format: o.format, marketplace: o.marketplace, buybox: o.buybox, maxTokens: o.maxTokens, skipBadRows: !!o.skipBadRows, env: process.env, report: reportTo({ json: !!o.json, ndjson: false }) });
      if (o.json) return writeOut(JSON.stringify(p, null, 2));
      const wait = p.waitMinutes === null ? 'unknown (set ARBLENS_KEEPA_KEY to read the budget from Keepa /token, free)' : p.waitMinutes === 0 ? 'none: the budget covers it' : `about ${fmtAge(p.waitMinutes * 60_000)} of refills at ${p.refillRate} tokens/min`;
      writeOut(
        [
          `products:  ${p.products} (${p.asins} ASINs, ${p.codes} UPC/EAN codes — a code that maps to several ASINs costs more)`,
          `requests:  ${p.requests} (≤ 100 products each)`,
          `tokens:    ${p.tokens} (${p.tokensPerProduct} a product)${p.tokensCapped < p.tokens ? `, capped at ${p.tokensCapped} by --max-tokens` : ''}`,
          `budget:    ${p.tokensLeft === undefined ? p.budgetSource : `${p.tokensLeft} tokens left, ${p.refillRate}/min`}`,
          `waiting:   ${wait}`,
        ].join('\n'),
      );
    });

  retail
    .command('batches')
    .description('past batches in the store (newest first), or one batch with --id')
    .option('--id <n>', 'show this batch’s results', integer('--id', 'a batch id from `arblens retail batches`', 1))
    .option('--limit <n>', 'how many batches', integer('--limit', 'use e.g. 20', 1), 50)
    .option('--json', 'JSON on stdout')
    .option('--db <path>', 'store file (default $ARBLENS_DB or ~/.local/share/arblens/arblens.db)')
    .action(async (o: { id?: number; limit: number; json?: boolean; db?: string }) => {
      const { listBatches, showBatch } = await import('../app/retail/batches.js');
      const { defaultDbPath } = await import('../store/path.js');
      const db = defaultDbPath(o.db);
      if (o.id !== undefined) {
        const b = showBatch(db, o.id);
        return writeOut(o.json ? JSON.stringify({ ...b.batch, rules: JSON.parse(b.batch.rules), createdAt: new Date(b.batch.createdTs).toISOString(), results: b.results }, null, 2) : resultsTable(b.results));
      }
      const rows = listBatches(db, o.limit);
      if (o.json) return writeOut(JSON.stringify(rows.map((r) => ({ ...r, rules: JSON.parse(r.rules), createdAt: new Date(r.createdTs).toISOString() })), null, 2));
      if (!rows.length) return void process.stderr.write(`no retail batches in '${db}' yet — run \`arblens retail analyze\`\n`);
      writeOut(
        [`${cell('id', 5, 'right')}  ${cell('created', 20)}  ${cell('name', 28)}  mkt  ${cell('products', 8, 'right')}  ${cell('buy', 5, 'right')}  ${cell('watch', 5, 'right')}  ${cell('skip', 5, 'right')}  tokens`]
          .concat(rows.map((r) => `${cell(String(r.id), 5, 'right')}  ${cell(new Date(r.createdTs).toISOString().slice(0, 19) + 'Z', 20)}  ${cell(r.name, 28)}  ${cell(r.marketplace, 3)}  ${cell(String(r.products), 8, 'right')}  ${cell(String(r.buy), 5, 'right')}  ${cell(String(r.watch), 5, 'right')}  ${cell(String(r.skip), 5, 'right')}  ${r.tokensUsed}`))
          .join('\n'),
      );
    });
}

async function analyzeCommand(file: string | undefined, o: AnalyzeOptions): Promise<number> {
  const { runRetailAnalyze } = await import('../app/retail/analyze.js');
  const { defaultDbPath } = await import('../store/path.js');
  const mode = { json: !!o.json, ndjson: false, quiet: o.quiet };
  const tty = !!process.stderr.isTTY && !o.quiet;
  const ac = new AbortController();
  const stop = () => ac.abort(new Error('interrupted'));
  process.once('SIGINT', stop);
  try {
    const r = await runRetailAnalyze({
      input: file, demo: !!o.demo, format: o.format, marketplace: o.marketplace, rulesPath: o.rules, maxTokens: o.maxTokens, skipBadRows: !!o.skipBadRows,
      buybox: o.buybox, history: !!o.history, dbPath: o.store ? defaultDbPath(o.db) : undefined, name: o.name, env: process.env, signal: ac.signal, report: reportTo(mode),
      // Progress only for batches worth watching, and only on a terminal (never in a pipe or a cron mail).
      onProgress: tty ? (done, total) => total > 100 && process.stderr.write(`\rfetched ${done}/${total} products${done === total ? '\n' : ''}`) : undefined,
      onWait: o.quiet ? undefined : (ms, why) => process.stderr.write(`waiting ${fmtAge(ms)} for Keepa tokens: ${why}\n`),
    });
    if (o.out) {
      const { writeResults } = await import('../app/retail/write-results.js');
      await writeResults(o.out, r.results);
      if (!o.quiet) process.stderr.write(`wrote ${r.results.length} results to ${o.out}\n`);
    }
    writeOut(o.json ? JSON.stringify(r.results.map((x) => tidyDeep(x))) : resultsTable(r.results));
    if (!o.quiet) {
      const n = (v: string) => r.results.filter((x) => x.verdict === v).length;
      process.stderr.write(`${r.results.length} results: ${n('buy')} buy, ${n('watch')} watch, ${n('skip')} skip; ${r.tokensUsed} Keepa tokens${r.batchId !== undefined ? `; stored as batch ${r.batchId}` : ''}\n`);
    }
    return r.exitCode;
  } finally {
    process.off('SIGINT', stop);
  }
}

const money = (x: number | null) => (x === null ? '-' : fmtNum(x, 2));
const pct = (x: number | null) => (x === null ? '-' : fmtNum(x, 1));

/** The results table: verdict, product, money, speed, and the first reason. */
export function resultsTable(rows: readonly RetailResult[]): string {
  const head = `${cell('verdict', 7)}  ${cell('asin', 10)}  ${cell('title', 26)}  ${cell('cost', 8, 'right')}  ${cell('sell', 8, 'right')}  ${cell('basis', 9)}  ${cell('fees', 7, 'right')}  ${cell('profit', 8, 'right')}  ${cell('roi%', 7, 'right')}  ${cell('sales/mo', 8, 'right')}  ${cell('days', 5, 'right')}  ${cell('fba#', 4, 'right')}  reason`;
  const lines = rows.map(
    (r) =>
      `${cell(r.verdict, 7)}  ${cell(r.asin ?? r.code, 10)}  ${cell(r.title || '-', 26)}  ${cell(money(r.cost), 8, 'right')}  ${cell(money(r.sellPrice), 8, 'right')}  ${cell(r.sellPriceBasis ?? '-', 9)}  ${cell(money(r.feesTotal), 7, 'right')}  ${cell(money(r.profit), 8, 'right')}  ${cell(pct(r.roiPct), 7, 'right')}  ${cell(r.monthlySales === null ? '-' : String(r.monthlySales), 8, 'right')}  ${cell(r.daysToSell === null ? '-' : String(r.daysToSell), 5, 'right')}  ${cell(r.competitors === null ? '-' : String(r.competitors), 4, 'right')}  ${r.reasons[0] ?? ''}${r.flags.length ? ` [${r.flags.join(', ')}]` : ''}`,
  );
  return [head, ...lines].join('\n');
}
