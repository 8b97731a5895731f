import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCandlesCsv, parseTime } from '../../../src/backtest/csv.js';
import { UsageError } from '../../../src/core/errors.js';

test('header names in any case and order; volume optional', () => {
  const r = parseCandlesCsv('Close,OPEN,Low,High,Date\n10,9,8,11,2024-01-02\n11,10,9,12,2024-01-03\n', 'a.csv');
  assert.deepEqual(r.candles[0], { ts: Date.UTC(2024, 0, 2), open: 9, high: 11, low: 8, close: 10, volume: 0 });
  assert.equal(r.candles.length, 2);
});

test('an unnamed first column holds the date (the pandas / Yahoo export shape)', () => {
  const r = parseCandlesCsv(',Open,High,Low,Close,Volume\n2004-08-19,100,104.06,95.96,100.34,22351900\n2004-08-20,101.01,109.08,100.5,108.31,11428600\n', 'g.csv');
  assert.equal(r.candles.length, 2);
  assert.equal(r.candles[1].ts, Date.UTC(2004, 7, 20));
  assert.equal(r.candles[1].volume, 11428600);
});

test('timestamps: epoch seconds, epoch ms, ISO datetimes with or without offset, quoted cells, CRLF', () => {
  assert.equal(parseTime('1704067200'), Date.UTC(2024, 0, 1));
  assert.equal(parseTime('1704067200000'), Date.UTC(2024, 0, 1));
  assert.equal(parseTime('2024-01-01 10:00:00'), Date.UTC(2024, 0, 1, 10));
  assert.equal(parseTime('2024-01-01T10:00:00+02:00'), Date.UTC(2024, 0, 1, 8));
  assert.equal(parseTime('01/02/2024'), undefined);
  const r = parseCandlesCsv('timestamp,open,high,low,close,volume\r\n"1704067200000","1","2","0.5","1.5","3"\r\n', 'q.csv');
  assert.equal(r.candles[0].close, 1.5);
});

test('a bad row is an error naming the file, the line, the value and the fix', () => {
  const text = 'date,open,high,low,close,volume\n2024-01-01,1,2,0.5,1.5,3\n2024-01-02,1,2,0.5,abc,3\n';
  assert.throws(() => parseCandlesCsv(text, 'p.csv'), (e: unknown) => {
    assert.ok(e instanceof UsageError);
    assert.match(e.message, /p\.csv line 3: close 'abc' is not a number — .*--skip-bad-rows/);
    return true;
  });
});

test('each kind of bad row is caught: NaN, non-positive price, high below close, negative volume, time going back, bad date', () => {
  const cases: [string, RegExp][] = [
    ['2024-01-02,1,2,0.5,NaN,1', /close 'NaN' is not a number/],
    ['2024-01-02,0,2,0.5,1,1', /prices must be > 0/],
    ['2024-01-02,1,1.2,0.5,1.5,1', /do not contain/],
    ['2024-01-02,1,2,0.5,1.5,-1', /volume -1 is negative/],
    ['2023-12-31,1,2,0.5,1.5,1', /not after the previous row/],
    ['2024-01-01,1,2,0.5,1.5,1', /not after the previous row/],
    ['yesterday,1,2,0.5,1.5,1', /date 'yesterday'/],
    ['2024-01-02,1,2,0.5', /close '' is not a number/],
  ];
  for (const [row, re] of cases) {
    assert.throws(() => parseCandlesCsv(`date,open,high,low,close,volume\n2024-01-01,1,2,0.5,1.5,3\n${row}\n`, 'x.csv'), re, row);
  }
});

test('--skip-bad-rows drops bad rows and counts them', () => {
  const text = 'date,open,high,low,close,volume\n2024-01-01,1,2,0.5,1.5,3\nbad,1,2,0.5,1.5,3\n2024-01-02,1,2,0.5,x,3\n\n2024-01-03,1,2,0.5,1.5,3\n';
  const r = parseCandlesCsv(text, 's.csv', { skipBadRows: true });
  assert.equal(r.candles.length, 2);
  assert.equal(r.skipped, 2);
  assert.match(r.problems[0], /s\.csv line 3/);
});

test('a header without the needed columns, or an empty file, is refused', () => {
  assert.throws(() => parseCandlesCsv('date,price\n2024-01-01,1\n', 'h.csv'), /no open, high, low, close column/);
  assert.throws(() => parseCandlesCsv('foo,open,high,low,close\n', 'h.csv'), /no date \(or timestamp\)/);
  assert.throws(() => parseCandlesCsv('\n\n', 'e.csv'), /empty/);
});
