// Bad store / export inputs (issue 18, item 16): `--db ''`, `--out ''`, a file that is not a
// database, a store from a newer schema. Each is one line on stderr, no stack trace, the right
// exit code (2 for an empty flag, 1 for a file arblens cannot use), and nothing written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { arblens } from '../../helpers/cli.js';
import { makeStore } from '../../helpers/export-fixture.js';

function expectOneLine(r: { code: number | null; stdout: string; stderr: string }, code: number, re: RegExp, what: string) {
  assert.equal(r.code, code, `${what}: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('arblens:'));
  assert.equal(lines.length, 1, `${what}: ${r.stderr}`);
  assert.match(lines[0], re, what);
  assert.doesNotMatch(r.stderr, /\n\s+at |unexpected error/, `${what}: no stack trace`);
  assert.equal(r.stdout, '', `${what}: nothing on stdout`);
}

test("--db '' and --out '' are usage errors (exit 2), never the default store or stdout", (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-bad-in-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const home = { XDG_DATA_HOME: join(dir, 'data'), ARBLENS_DB: '' };
  expectOneLine(arblens(['export', '--db', '', '--table', 'quotes', '--out', '-'], home), 2, /--db '': the store path is empty/, 'export --db ""');
  expectOneLine(arblens(['scan', '--demo', '--record', '--json', '--db', ''], home), 2, /--db '': the store path is empty/, 'scan --record --db ""');
  expectOneLine(arblens(['backtest', '--venue', 'binance', '--symbol', 'BTC/USDT', '--no-save', '--db', ''], home), 2, /--db ''/, 'backtest --db ""');
  assert.ok(!existsSync(join(dir, 'data', 'arblens', 'arblens.db')), 'the default store was not created');
  const db = join(dir, 's.db');
  makeStore(db, 5).close();
  expectOneLine(arblens(['export', '--db', db, '--table', 'quotes', '--out', '']), 2, /--out '': the output is empty/, 'export --out ""');
});

test('a file that is not a database, and a store from a newer arblens: one line, exit 1, file untouched', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-bad-in-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const text = join(dir, 'notes.txt');
  const content = 'not a database: a page of notes, long enough to fill the header of a real one\n'.repeat(20);
  writeFileSync(text, content);
  const future = join(dir, 'future.db');
  const f = new Database(future);
  f.pragma('user_version = 999');
  f.exec('CREATE TABLE t (x)');
  f.close();
  for (const [db, re] of [[text, /is not an arblens store \(file is not a database\)/], [future, /written by a newer arblens \(schema 999/]] as const) {
    expectOneLine(arblens(['export', '--db', db, '--table', 'quotes', '--out', '-']), 1, re, `export ${db}`);
    expectOneLine(arblens(['export', '--db', db, '--table', 'quotes', '--out', dir + '/', '--since', 'last']), 1, re, `export --since last ${db}`);
    expectOneLine(arblens(['scan', '--demo', '--record', '--json', '--db', db]), 1, re, `scan --record ${db}`);
    expectOneLine(arblens(['backtest', '--venue', 'binance', '--symbol', 'BTC/USDT', '--no-save', '--db', db]), 1, re, `backtest ${db}`);
    expectOneLine(arblens(['watch', '--replay', db, '--ndjson']), 1, re, `watch --replay ${db}`);
  }
  assert.equal(readFileSync(text, 'utf8'), content, 'the text file is untouched');
  assert.ok(!existsSync(`${text}-wal`) && !existsSync(`${text}-journal`));
});
