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
