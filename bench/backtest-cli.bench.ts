// `arblens backtest` end to end (process start, SQLite read, sma, metrics, JSON) on one year of
// one-minute candles in the store (target ≤ 2.5 s), and a 100-combination grid on worker
// threads over the same candles (target ≤ 10 s). Runs the built CLI: `npm run bench` builds first.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqliteStore } from '../src/store/sqlite.js';
import { MINUTE_BARS, minuteCandles } from './backtest-data.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'arblens-bench-'));
const db = join(dir, 'bench.db');
try {
  const store = new SqliteStore(db);
  store.upsertCandles('bench', 'BTC/USDT', 'spot', '1m', minuteCandles());
  store.close();
  const cli = (args: string[]) => {
    const t = performance.now();
    const r = spawnSync(process.execPath, [join(root, 'bin/arblens.js'), 'backtest', '--venue', 'bench', '--symbol', 'BTC/USDT', '--timeframe', '1m', '--no-save', '--quiet', '--json', ...args], { encoding: 'utf8', env: { ...process.env, ARBLENS_DB: db }, maxBuffer: 1 << 30 });
    const s = (performance.now() - t) / 1000;
    if (r.status !== 0) throw new Error(`arblens backtest failed (${r.status}): ${r.stderr}`);
    return { s, out: r.stdout };
  };
  const single = [0, 1, 2].map(() => cli(['--strategy', 'sma', '--param', 'fast=10', '--param', 'slow=30', '--commission', '0.001']).s).sort((a, b) => a - b);
  console.log(`backtest CLI: sma on ${MINUTE_BARS.toLocaleString('en-US')} one-minute candles from SQLite, end to end: ${single[1].toFixed(2)} s median of 3 (target ≤ 2.5 s)`);
  const grid = cli(['--strategy', 'sma', '--param', 'fast=5:50:5', '--param', 'slow=60:150:10', '--optimize', 'sharpe']);
  const combos = JSON.parse(grid.out).combinations;
  console.log(`backtest CLI: ${combos}-combination sma grid on worker threads over the same candles: ${grid.s.toFixed(2)} s (target ≤ 10 s)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
