// A CSV file read in pieces (readCsvSeries) gives what one pass over the whole file gives: the
// same columns, the same skipped rows, the same error on the same line — wherever the pieces end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { scanCandlesCsv } from '../../../src/backtest/csv.js';
import { readCsvSeries } from '../../../src/backtest/load-data.js';

const dir = mkdtempSync(join(tmpdir(), 'arblens-pieces-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const cols = (r: { series: { ts: Float64Array; open: Float64Array; close: Float64Array; volume: Float64Array } }) => [r.series.ts, r.series.open, r.series.close, r.series.volume].map((a) => Array.from(a));

/** Piece sizes from smaller than a row to larger than the file. */
const PIECES = [1, 7, 16, 33, 64, 100, 4096];

function rows(n: number, eol = '\n'): string[] {
  const t0 = Date.UTC(2024, 0, 1);
  return Array.from({ length: n }, (_, k) => `${new Date(t0 + k * 60_000).toISOString().replace('.000Z', 'Z')},${100 + k},${101 + k},${99 + k},${100.5 + k},${k % 5}${eol}`);
}

test('pieces of any size read the same columns as one pass (BOM, CRLF, blank lines, quotes, no final newline)', () => {
  const cases = {
    plain: 'date,open,high,low,close,volume\n' + rows(300).join(''),
    crlf: '\uFEFFtimestamp,open,high,low,close,volume\r\n' + rows(200, '\r\n').join(''),
    blanks: '\n\ndate,open,high,low,close,volume\n' + rows(100).join('\n'),
    quoted: 'date,open,high,low,close,volume\n' + rows(120).join('').replace(/,3,/g, ',"3",'),
    nofinal: 'date,open,high,low,close,volume\n' + rows(50).join('').trimEnd(),
  };
  for (const [name, text] of Object.entries(cases)) {
    const path = file(`${name}.csv`, text);
    const one = scanCandlesCsv(readFileSync(path), path);
    for (const piece of PIECES) assert.deepEqual(cols(readCsvSeries(path, false, piece)), cols(one), `${name}, pieces of ${piece}`);
  }
});

test('a bad row is reported with its line whatever piece it falls in, and --skip-bad-rows counts the same', () => {
  const lines = rows(400);
  lines[250] = lines[250].replace(/,\d+\n$/, ',-1\n'); // line 252: negative volume
  const path = file('bad.csv', 'date,open,high,low,close,volume\n' + lines.join(''));
  for (const piece of PIECES) {
    assert.throws(() => readCsvSeries(path, false, piece), /bad\.csv line 252: volume -1 is negative/, `pieces of ${piece}`);
    const skipped = readCsvSeries(path, true, piece);
    assert.equal(skipped.skipped, 1);
    assert.equal(skipped.series.length, 399);
  }
  assert.throws(() => readCsvSeries(file('empty.csv', '')), /the file is empty/);
  assert.throws(() => readCsvSeries(join(dir, 'missing.csv')), /--data '.*missing\.csv': cannot read it \(ENOENT\)/);
});

test('a pipe (--data /dev/stdin) is read whole, as before', () => {
  const text = 'date,open,high,low,close,volume\n' + rows(30).join('');
  const script = `import(${JSON.stringify(new URL('../../../src/backtest/load-data.ts', import.meta.url).href)}).then((m) => process.stdout.write(String(m.readCsvSeries('/dev/stdin').series.length)))`;
  // Through a shell pipe: a real pipe, as `cat x.csv | arblens backtest --data /dev/stdin` gives.
  const path = file('piped.csv', text);
  const r = spawnSync('sh', ['-c', 'cat "$1" | "$2" --import tsx -e "$3"', 'sh', path, process.execPath, script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '30');
});
