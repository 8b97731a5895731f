import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { arblens, BIN, hasCommand } from '../../helpers/cli.js';

interface Opp {
  id: string; kind: string; symbol: string; size: number; quote: string; netProfit: number; netSpreadPct: number; grossSpreadPct: number; ageMs: number; ts: string; tsMs: number;
  buy: { venue: string; price: number; vwap: number; fee: number }; sell: { venue: string; price: number; vwap: number; fee: number };
  legs: { side: string; venue: string; market: string; price: number; vwap: number; size: number; fee: number }[];
  roundTrip?: { entryPnl: number; exitPnl: number; funding: number };
}

test('scan --demo --json prints ranked, self-consistent opportunities of every crypto kind', () => {
  const r = arblens(['scan', '--demo', '--json', '--top', '0']);
  assert.equal(r.code, 0, r.stderr);
  const opps = JSON.parse(r.stdout) as Opp[];
  assert.ok(opps.length > 10);
  const kinds = new Set(opps.map((o) => o.kind));
  // basis and cross-perp must survive their exit at today's opposite side: in the demo only
  // funding-carried ones can; cross-spot and funding are always there.
  for (const k of ['cross-spot', 'funding']) assert.ok(kinds.has(k), `kind ${k} missing`);
  for (let i = 1; i < opps.length; i++) assert.ok(opps[i - 1].netProfit >= opps[i].netProfit, 'not ranked by net profit');
  for (const o of opps) {
    assert.ok(o.netProfit > 0 && o.size > 0, o.id);
    assert.equal(o.legs.length, 2);
    assert.equal(typeof o.tsMs, 'number');
    assert.equal(new Date(o.ts).getTime(), o.tsMs);
    if (o.roundTrip) {
      // A round trip: entry P&L + exit P&L + funding = net, every part in the JSON.
      const rt = o.roundTrip;
      assert.ok(Math.abs(rt.entryPnl + rt.exitPnl + rt.funding - o.netProfit) < 1e-6 * Math.max(1, Math.abs(o.netProfit)), o.id);
      continue;
    }
    // gross (VWAP to VWAP) minus both fees is the net profit; net % is over the buy cost.
    const net = (o.sell.vwap - o.buy.vwap) * o.size - o.buy.fee - o.sell.fee;
    assert.ok(Math.abs(net - o.netProfit) < 1e-6 * Math.max(1, Math.abs(net)), `${o.id}: ${net} vs ${o.netProfit}`);
    assert.ok(Math.abs((o.netProfit / (o.size * o.buy.vwap)) * 100 - o.netSpreadPct) < 1e-6, o.id);
    assert.ok(o.buy.vwap >= o.buy.price && o.sell.vwap <= o.sell.price, `${o.id}: VWAP beyond top of book`);
  }
  // Transfers (synthetic networks in the demo file): SOL moves okx → binance on SOL for 0.008 SOL;
  // bybit has XRP deposits suspended, so buying XRP elsewhere to sell on bybit needs inventory.
  const sol = opps.find((o) => o.id === 'cross-spot:SOL/USDT:okx>binance') as Opp & { settlement: string; transfer: { network: string; fee: number; feeQuote: number }; netProfitAfterTransfer: number };
  assert.equal(sol.settlement, 'transferable');
  assert.equal(sol.transfer.network, 'SOL');
  assert.ok(Math.abs(sol.transfer.feeQuote - 0.008 * sol.buy.vwap) < 1e-9);
  assert.ok(Math.abs(sol.netProfitAfterTransfer - (sol.netProfit - sol.transfer.feeQuote)) < 1e-9);
  const xrp = opps.find((o) => o.id.startsWith('cross-spot:XRP/USDT:') && o.id.endsWith('>bybit')) as Opp & { settlement: string; transferReason: string };
  assert.equal(xrp.settlement, 'inventory');
  assert.match(xrp.transferReason, /deposits suspended on bybit/);
  // The planted traps: NEIRO (two assets, one ticker) and a stale bitget quote are never ranked.
  assert.ok(!opps.some((o) => o.symbol.startsWith('NEIRO')));
  assert.ok(!opps.some((o) => o.legs.some((l) => l.venue === 'bitget' && l.market === 'ETH/USDT')));
  // Warnings went to stderr as JSON lines.
  const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { level: string; message: string });
  assert.ok(lines.some((l) => /NEIRO.*different assets/.test(l.message)));
  assert.ok(lines.some((l) => /older than --max-age/.test(l.message)));
});

test('--ndjson prints the same opportunities one per line; filters apply', () => {
  const json = JSON.parse(arblens(['scan', '--demo', '--json', '--top', '0']).stdout) as Opp[];
  const nd = arblens(['scan', '--demo', '--ndjson', '--top', '0']);
  assert.equal(nd.code, 0);
  const rows = nd.stdout.trim().split('\n').map((l) => JSON.parse(l) as Opp);
  assert.deepEqual(rows.map((o) => o.id), json.map((o) => o.id));
  const filtered = JSON.parse(arblens(['scan', '--demo', '--json', '--market', 'perp', '--min-net', '0.01']).stdout) as Opp[];
  assert.ok(filtered.length > 0);
  for (const o of filtered) {
    assert.ok(o.netSpreadPct >= 0.01);
    assert.ok(o.legs.every((l) => l.market.includes(':')), `${o.id} has a spot leg`);
  }
  const top3 = JSON.parse(arblens(['scan', '--demo', '--json', '--top', '3']).stdout) as Opp[];
  assert.deepEqual(top3.map((o) => o.id), json.slice(0, 3).map((o) => o.id));
});

test('depth used once: shared rows are marked, --exclusive totals what the books hold, the table says it', () => {
  const all = JSON.parse(arblens(['scan', '--demo', '--json', '--top', '0']).stdout) as (Opp & { sharesDepthWith?: string[]; netProfitValue: number })[];
  const ids = new Set(all.map((o) => o.id));
  const shared = all.filter((o) => o.sharesDepthWith);
  assert.ok(shared.length > 0, 'the demo has rows on common books');
  for (const o of shared) for (const other of o.sharesDepthWith!) assert.ok(ids.has(other) && other !== o.id);
  const excl = JSON.parse(arblens(['scan', '--demo', '--json', '--top', '0', '--exclusive']).stdout) as (Opp & { netProfitValue: number })[];
  const sum = (xs: { netProfitValue: number }[]) => xs.reduce((s, o) => s + o.netProfitValue, 0);
  assert.ok(sum(excl) < sum(all), `exclusive ${sum(excl)} < listed ${sum(all)}`);
  const table = arblens(['scan', '--demo', '--quiet', '--top', '0']);
  const m = /total if all taken at once .*: ([\d,.]+) USD over (\d+) opportunities/.exec(table.stdout);
  assert.ok(m, table.stdout.slice(-300));
  assert.ok(Math.abs(Number(m[1].replace(/,/g, '')) - sum(excl)) < 0.01);
  assert.equal(Number(m[2]), excl.length);
});

test('the table output is on stdout, warnings on stderr', () => {
  const r = arblens(['scan', '--demo', '--quiet']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /net profit/);
  assert.match(r.stdout, /cross-spot|basis/);
  assert.equal(r.stderr, '');
});

test('usage errors exit 2 and say what to do', () => {
  let r = arblens(['scan', '--demo', '--venues', 'binanse']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /binanse.*did you mean 'binance'/);
  r = arblens(['scan', '--venues', 'binanse']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown venue 'binanse'.*did you mean 'binance'.*arblens venues/);
  r = arblens(['scan', '--demo', '--min-net', 'abc']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--min-net: 'abc' is not a valid number/);
  r = arblens(['scan', '--demo', '--max-age', 'soon']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--max-age: 'soon' is not a duration/);
  r = arblens(['scan', '--demo', '--symbols', 'BTCUSDT']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /'BTCUSDT' is not a unified symbol/);
  r = arblens(['scan', '--demo', '--symbols', 'BTC/USDX']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no venue lists 'BTC\/USDX'.*did you mean 'BTC\/USDT'/);
  r = arblens(['scan', '--bogus']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--bogus: unknown option/);
});

test('--help and --version exit 0; venues lists retired BitMEX with its reason', () => {
  assert.equal(arblens(['--help']).code, 0);
  assert.match(arblens(['scan', '--help']).stdout, /Examples:/);
  assert.match(arblens(['--version']).stdout, /^\d+\.\d+\.\d+/);
  const v = JSON.parse(arblens(['venues', '--json']).stdout) as { id: string; status: string; reason?: string }[];
  const bitmex = v.find((x) => x.id === 'bitmex')!;
  assert.equal(bitmex.status, 'retired');
  assert.match(bitmex.reason!, /2026-09-23/);
  assert.ok(v.find((x) => x.id === 'binance')?.status === 'active');
  const r = arblens(['scan', '--venues', 'bitmex']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /bitmex.*retired/);
});

test('scan --record writes quotes, funding and opportunities to the store', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-e2e-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'a.db');
  const r = arblens(['scan', '--demo', '--json', '--record', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  const opps = JSON.parse(r.stdout) as Opp[];
  const d = new Database(db, { readonly: true });
  assert.equal(d.pragma('integrity_check', { simple: true }), 'ok');
  assert.ok((d.prepare('SELECT count(*) FROM quotes').pluck().get() as number) > 0);
  assert.ok((d.prepare('SELECT count(*) FROM funding').pluck().get() as number) > 0);
  assert.equal(d.prepare('SELECT count(*) FROM opportunities').pluck().get(), opps.length);
  d.close();
  // ARBLENS_DB is honoured the same way.
  const db2 = join(dir, 'b.db');
  assert.equal(arblens(['scan', '--demo', '--quiet', '--record'], { ARBLENS_DB: db2 }).code, 0);
  const d2 = new Database(db2, { readonly: true });
  assert.ok((d2.prepare('SELECT count(*) FROM opportunities').pluck().get() as number) > 0);
  d2.close();
});

test('scan --json pipes into jq', (t) => {
  if (!hasCommand('jq')) return t.skip('jq is not installed (CI installs it)');
  const r = spawnSync('sh', ['-c', `node "${BIN}" scan --demo --json | jq -r '[.[] | select(.netSpreadPct > 0.05)] | length'`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const all = JSON.parse(arblens(['scan', '--demo', '--json']).stdout) as Opp[];
  assert.equal(Number(r.stdout.trim()), all.filter((o) => o.netSpreadPct > 0.05).length);
});

test('a reader that closes the pipe early (| head) is not an error', () => {
  const r = spawnSync('bash', ['-c', `node "${BIN}" scan --demo --ndjson --top 0 --quiet | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
  assert.equal(r.stdout.trim(), '0', r.stderr);
  assert.doesNotMatch(r.stderr, /EPIPE/);
});
