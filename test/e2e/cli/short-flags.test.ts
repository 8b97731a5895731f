// Short flags (-o, -q, -j) do what their long forms do; the usage errors of the flags touched by
// issue 16 (export's date rule and checks, `--table all`, backtest's messages) follow the house
// style — one line `arblens: <flag>: <what> — <fix>`, exit 2, no stack trace; and export's
// --from/--to follow the one date rule (exclusive --to, bare date = end of that day, relative).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addQuotes, makeStore, seedOtherTables } from '../../helpers/export-fixture.js';
import { arblens, ROOT, assertUsageError } from '../../helpers/cli.js';

let dir: string;
let db: string;
const SAMPLE = join(ROOT, 'data/sample/synthetic-btc-usdt-1h.csv');
const ndjsonRows = (out: string) => out.trim().split('\n').filter(Boolean).length;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'arblens-short-flags-'));
  db = join(dir, 'store.db');
  const s = makeStore(db);
  addQuotes(s, 100); // T0 = 2026-11-21T00:00:00Z, one quote every 100 ms: all on Nov 21
  seedOtherTables(s);
  // Three quotes placed against the clock, for the relative forms: 3 days, 36 h and 1 min ago.
  const now = Date.now();
  const inst = s.instrumentId('okx', 'SOL/USDT', 'spot');
  const ins = s.db.prepare('INSERT INTO quotes (instrument_id, venue_ts, local_ts, bid, bid_size, ask, ask_size) VALUES (?, ?, ?, 1, 1, 2, 1)');
  for (const ago of [3 * 86_400_000, 36 * 3_600_000, 60_000]) ins.run(inst, now - ago, now - ago);
  s.close();
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('short flags', () => {
  it('-j prints what --json prints (venues, match, stats)', () => {
    for (const args of [['venues'], ['match', '--demo'], ['stats', '--db', db]]) {
      const long = arblens([...args, '--json']);
      const short = arblens([...args, '-j']);
      assert.equal(short.code, 0, short.stderr);
      // match's demo markets close relative to the clock: compare what does not move.
      const stable = (text: string) => JSON.stringify(JSON.parse(text), (k, v) => (k === 'closeTs' || k === 'closeTime' || k === 'daysToClose' ? undefined : v));
      assert.equal(stable(short.stdout), stable(long.stdout), args.join(' '));
    }
  });

  it('export -o writes the file, -q keeps stderr empty', () => {
    const out = join(dir, 'q.csv');
    const r = arblens(['export', '--db', db, '--table', 'funding', '-o', out, '-q']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.ok(existsSync(out));
  });
});

describe('export --from/--to: the one date rule', () => {
  const rows = (...range: string[]) => {
    const r = arblens(['export', '--db', db, '--table', 'quotes', '--format', 'ndjson', '-o', '-', ...range]);
    assert.equal(r.code, 0, r.stderr);
    return ndjsonRows(r.stdout);
  };
  it('a bare --to date means the end of that day; a datetime --to is exclusive', () => {
    assert.equal(rows('--from', '2026-11-21', '--to', '2026-11-21'), 100);
    assert.equal(rows('--from', '2026-11-21', '--to', '2026-11-21T00:00:05Z'), 50); // k·100 ms < 5 s: k = 0…49
    assert.equal(rows('--to', '2026-11-20'), 0);
  });
  it('relative forms count back from now', () => {
    assert.equal(rows('--from', '-2d'), 2); // 36 h and 1 min ago
    assert.equal(rows('--from', '-3d', '--to', '-1h'), 1); // 36 h ago (3 d ago is a few ms before the bound)
    assert.equal(rows('--from', '-1h'), 1);
  });
});

const CASES: { args: string[]; flag: string; fragment: RegExp }[] = [
  { args: ['export', '--table', 'quotes', '--to', '2024-02-30'], flag: '--to', fragment: /'2024-02-30' is not a calendar date/ },
  { args: ['export', '--table', 'quotes', '--from', 'today', '--to', 'yesterday'], flag: '--to', fragment: /is not after --from .* — give an end after the start/ },
  { args: ['export', '--table', 'quotes', '--from', 'last week'], flag: '--from', fragment: /is not a date — use e\.g\. .*-7d, yesterday or today/ },
  { args: ['export', '--table', 'quotes', '--format', 'csv', '--compression', 'snappy'], flag: '--compression', fragment: /applies to parquet only/ },
  { args: ['export', '--table', 'quotes', '--normalize', 'standard'], flag: '--normalize', fragment: /needs --features/ },
  { args: ['export', '--table', 'quotes', '-o', ''], flag: "--out ''", fragment: /the output is empty/ },
  { args: ['export', '--table', 'quotes', '-o'], flag: '--out', fragment: /needs a value/ },
  { args: ['export', '--table', 'all', '-o', '-'], flag: '--table all', fragment: /give --out a directory/ },
  { args: ['export', '--table', 'al'], flag: '--table', fragment: /did you mean 'all'\?/ },
  { args: ['retail', 'analyze', 'x.csv', '-o'], flag: '--out', fragment: /needs a value — e\.g\. --out <file>/ },
  { args: ['venues', '-x'], flag: '-x', fragment: /unknown option/ },
  { args: ['backtest', '--venue', 'binance'], flag: '--venue', fragment: /needs --symbol too/ },
  { args: ['backtest', '--data', SAMPLE, '--venue', 'binance', '--symbol', 'BTC/USDT'], flag: '--data', fragment: /cannot be used with --venue/ },
  { args: ['backtest', '--data', SAMPLE, '--oos', '0.3'], flag: '--oos', fragment: /tests an optimisation/ },
  { args: ['backtest', '--data', SAMPLE, '--oos', '0.3', '--walk-forward', '3', '--param', 'fast=5:10:5'], flag: '--oos', fragment: /cannot be used with --walk-forward/ },
  { args: ['backtest', '--data', SAMPLE, '--commission', 'venue'], flag: '--commission', fragment: /'venue' takes the fee/ },
  { args: ['backtest', '--data', SAMPLE, '--param', 'fast=40', '--param', 'slow=20'], flag: '--param', fragment: /is not a valid combination for sma — change the values/ },
  { args: ['backtest', '--strategy', 'arb', '--trades', 'x.csv'], flag: '--trades', fragment: /use --json/ },
  { args: ['backtest', '--strategy', 'arb', '--latency', 'fast'], flag: '--latency', fragment: /'fast' is not a duration/ },
  { args: ['backtest', '--strategy', 'arb', '--latency', '5ms,5ms'], flag: '--latency', fragment: /repeats a value/ },
];

describe('usage errors of the flags issue 16 touched', () => {
  for (const c of CASES) {
    it(`arblens ${c.args.join(' ')}`, () => {
      // `-o` last, so it has no value (anything after it would be taken as its value).
      const args = c.args.at(-1) === '-o' ? [...c.args.slice(0, -1), '--db', db, '-o'] : [...c.args, '--db', db];
      const r = arblens(args);
      assertUsageError(r, c.flag, c.fragment);
    });
  }
});
