import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNumberBytes, parseTime, parseTimeBytes, scanCandlesCsv } from '../../../src/backtest/csv.js';

const bytes = (s: string) => Buffer.from(s, 'latin1');

test('the byte-level number reader gives exactly what Number() gives, or NaN to defer', () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const forms: string[] = ['0', '-0.5', '+3', '42000.00', '1e-3', '2.5E+4', '0.1', '0.3', '123456789012345', '1234567890123456789', '.5', '5.', '9007199254740993'];
  for (let k = 0; k < 5000; k++) {
    const x = (rnd() - 0.3) * 10 ** Math.floor(rnd() * 12 - 4);
    forms.push(x.toFixed(Math.floor(rnd() * 9)), String(x), x.toPrecision(1 + Math.floor(rnd() * 17)), x.toExponential(Math.floor(rnd() * 10)));
  }
  for (const f of forms) {
    const b = bytes(f);
    assert.equal(Object.is(parseNumberBytes(b, 0, b.length), Number(f)) || Object.is(parseNumberBytes(b, 0, b.length), Number(f) + 0), true, f);
  }
  for (const f of ['', 'abc', '1,5', '1.2.3', '--1', ' 1', 'NaN', 'Infinity', '0x10']) assert.ok(Number.isNaN(parseNumberBytes(bytes(f), 0, f.length)), f);
});

test('the byte-level time reader agrees with parseTime on the forms it takes, NaN on the rest', () => {
  const taken = ['2024-01-01', '2024-02-29T23:59:59Z', '1999-12-31 10:00', '2024-01-01T10:00:00.123Z', '2024-01-01T10:00:00.1Z', '2024-02-30', '1704067200', '1704067200000', '1900-03-01', '2100-02-28T00:00:00z'];
  for (const t of taken) assert.equal(parseTimeBytes(bytes(t), 0, t.length), parseTime(t), t);
  for (const t of ['2024-01-01T10:00:00+02:00', '1704067200.5', 'yesterday', '2024-13-01', '2024-01-01T10', '2024/01/01', '']) assert.ok(Number.isNaN(parseTimeBytes(bytes(t), 0, t.length)), t);
});

test('rows the fast path declines (an offset, padded cells, CRLF) still parse through the string path', () => {
  const r = scanCandlesCsv('\uFEFFtimestamp,open,high,low,close\r\n2024-01-01T10:00:00+02:00, 1 ,2,0.5,1.5\r\n2024-01-01T09:00:00Z,1,2,0.5,1.5\r\n', 'm.csv');
  assert.deepEqual(Array.from(r.series.ts), [Date.UTC(2024, 0, 1, 8), Date.UTC(2024, 0, 1, 9)]);
  assert.deepEqual(Array.from(r.series.open), [1, 1]);
  assert.deepEqual(Array.from(r.series.volume), [0, 0]);
});

test('row times read in one pass (the day worked out once per date) equal parseTime row by row', () => {
  // Rows 61 s apart across a month end and a leap day, in the separators and suffixes the
  // one-pass reader takes, mixed with forms it hands to parseTimeBytes (fractions, no seconds,
  // epoch digits, a bare date) — all ascending, so every row is kept.
  const times: string[] = [];
  let ms = Date.UTC(2024, 1, 28, 23, 57);
  const iso = (t: number) => new Date(t).toISOString();
  for (let k = 0; k < 3000; k++, ms += 61_000) {
    const s = iso(ms);
    const form = k % 7;
    times.push(
      form === 0 ? s.replace('.000Z', 'Z') : form === 1 ? s.replace('.000Z', '').replace('T', ' ') : form === 2 ? s.replace('.000Z', 'z') : form === 3 ? s : form === 4 ? s.slice(0, 16) : form === 5 ? String(ms / 1000) : s.replace('.000Z', ''),
    );
  }
  times.push('2024-03-31', '2024-03-31T24:00:00Z'); // hour 24 rolls into the next day, as Date.parse does
  const csv = 'date,open,high,low,close\n' + times.map((t) => `${t},1,2,0.5,1.5`).join('\n');
  const r = scanCandlesCsv(csv, 'mixed.csv');
  assert.equal(r.series.length, times.length);
  times.forEach((t, i) => assert.equal(r.series.ts[i], parseTime(t), t));
  // A second of 60 is no time: the row is reported with its line, not read as the next minute.
  assert.throws(() => scanCandlesCsv('date,open,high,low,close\n2024-01-01T00:00:59Z,1,2,0.5,1.5\n2024-01-01T00:00:60Z,1,2,0.5,1.5\n', 'bad.csv'), /bad\.csv line 3: date '2024-01-01T00:00:60Z'/);
});
