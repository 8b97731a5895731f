import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import type { Opportunity, Quote } from '../../../src/core/types.js';
import { ClickHouseStore } from '../../../src/store/clickhouse/store.js';
import { parseClickHouseUrl, type ClickHouseSpec } from '../../../src/store/clickhouse/url.js';
import { runExport } from '../../../src/export/run-export.js';
import { TABLES } from '../../../src/export/tables.js';

// Real ClickHouse (.ci/run starts Debian's clickhouse-server and sets the URL); skipped without it.
const URL_ENV = process.env.ARBLENS_TEST_CLICKHOUSE_URL;
const skip = URL_ENV ? false : 'ARBLENS_TEST_CLICKHOUSE_URL is not set (no ClickHouse server: .ci/run starts one)';
if (skip) process.stderr.write(`# skipping ClickHouse integration tests: ${skip}\n`);

const T0 = 1_700_000_000_000;
const q = (venue: string, symbol: string, ts: number, bid: number): Quote => ({ type: 'quote', venue, symbol, market: 'spot', bids: [[bid, 1]], asks: [[bid + 1, 2]], venueTs: ts, localTs: ts + 3 });
const src = (p: string) => pathToFileURL(join(process.cwd(), 'src', p)).href;

/** A fresh database per test, dropped afterwards. */
/** A temporary export folder (path ending in '/'), removed when the test ends. */
function exportDir(t: { after(fn: () => void): void }, prefix: string): string {
  const out = mkdtempSync(join(tmpdir(), prefix)) + '/';
  t.after(() => rmSync(out, { recursive: true, force: true }));
  return out;
}

function freshSpec(t: { after(fn: () => Promise<void>): void }): ClickHouseSpec {
  const base = parseClickHouseUrl(URL_ENV!);
  const db = `${base.database}_${randomBytes(4).toString('hex')}`;
  const spec = { ...base, database: db, display: base.display.replace(/\/[^/]*$/, `/${db}`) };
  t.after(async () => {
    const s = await ClickHouseStore.open(spec);
    await s.conn.exec(`DROP DATABASE IF EXISTS ${db}`);
    await s.close();
  });
  return spec;
}

function csvRows(dir: string): string[] {
  const rows: string[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.csv')).sort()) rows.push(...readFileSync(join(dir, f), 'utf8').trim().split('\n').slice(1));
  return rows;
}

async function exportSince(spec: ClickHouseSpec, out: string) {
  return runExport({ dbPath: spec.display, store: spec, table: TABLES.quotes, format: 'csv', out, sinceLast: true, compression: 'none', progress: false });
}

test('record → export round trip: every quote once, values intact; --since last then exports only new rows', { skip }, async (t) => {
  const spec = freshSpec(t);
  const out = exportDir(t, 'arblens-chx-');
  const s = await ClickHouseStore.open(spec, { maxRows: 1000 });
  // 2,500 quotes at maxRows 1,000: batches of 1000, 1000, 500 (seq 1, 2, 3).
  s.recordQuotes(Array.from({ length: 2500 }, (_, i) => q(i % 2 ? 'okx' : 'binance', 'BTC/USDT', T0 + i, 100 + i)));
  await s.flush();
  const r1 = await exportSince(spec, out);
  assert.equal(r1.rows, 2500);
  const rows = csvRows(out);
  assert.equal(rows.length, 2500);
  assert.equal(new Set(rows.map((r) => r.split(',').slice(0, 3).join())).size, 2500, 'no (recorder, seq, row) twice');
  // The row of quote i = 7: okx, venue_ts T0+7, bid 107, ask 108.
  const r7 = rows.map((r) => r.split(',')).find((r) => r[6] === new Date(T0 + 7).toISOString())!;
  assert.deepEqual([r7[3], r7[4], Number(r7[8]), Number(r7[10])], ['okx', 'BTC/USDT', 107, 108]);
  const r2 = await exportSince(spec, out);
  assert.equal(r2.rows, 0, 'nothing new: nothing written');
  s.recordQuotes([q('okx', 'ETH/USDT', T0 + 10_000, 5)]);
  await s.flush();
  const r3 = await exportSince(spec, out);
  assert.equal(r3.rows, 1);
  assert.equal(csvRows(out).length, 2501);
  await s.close();
});

test('a batch sent twice (retry after a lost acknowledgement) is stored once', { skip }, async (t) => {
  const spec = freshSpec(t);
  const s = await ClickHouseStore.open(spec);
  const body = ['rec-a\t1\t0\tbinance\tBTC/USDT\tspot\t1\t2\t1\t1\t2\t1\t', 'rec-a\t1\t1\tbinance\tBTC/USDT\tspot\t2\t3\t1\t1\t2\t1\t'].join('\n') + '\n';
  await s.conn.insertTsv('quotes', body);
  await s.conn.insertTsv('quotes', body);
  assert.equal((await s.conn.text(`SELECT count() FROM ${spec.database}.quotes FINAL`)).trim(), '2');
  let n = 0;
  for await (const b of s.quoteBatches()) n += b.length;
  assert.equal(n, 2);
  await s.close();
});

test('export before any merge: a retried batch\'s copies are exported once, nulls and every value intact', { skip }, async (t) => {
  const spec = freshSpec(t);
  const out = exportDir(t, 'arblens-chxd-');
  const s = await ClickHouseStore.open(spec);
  t.after(() => s.close());
  // Merges stopped: the copies stay in separate parts, as right after a retry.
  await s.conn.exec(`SYSTEM STOP MERGES ${spec.database}.quotes`);
  // recorder seq row venue symbol market venue_ts local_ts bid bid_size ask ask_size depth
  const batch1 = ['rec-a\t1\t0\tokx\tBTC/USDT\tspot\t5\t6\t100.5\t1\t101\t2\t', 'rec-a\t1\t1\tbinance\tETH/USDT\tspot\t5\t7\t\\N\t\\N\t3000.25\t0.5\t'].join('\n') + '\n';
  const batch2 = 'rec-b\t1\t0\tokx\tBTC/USDT\tspot\t5\t8\t99\t1\t100\t1\t\n';
  await s.conn.insertTsv('quotes', batch1);
  await s.conn.insertTsv('quotes', batch2);
  await s.conn.insertTsv('quotes', batch1); // the retry: same recorder, seq and rows
  assert.equal((await s.conn.text(`SELECT count() FROM ${spec.database}.quotes`)).trim(), '5', 'both copies are there, unmerged');
  const r = await runExport({ dbPath: spec.display, store: spec, table: TABLES.quotes, format: 'csv', out, sinceLast: false, compression: 'none', progress: false });
  assert.equal(r.rows, 3);
  const rows = csvRows(out).map((l) => l.split(','));
  // Time order, then recorder: rec-a's two rows (venue_ts 5, rows 0 and 1), then rec-b's.
  assert.deepEqual(rows.map((c) => c.slice(0, 5)), [['rec-a', '1', '0', 'okx', 'BTC/USDT'], ['rec-a', '1', '1', 'binance', 'ETH/USDT'], ['rec-b', '1', '0', 'okx', 'BTC/USDT']]);
  // bid, bid_size, ask, ask_size: the ETH row's bid side is null (empty in csv).
  assert.deepEqual(rows.map((c) => c.slice(8, 12).map((v) => (v === '' ? null : Number(v)))), [[100.5, 1, 101, 2], [null, null, 3000.25, 0.5], [99, 1, 100, 1]]);
  assert.deepEqual(rows.map((c) => c[7]), [new Date(6).toISOString(), new Date(7).toISOString(), new Date(8).toISOString()]);
});

test('export with a dictionary too long to send in a query (6,000 symbols): names travel as text and are coded while reading', { skip }, async (t) => {
  const spec = freshSpec(t);
  const out = exportDir(t, 'arblens-chxl-');
  const s = await ClickHouseStore.open(spec);
  t.after(() => s.close());
  // 6,000 names of ~27 characters: ~190 KB as a literal array, past the 64 KB the export sends.
  const symbols = Array.from({ length: 6000 }, (_, i) => `LONG-INSTRUMENT-NAME-${i}/USDT`);
  s.recordQuotes(symbols.map((sym, i) => q('okx', sym, T0 + i, i)));
  await s.flush();
  const r = await runExport({ dbPath: spec.display, store: spec, table: TABLES.quotes, format: 'csv', out, sinceLast: false, compression: 'none', progress: false });
  assert.equal(r.rows, 6000);
  const rows = csvRows(out).map((l) => l.split(','));
  // Time order is recording order here: row i is symbol i with bid i.
  assert.deepEqual(rows.map((c) => c[4]), symbols);
  assert.deepEqual(rows.map((c) => Number(c[8])), symbols.map((_, i) => i));
});

/** A child process recording `batches` batches of `rows` quotes as its own recorder. */
function childRecorder(spec: ClickHouseSpec, batches: number, rows: number, pauseMs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-chrec-'));
  const file = join(dir, 'rec.mts');
  writeFileSync(
    file,
    `import { ClickHouseStore } from ${JSON.stringify(src('store/clickhouse/store.ts'))};
     const s = await ClickHouseStore.open(JSON.parse(process.env.SPEC), { maxRows: ${rows}, flushMs: 3600000 });
     for (let b = 0; b < ${batches}; b++) {
       s.recordQuotes(Array.from({ length: ${rows} }, (_, i) => ({ type: 'quote', venue: 'v' + (i % 3), symbol: 'BTC/USDT', market: 'spot', bids: [[1, 1]], asks: [[2, 1]], venueTs: ${T0} + b * 1000 + i, localTs: 0 })));
       await s.flush();
       process.stdout.write('batch ' + b + '\\n');
       await new Promise((r) => setTimeout(r, ${pauseMs}));
     }
     await s.close();`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', file], { env: { ...process.env, SPEC: JSON.stringify(spec) }, stdio: ['ignore', 'pipe', 'inherit'] });
  const done = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, done, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test('two recorders at once while exports run repeatedly: the files hold every row exactly once', { skip, timeout: 120_000 }, async (t) => {
  const spec = freshSpec(t);
  const out = exportDir(t, 'arblens-chx2-');
  (await ClickHouseStore.open(spec)).close(); // schema in place before the race
  const a = childRecorder(spec, 12, 500, 30);
  const b = childRecorder(spec, 12, 700, 20);
  t.after(() => (a.cleanup(), b.cleanup()));
  let running = true;
  void Promise.all([a.done, b.done]).then(() => (running = false));
  let runs = 0;
  while (running) {
    await exportSince(spec, out);
    runs++;
  }
  assert.deepEqual(await Promise.all([a.done, b.done]), [0, 0]);
  await exportSince(spec, out);
  const rows = csvRows(out);
  // 12 × 500 + 12 × 700 = 14,400 rows, each (recorder, seq, row) once.
  assert.equal(rows.length, 14_400);
  assert.equal(new Set(rows.map((r) => r.split(',').slice(0, 3).join())).size, 14_400);
  assert.equal(new Set(rows.map((r) => r.split(',')[0])).size, 2, 'two recorder ids, no clash');
  assert.ok(runs >= 2, `exports ran during recording (${runs})`);
});

test('a recorder killed mid-batch loses at most that batch, and nothing is duplicated', { skip, timeout: 120_000 }, async (t) => {
  const spec = freshSpec(t);
  (await ClickHouseStore.open(spec)).close();
  const rows = 60_000;
  const rec = childRecorder(spec, 50, rows, 0);
  t.after(() => rec.cleanup());
  let acked = 0;
  rec.child.stdout!.on('data', (d: Buffer) => (acked += String(d).split('\n').filter((l) => l.startsWith('batch')).length));
  while (acked < 3) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 37)); // somewhere inside a later batch's insert
  rec.child.kill('SIGKILL');
  await rec.done;
  const s = await ClickHouseStore.open(spec);
  const perSeq = (await s.conn.text(`SELECT seq, count(), uniqExact(row) FROM ${spec.database}.quotes GROUP BY seq ORDER BY seq`)).trim().split('\n').map((l) => l.split('\t').map(Number));
  await s.close();
  // Every batch that is there is whole (60,000 rows, each row once), the acknowledged ones all
  // are, and at most one more (the one in flight) made it: seq 1..n with n ∈ {acked, acked+1}.
  assert.ok(perSeq.length >= acked && perSeq.length <= acked + 1, `${perSeq.length} batches stored, ${acked} acknowledged`);
  perSeq.forEach(([seq, n, uniq], i) => {
    assert.equal(seq, i + 1);
    assert.equal(n, rows);
    assert.equal(uniq, rows);
  });
});

test('opportunity episodes are merged by id across writers and closed once nobody sees them within the gap', { skip }, async (t) => {
  const spec = freshSpec(t);
  const a = await ClickHouseStore.open(spec);
  const b = await ClickHouseStore.open(spec);
  const opp = (profit: number) => ({ id: 'cross-spot:BTC/USDT:okx>binance', kind: 'cross-spot', symbol: 'BTC/USDT', quote: 'USDT', size: 1, netSpreadPct: profit / 100, netProfit: profit, buy: { venue: 'okx' }, sell: { venue: 'binance' } }) as unknown as Opportunity;
  a.recordOpportunities([opp(5)], T0, 2000);
  await a.flush();
  b.recordOpportunities([opp(9)], T0 + 1500, 2000); // within a's gap: the same episode
  await b.flush();
  a.recordOpportunities([opp(4)], T0 + 3000, 2000);
  await a.flush();
  a.recordOpportunities([opp(1)], T0 + 9000, 2000); // 6 s after the last sighting: a new episode
  await a.flush();
  const rows = (await a.conn.text(`SELECT first_seen, max(last_seen), max(best_net_profit), max(closed) FROM ${spec.database}.opportunities GROUP BY first_seen ORDER BY first_seen`)).trim().split('\n').map((l) => l.split('\t').map(Number));
  // Episode 1: T0 … T0+3000, best 9 (b's sighting), closed by the gap; episode 2 open at T0+9000.
  assert.deepEqual(rows, [[T0, T0 + 3000, 9, 1], [T0 + 9000, T0 + 9000, 1, 0]]);
  await Promise.all([a.close(), b.close()]);
});

test('export --table opportunities: one row per episode from its versions; --since last holds back live episodes and exports each once, final', { skip }, async (t) => {
  const spec = freshSpec(t);
  const out = exportDir(t, 'arblens-chxo-');
  const s = await ClickHouseStore.open(spec);
  t.after(() => s.close());
  const opp = (id: string, profit: number, buy: string) =>
    ({ id, kind: 'cross-spot', symbol: 'BTC/USDT', quote: 'USDT', size: 2, netSpreadPct: profit / 100, netProfit: profit, buy: { venue: buy }, sell: { venue: 'binance' } }) as unknown as Opportunity;
  const binary = { id: 'set:ELECTION', kind: 'binary-set', symbol: 'ELECTION', quote: 'USD', size: 1, netSpreadPct: 0.5, netProfit: 0.5, legs: [] } as unknown as Opportunity;
  const now = Date.now();
  const early = now - 3_600_000; // an hour ago: older than the 5-minute settle margin
  // A: seen at early and early+1.5 s (best 9, last 4): one episode, closed by its 2 s gap.
  s.recordOpportunities([opp('A', 9, 'okx'), binary], early, 2000);
  await s.flush();
  s.recordOpportunities([opp('A', 4, 'okx')], early + 1500, 2000);
  await s.flush();
  // L: live — first seen 20 minutes ago, last seen now, with a one-hour gap.
  s.recordOpportunities([opp('L', 3, 'kraken')], now - 1_200_000, 3_600_000);
  await s.flush();
  s.recordOpportunities([opp('L', 7, 'kraken')], now, 3_600_000);
  await s.flush();
  assert.ok(Number((await s.conn.text(`SELECT count() FROM ${spec.database}.opportunities`)).trim()) > 3, 'several version rows');

  const plain = mkdtempSync(join(tmpdir(), 'arblens-chxo-plain-')) + '/';
  t.after(() => rmSync(plain, { recursive: true, force: true }));
  const all = await runExport({ dbPath: spec.display, store: spec, table: TABLES.opportunities, format: 'ndjson', out: plain, sinceLast: false, compression: 'none', progress: false });
  assert.equal(all.rows, 3);
  const rows = readFileSync(join(plain, 'opportunities.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const a = rows.find((r) => r.opp_key === 'A')!;
  assert.deepEqual([a.first_seen, a.last_seen, a.net_profit, a.best_net_profit, a.size, a.buy_venue, a.closed], [new Date(early).toISOString(), new Date(early + 1500).toISOString(), 4, 9, 2, 'okx', true]);
  assert.equal((a.payload as { netProfit: number }).netProfit, 4, 'the payload of the newest version, as an object');
  const set = rows.find((r) => r.opp_key === 'set:ELECTION')!;
  assert.deepEqual([set.buy_venue, set.sell_venue, set.kind], [null, null, 'binary-set'], 'no venue: null, not an empty name');
  assert.equal(rows.find((r) => r.opp_key === 'L')!.closed, false);
  // --venues matches either side; a typo is named with a suggestion.
  const kraken = mkdtempSync(join(tmpdir(), 'arblens-chxo-kraken-')) + '/';
  t.after(() => rmSync(kraken, { recursive: true, force: true }));
  assert.equal((await runExport({ dbPath: spec.display, store: spec, table: TABLES.opportunities, format: 'ndjson', out: kraken, sinceLast: false, compression: 'none', progress: false, venues: ['kraken'] })).rows, 1);
  await assert.rejects(
    runExport({ dbPath: spec.display, store: spec, table: TABLES.opportunities, format: 'csv', out: plain, sinceLast: false, compression: 'none', progress: false, venues: ['krakn'] }),
    /--venues: the store has no venue 'krakn' — did you mean 'kraken'\?/,
  );

  const since = () => runExport({ dbPath: spec.display, store: spec, table: TABLES.opportunities, format: 'csv', out, sinceLast: true, compression: 'none', progress: false });
  const r1 = await since();
  // L is live: the horizon stops at its first_seen (20 minutes ago), so A and the set, first seen an hour ago.
  assert.equal(r1.rows, 2);
  assert.deepEqual(csvRows(out).map((l) => l.split(',')[0]).sort(), ['A', 'set:ELECTION']);
  assert.equal((await since()).rows, 0, 'nothing new: nothing written');
  // L ends (a clean stop as of now): settled, first seen 20 minutes ago — the next run takes it, closed.
  s.endEpisodes(['L'], now + 1);
  await s.flush();
  const r3 = await since();
  assert.equal(r3.rows, 1);
  const lines = csvRows(out);
  assert.equal(lines.length, 3);
  const l = lines.map((x) => x.split(',')).find((c) => c[0] === 'L')!;
  assert.deepEqual([l[10], l[12], l[13]], ['7.0', '7.0', 'true'], 'final figures: last 7, best 7, closed');
  assert.equal((await since()).rows, 0);
});

test('a wrong password: one line naming the store with the password masked, never the password', { skip }, async () => {
  const base = parseClickHouseUrl(URL_ENV!);
  const spec = { ...base, password: 'Wr0ng-Secret-123', display: base.display };
  await assert.rejects(ClickHouseStore.open(spec), (e: Error) => !e.message.includes('Wr0ng-Secret-123') && /failed/.test(e.message) && !e.message.includes('\n'));
});
