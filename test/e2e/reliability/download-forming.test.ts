// `data download` never stores the still-forming candle (issue 18, item 11), against a local
// server speaking Binance's REST format. The venue's last kline is the current hour's: its close
// moves (101 now, 109 an instant later); the store must hold only hours that have ended.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVenueServer } from '../../helpers/venue-server.js';
import { spawn } from 'node:child_process';
import { BIN } from '../../helpers/cli.js';
import { SqliteStore } from '../../../src/store/sqlite.js';

const H = 3_600_000;

/** The CLI without blocking this process (its local server must keep answering). */
function arblensAsync(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code, stderr }));
  });
}

test('data download stores closed candles only; the forming one is fetched again next time, final', { timeout: 120_000 }, async (t) => {
  const hourNow = Math.floor(Date.now() / H) * H;
  const first = hourNow - 5 * H;
  let formingClose = 101;
  // Binance kline rows: [openTime, "o", "h", "l", "c", "v", closeTime, ...]; hours first..hourNow,
  // the last one still forming.
  const srv = await startVenueServer({
    '/api/v3/exchangeInfo': 'binance/rest/exchangeInfo.json',
    '/api/v3/klines': (_req, url) => {
      const start = Number(url.searchParams.get('startTime') ?? first);
      const rows: unknown[] = [];
      for (let ts = Math.max(first, start); ts <= hourNow; ts += H) {
        const c = ts === hourNow ? formingClose : 100;
        rows.push([ts, '100', '110', '90', String(c), '1', ts + H - 1, '100', 1, '0', '0', '0']);
      }
      return rows;
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'arblens-dl-forming-'));
  t.after(async () => {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const db = join(dir, 's.db');
  const env = { ARBLENS_DB: db, ARBLENS_BINANCE_URL: srv.url, ARBLENS_MARKET_CACHE_TTL: '0' };
  const args = ['data', 'download', '--venue', 'binance', '--symbol', 'BTC/USDT', '--timeframe', '1h', '--from', new Date(first).toISOString()];
  const a = await arblensAsync(args, env);
  assert.equal(a.code, 0, a.stderr);
  const read = () => {
    const s = new SqliteStore(db, { readonly: true });
    const c = s.readCandles('binance', 'BTC/USDT', '1h');
    s.close();
    return c;
  };
  // 5 closed hours (first .. hourNow − 1 h); the forming hour is not stored.
  assert.deepEqual(read().map((c) => (c.ts - first) / H), [0, 1, 2, 3, 4]);
  formingClose = 109;
  const b = await arblensAsync(args.slice(0, -2), env); // resume, no --from
  assert.equal(b.code, 0, b.stderr);
  assert.ok(read().every((c) => c.close === 100 && c.ts < hourNow), 'no candle with the moving close');
});
