// End-to-end: `arblens stats` from the built CLI (needs `npx tsc -p .` first) over a store holding
// known episodes (written with SQL, so the figures below are fixed by hand).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqliteStore } from '../../../src/store/sqlite.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'arblens-stats-e2e-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, 'store.db');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/arblens.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ARBLENS_DB: db, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const T0 = Date.UTC(2026, 10, 1, 10); // 10:00 UTC
{
  const s = new SqliteStore(db);
  const ins = s.db.prepare(`INSERT INTO opportunities (opp_key, kind, symbol, buy_venue, sell_venue, quote_ccy, first_seen, last_seen, size, net_spread_pct, net_profit, best_net_pct, best_net_profit, closed, close_reason, payload)
    VALUES ('k', ?, 'BTC/USDT', ?, ?, 'USDT', ?, ?, 0.5, 0.1, ?, 0.2, ?, 1, ?, '{}')`);
  // cross-spot binance>okx lifetimes 1000, 3000, 8000 ms; funding binance>bybit 60000 ms.
  ins.run('cross-spot', 'binance', 'okx', T0, T0 + 1000, 1, 2, 'gone');
  ins.run('cross-spot', 'binance', 'okx', T0 + 10_000, T0 + 13_000, 2, 3, 'gone');
  ins.run('cross-spot', 'binance', 'okx', T0 + 20_000, T0 + 28_000, 3, 9, 'stale');
  ins.run('funding', 'binance', 'bybit', T0 + 30_000, T0 + 90_000, 4, 5, 'recorder-stopped');
  s.close();
}

test('stats --json: per kind lifetimes, medians and shares', () => {
  const r = cli(['stats', '--json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.episodes, 4);
  // cross-spot 1000, 3000, 8000: p50 = 2nd = 3000, p90 = ⌈2.7⌉ = 3rd = 8000; best 2, 3, 9 → 3.
  assert.equal(j.byKind['cross-spot'].lifetimeMs.p50, 3000);
  assert.equal(j.byKind['cross-spot'].lifetimeMs.p90, 8000);
  assert.equal(j.byKind['cross-spot'].best.netProfitP50, 3);
  assert.equal(j.byKind.funding.closeSharePct['recorder-stopped'], 100);
  // Span: T0 → T0 + 90 s = 0.025 h; 4 episodes → 160 per hour.
  assert.equal(j.total.episodesPerHour, 160);
  assert.equal(j.from, '2026-11-01T10:00:00.000Z');
});

test('stats --by pair,hour --kind --venues: table with histogram', () => {
  const r = cli(['stats', '--by', 'pair,hour', '--kind', 'cross-spot', '--venues', 'binance,okx', '--from', '2026-11-01', '--to', '2026-11-01']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^binance>okx\s+3\s/m);
  assert.match(r.out, /^10\s+3\s/m);
  assert.doesNotMatch(r.out, /bybit/);
  // Lifetimes 1 s, 3 s, 8 s: buckets 1–5s (2) and 5–30s (1) → a full bar and a half bar.
  assert.match(r.out, / ··█▄···$/m);
});

test('usage errors exit 2 naming the flag; a missing store exits 1', () => {
  const bad = cli(['stats', '--by', 'venue']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--by: 'venue' is not one of kind, pair, symbol, hour/);
  const kind = cli(['stats', '--kind', 'basiss']);
  assert.equal(kind.code, 2);
  assert.match(kind.err, /did you mean 'basis'/);
  const none = cli(['stats', '--db', join(dir, 'nope.db')]);
  assert.equal(none.code, 1);
  assert.match(none.err, /no store at/);
  assert.equal(none.out, '');
});

test('stats --json | jq', { skip: spawnSync('jq', ['--version']).error ? 'jq not installed' : false }, () => {
  const r = spawnSync('sh', ['-c', `node bin/arblens.js stats --json | jq '.byKind["funding"].lifetimeMs.p50'`], { cwd: root, encoding: 'utf8', env: { ...process.env, ARBLENS_DB: db } });
  assert.equal(r.stdout.trim(), '60000');
});
