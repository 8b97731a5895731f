import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RowBinaryReader, type WireColumn } from '../../../src/export/clickhouse-binary.js';
import type { Batch } from '../../../src/export/schema.js';

// RowBinary bytes written out by hand: little-endian numbers, Nullable = flag byte (1 = null)
// then the value when present, String = LEB128 length then UTF-8.
const i32 = (v: number) => Buffer.from(new Int32Array([v]).buffer);
const i64 = (v: number) => Buffer.from(new BigInt64Array([BigInt(v)]).buffer);
const u64 = (v: number) => Buffer.from(new BigUint64Array([BigInt(v)]).buffer);
const f64 = (v: number) => Buffer.from(new Float64Array([v]).buffer);
const nul = (b: Buffer | null) => (b === null ? Buffer.from([1]) : Buffer.concat([Buffer.from([0]), b]));
function str(s: string): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  const len: number[] = [];
  let n = bytes.length;
  do {
    len.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  return Buffer.concat([Buffer.from(len), bytes]);
}

/** Rows of a batch as plain values (codes as numbers, nulls as null). */
function rowsOf(batches: Batch[]): unknown[][] {
  const out: unknown[][] = [];
  for (const b of batches)
    for (let i = 0; i < b.length; i++)
      out.push(b.columns.map((c) => (c.kind === 'codes' ? (c.codes[i] < 0 ? null : c.codes[i]) : c.kind === 'strings' ? c.values[i] : c.valid && !c.valid[i] ? null : c.values[i])));
  return out;
}

function readAll(wires: WireColumn[], chunks: Buffer[], batchSize = 1000, dedupe: number[] = []) {
  const r = new RowBinaryReader(wires, batchSize, dedupe);
  const batches = chunks.flatMap((c) => r.push(c));
  const last = r.end();
  if (last) batches.push(last);
  return { batches, rows: rowsOf(batches), reader: r };
}

// Rows of any shape (strings, null flags): decoded row by row.
const wires: WireColumn[] = [
  { wire: 'i32', codes: true },
  { wire: 'i64' },
  { wire: 'u64' },
  { wire: 'f64', null: 'flag' },
  { wire: 'str', null: 'flag' },
  { wire: 'i64', null: 'flag' },
];
const long = 'é'.repeat(100); // 200 UTF-8 bytes: a two-byte LEB128 length
const rows = [
  [2, 1_700_000_000_123, 9_007_199_254_740_991, 100.25, 'okx', -5],
  [0, -1_700_000_000_123, 0, null, null, null],
  [1, 0, 4_294_967_296, -0.5, long, 2 ** 40],
];
const encode = (r: (string | number | null)[]) =>
  Buffer.concat([i32(r[0] as number), i64(r[1] as number), u64(r[2] as number), nul(r[3] === null ? null : f64(r[3] as number)), nul(r[4] === null ? null : str(r[4] as string)), nul(r[5] === null ? null : i64(r[5] as number))]);
const body = Buffer.concat(rows.map(encode));

test('RowBinary rows (strings, Nullable flags) decode into typed columns: codes, Int64 (negative, above 2^32), UInt64 up to 2^53, nullable floats, strings, ints', () => {
  const { rows: got, batches } = readAll(wires, [body]);
  assert.deepEqual(got, rows);
  assert.equal(batches[0].columns[0].kind, 'codes');
  assert.ok(batches[0].columns[1].kind === 'num' && batches[0].columns[1].values instanceof Float64Array);
});

test('a body cut anywhere — inside a number, a null flag, a string length or its bytes — decodes the same', () => {
  for (let cut = 1; cut < body.length; cut++) {
    const { rows: got } = readAll(wires, [body.subarray(0, cut), body.subarray(cut)]);
    assert.deepEqual(got, rows, `cut at byte ${cut}`);
  }
  // One byte at a time.
  assert.deepEqual(readAll(wires, [...body].map((b) => Buffer.from([b]))).rows, rows);
});

test('rows regroup into batches of the asked size; a batch handed out is not overwritten by later rows', () => {
  const many = Array.from({ length: 7 }, (_, i) => [i % 3, i, i, i / 2, `s${i}`, null]);
  const { batches, rows: got } = readAll(wires, [Buffer.concat(many.map(encode))], 3);
  assert.deepEqual(batches.map((b) => b.length), [3, 3, 1]);
  assert.deepEqual(got, many);
});

// Fixed-width rows (no strings, nulls as stand-ins: NaN, -2^63): decoded column by column.
const fixed: WireColumn[] = [{ wire: 'i32', codes: true }, { wire: 'i64' }, { wire: 'u64' }, { wire: 'f64', null: 'sentinel' }, { wire: 'i64', null: 'sentinel' }];
const fixedRows = [
  [2, 1_700_000_000_123, 9_007_199_254_740_991, 100.25, -5],
  [0, -1_700_000_000_123, 0, null, null],
  [1, 0, 4_294_967_296, -0.5, 2 ** 40],
];
const encodeFixed = (r: (number | null)[]) => Buffer.concat([i32(r[0]!), i64(r[1]!), u64(r[2]!), f64(r[3] ?? NaN), i64(r[4] ?? -(2 ** 63))]);
const fixedBody = Buffer.concat(fixedRows.map(encodeFixed));

test('fixed-width rows decode column by column: NaN and -2^63 stand for null; any cut decodes the same', () => {
  assert.deepEqual(readAll(fixed, [fixedBody]).rows, fixedRows);
  for (let cut = 1; cut < fixedBody.length; cut++) assert.deepEqual(readAll(fixed, [fixedBody.subarray(0, cut), fixedBody.subarray(cut)]).rows, fixedRows, `cut at byte ${cut}`);
  const many = Array.from({ length: 7 }, (_, i) => [i % 3, i, i, i / 2, i % 2 ? null : i]);
  const { batches, rows: got } = readAll(fixed, [Buffer.concat(many.map(encodeFixed))], 3);
  assert.deepEqual(batches.map((b) => b.length), [3, 3, 1]);
  assert.deepEqual(got, many);
});

test('a body that ends inside a row is an error, not a shorter export', () => {
  for (const [w, b] of [[wires, body], [fixed, fixedBody]] as const) {
    const r = new RowBinaryReader(w, 10);
    r.push(b.subarray(0, b.length - 3));
    assert.throws(() => r.end(), /ended inside a row \(\d+ bytes left over\)/);
  }
});

test('dedupe: a row equal to the previous one on the key columns is dropped, across batch and chunk boundaries; other columns do not count', () => {
  // The same rows with a null flag (row by row) and with a NaN stand-in (fixed width, column runs).
  for (const shape of ['flag', 'sentinel'] as const) {
    const w: WireColumn[] = [{ wire: 'i64' }, { wire: 'i32', codes: true }, { wire: 'f64', null: shape }];
    const enc = (ts: number, rec: number, v: number | null) => Buffer.concat([i64(ts), i32(rec), shape === 'flag' ? nul(v === null ? null : f64(v)) : f64(v ?? NaN)]);
    // (5, 0) twice, (5, 1), (6, 1) three times, (5, 0) again later (not adjacent: kept).
    const parts = [enc(5, 0, 1), enc(5, 0, 1), enc(5, 1, 2), enc(6, 1, null), enc(6, 1, null), enc(6, 1, null), enc(5, 0, 1)];
    for (const cut of [1, 3, 4, 6]) {
      const { rows: got, reader } = readAll(w, [Buffer.concat(parts.slice(0, cut)), Buffer.concat(parts.slice(cut))], 2, [0, 1]);
      assert.deepEqual(got, [[5, 0, 1], [5, 1, 2], [6, 1, null], [5, 0, 1]], `${shape}, cut after row ${cut}`);
      assert.equal(reader.duplicates, 3);
    }
  }
});

test('a name sent as text is coded with the dictionary while decoding (-1 when absent)', () => {
  const w: WireColumn[] = [{ wire: 'str', dictionary: new Map([['binance', 0], ['okx', 1]]) }];
  const { rows: got, batches } = readAll(w, [Buffer.concat([str('okx'), str('binance'), str('kraken')])]);
  assert.equal(batches[0].columns[0].kind, 'codes');
  assert.deepEqual(got, [[1], [0], [null]]);
});
