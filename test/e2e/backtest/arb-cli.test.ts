// End-to-end: `backtest --strategy arb` from the built CLI (needs `npx tsc -p .` first): a latency
// sweep over one recording, the HTML report, the P&L split and the usage errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fx = (f: string) => join(root, 'test/fixtures/backtest', f);
const dir = mkdtempSync(join(tmpdir(), 'arblens-arb-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/arblens.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ARBLENS_DB: join(dir, 'store.db'), NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// The recording: okx's bid 101 over binance's ask 100 lives from +1.0 s to +2.2 s (1.2 s).
// binance and okx spot takers are 0.1 % (registry): size 1 → 1 − 0.1 − 0.101 = 0.799 net.
const BASE = ['backtest', '--strategy', 'arb', '--quotes', fx('arb-lives-1200ms.ndjson'), '--balance', 'binance:USDT=1000', '--balance', 'okx:BTC=1', '--no-save'];

test('--latency 0,1000,1500ms: one run per latency; caught up to 1 s, missed at 1.5 s (price moved)', () => {
  const r = cli([...BASE, '--latency', '0,1000,1500ms', '--json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.deepEqual(j.sweep.map((s: { latencyMs: number }) => s.latencyMs), [0, 1000, 1500]);
  assert.deepEqual(j.sweep.map((s: { caught: number }) => s.caught), [1, 1, 0]);
  assert.deepEqual(j.sweep.map((s: { captureRatePct: number }) => s.captureRatePct), [100, 100, 0]);
  assert.equal(j.sweep[2].misses['price-moved'].count, 1);
  assert.deepEqual(j.sweep[2].misses['price-moved'].where, { okx: 1 });
  assert.ok(Math.abs(j.sweep[1].realisedProfit - 0.799) < 1e-9);
  // P&L of the first run, in USDT: start 1000 + 1 BTC × 99.5 (first mid); end 899.9 + 100.899
  // + 1 BTC × 101.5 (last mid) → total 2.799 = spread 1 − fees 0.201 + revaluation 2.
  assert.equal(j.pnl.currency, 'USDT');
  assert.ok(Math.abs(j.pnl.total - 2.799) < 1e-9);
  assert.ok(Math.abs(j.pnl.revaluation - 2) < 1e-9);
});

test('the table names causes, shows the sweep and the P&L split; --report writes the page', () => {
  const report = join(dir, 'arb.html');
  const r = cli([...BASE, '--latency', '1000,1500ms', '--report', report]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /price-moved\s+0\s/);
  assert.match(r.out, /^\s*1000 ms\s+1\s+1\s+100\.0\s+100\.0\s+0\.80$/m);
  assert.match(r.out, /^\s*1500 ms\s+1\s+0\s+0\.0\s+0\.0\s+0\.00$/m);
  assert.match(r.out, /Inventory revaluation\s+2\.00/);
  assert.match(r.err, /wrote the report to/);
  const html = readFileSync(report, 'utf8');
  assert.match(html, /<h2>Capture vs latency<\/h2>\s*<svg/);
  assert.match(html, /<polyline/);
  assert.doesNotMatch(html, /<script|https?:\/\//);
});

test('usage errors: --rebalance transfer without fees, fees without transfer, --trades, a bad latency', () => {
  const a = cli([...BASE, '--rebalance', 'transfer']);
  assert.equal(a.code, 2);
  assert.match(a.err, /--rebalance transfer needs the withdrawal fees.*--transfer-fee/);
  const b = cli([...BASE, '--transfer-fee', 'BTC=0.0002']);
  assert.equal(b.code, 2);
  assert.match(b.err, /apply to --rebalance transfer/);
  const c = cli([...BASE, '--trades', join(dir, 't.csv')]);
  assert.equal(c.code, 2);
  assert.match(c.err, /--trades.*not arb's.*--json/);
  assert.equal(existsSync(join(dir, 't.csv')), false);
  const d = cli([...BASE, '--latency', '0,fast']);
  assert.equal(d.code, 2);
  assert.match(d.err, /--latency:? 'fast' is not a duration/);
});

test('--kinds cross-perp: a round trip carries funding and is closed when the spread closes', () => {
  const r = cli(['backtest', '--strategy', 'arb', '--quotes', fx('arb-cross-perp-funding.ndjson'), '--balance', 'binance:USDT=1000', '--balance', 'okx:USDT=1000', '--kinds', 'cross-perp', '--max-age', '24h', '--no-save', '--json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  const t = j.trades.find((x: { kind?: string }) => x.kind === 'cross-perp');
  assert.ok(t, r.out);
  // Long binance (its longs receive 0.3 %), short okx (its shorts receive 0.3 %); funding at +8 h
  // and +16 h on both legs: 4 payments; at +20 h funding goes to 0 and okx's bid falls: the engine
  // no longer reports it with both quotes fresh (--max-age 24h) → closed, spread-closed.
  assert.deepEqual([t.buyVenue, t.sellVenue, t.exitReason, t.fundingPayments], ['binance', 'okx', 'spread-closed', 4]);
  // Funding: 2 × 0.003 × 99.95 (binance mid) + 0.003 × 101.05 (okx mid at +8 h) + 0.003 × 101.05 (at +16 h) = 1.206.
  assert.ok(Math.abs(t.funding - 1.206) < 1e-9, String(t.funding));
  assert.ok(Math.abs(j.pnl.funding - 1.206) < 1e-9);
  const bad = cli([...BASE, '--kinds', 'binary-intra']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--kinds 'binary-intra' is not replayed/);
});
