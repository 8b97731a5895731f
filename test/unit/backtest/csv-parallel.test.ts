// A CSV file read on two threads gives exactly what one pass gives: the same columns, and for a
// bad file the same error naming the same line — wherever the bad row falls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanCandlesCsv } from '../../../src/backtest/csv.js';
import { readCsvParallel } from '../../../src/backtest/csv-parallel.js';

const dir = mkdtempSync(join(tmpdir(), 'arblens-csvpar-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** `rows` one-minute rows; `edit` may change row k's text. */
function file(name: string, rows: number, edit: (k: number, line: string) => string = (_k, l) => l): string {
  const t0 = Date.UTC(2024, 0, 1);
  const lines = ['timestamp,open,high,low,close,volume'];
  for (let k = 0; k < rows; k++) {
    const o = 100 + (k % 50) / 10;
    lines.push(edit(k, `${new Date(t0 + k * 60_000).toISOString().replace('.000Z', 'Z')},${o},${o + 1},${o - 1},${o + 0.5},${k % 7}`));
  }
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const columns = (r: { series: { ts: Float64Array; open: Float64Array; high: Float64Array; low: Float64Array; close: Float64Array; volume: Float64Array } }) =>
  (['ts', 'open', 'high', 'low', 'close', 'volume'] as const).map((k) => Array.from(r.series[k]));

async function sameError(path: string): Promise<string> {
  let one = '';
  try {
    scanCandlesCsv(await import('node:fs').then((fs) => fs.readFileSync(path)), path);
  } catch (err) {
    one = (err as Error).message;
  }
  assert.notEqual(one, '', 'the one-pass reader rejects the file');
  await assert.rejects(readCsvParallel(path, { minBytes: 1 }), (err: Error) => err.message === one);
  return one;
}

test('two threads read the same columns as one pass', async () => {
  const path = file('ok.csv', 20_000);
  const par = await readCsvParallel(path, { minBytes: 1 });
  const seq = scanCandlesCsv(await import('node:fs').then((fs) => fs.readFileSync(path)), path);
  assert.equal(par.series.length, 20_000);
  assert.equal(par.threads, 2, 'the worker read the second part');
  assert.deepEqual(columns(par), columns(seq));
  // Below the size threshold: one pass.
  assert.equal((await readCsvParallel(path)).threads, 1);
});

test('a bad row in the second part is reported with its own line, as one pass reports it', async () => {
  // Row 15,000 is line 15,002 (header on line 1, rows from line 2), well past the 55 % split.
  const msg = await sameError(file('bad-late.csv', 20_000, (k, l) => (k === 15_000 ? l.replace(/,[^,]*$/, ',-5') : l)));
  assert.match(msg, /line 15002: volume -5 is negative/);
});

test('a bad row in the first part stops the read there', async () => {
  const msg = await sameError(file('bad-early.csv', 20_000, (k, l) => (k === 10 ? l.replace(/^[^,]*/, 'yesterday') : l)));
  assert.match(msg, /line 12: date 'yesterday'/);
});

test('a time that goes back across the split is caught as in one pass', async () => {
  // Every row of the second half moved a day back: its first row is before the first half's last.
  const msg = await sameError(file('back.csv', 20_000, (k, l) => (k >= 11_500 ? l.replace(/^2024-01-0(\d)/, (_m, d) => `2024-01-0${Number(d) - 1 || 1}`) : l)));
  assert.match(msg, /is not after the previous row's/);
});

test('quoted cells in the second part go through the string path, with the same result', async () => {
  const path = file('quoted.csv', 20_000, (k, l) => (k === 16_000 ? l.replace(/,([^,]*)$/, ',"$1"') : l));
  const par = await readCsvParallel(path, { minBytes: 1 });
  const seq = scanCandlesCsv(await import('node:fs').then((fs) => fs.readFileSync(path)), path);
  assert.deepEqual(columns(par), columns(seq));
  assert.equal(par.series.length, 20_000);
  assert.equal(par.threads, 1, "the worker declined its part: this thread read it");
});

test('--skip-bad-rows reads in one pass and counts what it skipped', async () => {
  const path = file('skip.csv', 20_000, (k, l) => (k === 15_000 || k === 3 ? l.replace(/,[^,]*$/, ',-5') : l));
  const r = await readCsvParallel(path, { minBytes: 1, skipBadRows: true });
  assert.equal(r.skipped, 2);
  assert.equal(r.series.length, 19_998);
});

test('a missing file is a usage error naming it', async () => {
  await assert.rejects(readCsvParallel(join(dir, 'nope.csv')), /--data '.*nope\.csv': cannot read it \(ENOENT\)/);
});
