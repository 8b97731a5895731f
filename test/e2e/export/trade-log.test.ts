// One trade log, three doors: `backtest --trades` (CSV), `export --table backtest-trades` and
// `backtest --json` name the same columns (snake_case in files, camelCase in JSON, closed_at_end
// everywhere) and carry the same values for the same run; the run's metrics come out of
// `export --table backtest-runs` as an object (jq '.metrics.sharpe').
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arblens, ROOT } from '../../helpers/cli.js';
import { TRADE_COLUMNS } from '../../../src/backtest/trades-csv.js';

let dir: string;
let db: string;
let json: { runId: number; metrics: Record<string, number>; trades: Record<string, unknown>[] };
let tradesCsv: string;
const camel = (s: string) => s.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
const csvRows = (text: string) => text.trim().split('\n').map((l) => l.split(','));

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'arblens-trade-log-'));
  db = join(dir, 'store.db');
  const r = arblens(['backtest', '--strategy', 'sma', '--data', join(ROOT, 'data/sample/synthetic-btc-usdt-1h.csv'), '--db', db, '--trades', join(dir, 'trades.csv'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  json = JSON.parse(r.stdout);
  tradesCsv = readFileSync(join(dir, 'trades.csv'), 'utf8');
  assert.ok(json.trades.length > 3, 'the sample makes trades');
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('trade log names', () => {
  it('backtest --trades, export --table backtest-trades and --json share the columns', () => {
    const head = tradesCsv.split('\n')[0].split(',');
    assert.deepEqual(head, [...TRADE_COLUMNS]);
    const exp = arblens(['export', '--db', db, '--table', 'backtest-trades', '-o', '-']);
    assert.equal(exp.code, 0, exp.stderr);
    assert.deepEqual(exp.stdout.split('\n')[0].split(','), ['id', 'run_id', 'symbol', ...TRADE_COLUMNS]);
    for (const c of TRADE_COLUMNS) assert.ok(camel(c) in json.trades[0], `--json trades carry ${camel(c)}`);
  });

  it('the same values through each door, closed_at_end included', () => {
    const fromTrades = csvRows(tradesCsv).slice(1);
    const exp = arblens(['export', '--db', db, '--table', 'backtest-trades', '--format', 'ndjson', '-o', '-']);
    const exported = exp.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(exported.length, fromTrades.length);
    assert.equal(exported.length, json.trades.length);
    exported.forEach((e, i) => {
      assert.equal(e.run_id, json.runId);
      assert.equal(e.entry_time, fromTrades[i][2]);
      assert.equal(e.exit_time, fromTrades[i][4]);
      assert.equal(e.closed_at_end, fromTrades[i][9] === 'true');
      assert.equal(e.closed_at_end, json.trades[i].closedAtEnd);
      assert.equal(e.entry_time, json.trades[i].entryTime);
      assert.equal(e.pnl, Number(fromTrades[i][6]));
    });
    // The sample ends with a position open (sma is long or short at every bar after warm-up).
    assert.equal(exported.at(-1)!.closed_at_end, true);
  });

  it("the run's metrics are an object in the export: .metrics.sharpe is --json's figure", () => {
    const exp = arblens(['export', '--db', db, '--table', 'backtest-runs', '--format', 'ndjson', '-o', '-']);
    const run = JSON.parse(exp.stdout.trim()) as { id: number; metrics: Record<string, number> };
    assert.equal(run.id, json.runId);
    // --json trims numbers to 12 significant digits (core/json tidy); the store keeps them whole.
    assert.equal(typeof run.metrics.sharpe, 'number');
    assert.ok(Math.abs(run.metrics.sharpe - json.metrics.sharpe) < 1e-9 * Math.abs(json.metrics.sharpe), `${run.metrics.sharpe} vs ${json.metrics.sharpe}`);
  });
});
