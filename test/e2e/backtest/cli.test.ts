// End-to-end: the built CLI (`node bin/arblens.js`), as a user runs it. Needs `npx tsc -p .` first
// (npm test builds). Every run gets its own store through ARBLENS_DB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fx = (f: string) => join(root, 'test/fixtures/backtest', f);
const dir = mkdtempSync(join(tmpdir(), 'arblens-bt-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(root, 'bin/arblens.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ARBLENS_DB: join(dir, 'store.db'), NO_COLOR: '1', ...env }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('a user .ts strategy over a CSV reproduces the hand-computed result, as JSON', () => {
  // Same case as the engine test: buy bar 1 → 104 (bar 2 open), close bar 5 → 109, 0.1 % each way.
  // final = 10000 / (104 × 1.001) × 109 × 0.999 = 10459.8286329
  const r = cli(['backtest', '--data', fx('ten-bars.csv'), '--strategy', fx('buy-then-close.ts'), '--commission', '0.001', '--json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.strategy, 'buy-then-close');
  assert.equal(j.bars, 10);
  assert.ok(Math.abs(j.metrics.equityFinal - 10459.8286329) < 1e-6);
  assert.equal(j.metrics.trades, 1);
  assert.equal(j.trades[0].entryTime, '2024-01-03T00:00:00.000Z');
  assert.equal(j.trades[0].exitPrice, 109);
  assert.equal(typeof j.runId, 'number');
  assert.equal(j.metrics.periodsPerYear, 365);
});

test('built-in sma: table output, trades CSV, saved run; data import then backtest from the store gives the same numbers', () => {
  const trades = join(dir, 'trades.csv');
  const a = cli(['backtest', '--data', fx('ten-bars.csv'), '--strategy', 'sma', '--param', 'fast=2', '--param', 'slow=3', '--trades', trades]);
  assert.equal(a.code, 0, a.err);
  assert.match(a.out, /^Sharpe Ratio\s+/m);
  assert.match(a.out, /Equity\n/);
  assert.match(readFileSync(trades, 'utf8'), /^side,size,entry_time/);
  const imp = cli(['data', 'import', fx('ten-bars.csv'), '--venue', 'mydata', '--symbol', 'XYZ', '--timeframe', '1d']);
  assert.equal(imp.code, 0, imp.err);
  assert.match(imp.err, /imported 10 1d candles for mydata XYZ/);
  const fromCsv = JSON.parse(cli(['backtest', '--data', fx('ten-bars.csv'), '--strategy', 'sma', '--param', 'fast=2', '--param', 'slow=3', '--json', '--no-save']).out);
  const fromStore = cli(['backtest', '--venue', 'mydata', '--symbol', 'XYZ', '--timeframe', '1d', '--strategy', 'sma', '--param', 'fast=2', '--param', 'slow=3', '--json', '--from', '2024-01-01', '--to', '2024-01-10']);
  assert.equal(fromStore.code, 0, fromStore.err);
  assert.deepEqual(JSON.parse(fromStore.out).metrics, fromCsv.metrics);
  assert.deepEqual(JSON.parse(fromStore.out).trades, fromCsv.trades);
  const missing = cli(['backtest', '--venue', 'mydata', '--symbol', 'NOPE', '--timeframe', '1d']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /no 1d candles for mydata NOPE — fetch them with `arblens data download/);
});

test('a bad CSV row stops with the line number (exit 2); --skip-bad-rows counts it', () => {
  const bad = cli(['backtest', '--data', fx('bad-row.csv'), '--strategy', 'sma', '--no-save']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /bad-row\.csv line 4: close 'oops' is not a number — fix the row or pass --skip-bad-rows/);
  assert.equal(bad.out, '');
  const skip = cli(['backtest', '--data', fx('bad-row.csv'), '--strategy', 'sma', '--param', 'fast=2', '--param', 'slow=3', '--skip-bad-rows', '--no-save', '--json']);
  assert.equal(skip.code, 0, skip.err);
  assert.match(skip.err, /skipped 1 bad row/);
  assert.equal(JSON.parse(skip.out).bars, 3);
});

test('usage errors name the flag, the value and the fix', () => {
  const cases: [string[], RegExp][] = [
    [['backtest', '--strategy', 'smaa'], /--strategy 'smaa' is not a built-in strategy .* did you mean 'sma'\?/],
    [['backtest', '--param', 'fats=3'], /--param 'fats' is not a parameter of 'sma' — did you mean 'fast'\?/],
    [['backtest', '--param', 'fast=2.5'], /whole number/],
    [['backtest', '--param', 'fast=40', '--param', 'slow=20'], /not a valid combination/],
    [['backtest', '--commission', '5'], /--commission: '5' is out of range \(allowed: between 0 and 0.2\) — use a fraction/],
    [['backtest', '--from', '2024-13-45'], /--from: '2024-13-45' is not a calendar date/],
    [['backtest', '--data', 'nope.csv'], /--data 'nope.csv': cannot read it \(ENOENT\)/],
    [['backtest', '--optimize', 'sharp', '--param', 'fast=2:4:1'], /--optimize 'sharp' is not a metric — did you mean 'sharpe'\?/],
  ];
  for (const [args, re] of cases) {
    const r = cli([...args, '--no-save']);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, re);
  }
});

test('a parameter grid runs on worker threads and is ranked by --optimize', () => {
  const r = cli(['backtest', '--strategy', 'sma', '--param', 'fast=5:20:5', '--param', 'slow=20:60:20', '--optimize', 'sharpe', '--json', '--no-save']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  // fast 5,10,15,20 × slow 20,40,60 = 12, minus fast=20/slow=20 (fast must be below slow) = 11
  assert.equal(j.combinations, 11);
  const s = j.results.map((x: { metrics: { sharpe: number } }) => x.metrics.sharpe);
  assert.deepEqual(s, [...s].sort((a: number, b: number) => b - a));
  // The grid's figures are the single-run figures for the same parameters.
  const best = j.results[0].params;
  const single = JSON.parse(cli(['backtest', '--strategy', 'sma', '--param', `fast=${best.fast}`, '--param', `slow=${best.slow}`, '--json', '--no-save']).out);
  assert.equal(single.metrics.sharpe, j.results[0].metrics.sharpe);
});

test('arb replay over NDJSON quotes: realised vs promised P&L', () => {
  const r = cli(['backtest', '--strategy', 'arb', '--quotes', fx('quotes.ndjson'), '--balance', 'binance:USDT=1000', '--balance', 'okx:BTC=1', '--no-save', '--json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  // binance taker 0.1 %, okx taker 0.1 % (registry defaults): see test/unit/backtest-arb.test.ts
  assert.equal(j.summary.filled, 1);
  assert.ok(Math.abs(j.summary.realisedProfit - 0.6991) < 1e-9);
  assert.ok(Math.abs(j.summary.promisedProfit - 0.74845) < 1e-9);
});
