import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tidy } from '../../../src/core/json.js';
import { writeTidyNumber } from '../../../src/core/json-bytes.js';

/** The definition: what JSON.stringify writes for the tidied number (null when not finite). */
const reference = (x: number) => JSON.stringify(tidy(x));
const buf = Buffer.alloc(64);
const written = (x: number, at = 3) => {
  buf.fill(0x7e);
  const end = writeTidyNumber(buf, at, x);
  // Nothing written outside [at, end).
  assert.equal(buf[at - 1], 0x7e);
  assert.equal(buf[end], 0x7e);
  return buf.toString('latin1', at, end);
};

test('numbers written as bytes read as the NDJSON lines write them', () => {
  assert.equal(written(0.1 + 0.2), '0.3'); // 0.30000000000000004 tidied
  assert.equal(written(3115.7457022000003), '3115.7457022');
  assert.equal(written(-1407.01292623), '-1407.01292623');
  assert.equal(written(0.000001234), '0.000001234'); // fixed notation from 10^-6
  assert.equal(written(1e-9 / 3), '3.33333333333e-10'); // exponent form below it, as String() writes
  assert.equal(written(999.9999999999999), '1000'); // rounds up to an integer
  assert.equal(written(1796061528178), '1796061528178');
  assert.equal(written(-0), '0');
  assert.equal(written(2 ** 53), '9007199254740992');
  assert.equal(written(1e21), '1e+21');
  for (const x of [NaN, Infinity, -Infinity]) assert.equal(written(x), 'null');
});

test('a million values across magnitudes, integers and the rounding halfway: the same text as JSON.stringify(tidy(x))', () => {
  let s = 4_242;
  const rnd = () => ((s = (s * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32);
  const check = (x: number) => {
    const got = written(x);
    if (got !== reference(x)) assert.fail(`writeTidyNumber(${x}) wrote ${got}, JSON.stringify(tidy(x)) gives ${reference(x)}`);
  };
  for (let i = 0; i < 1_000_000; i++) {
    const mag = Math.floor(rnd() * 46) - 23; // 10^-23 … 10^22
    const x = (rnd() - 0.5) * 2 * 10 ** mag;
    check(x);
    check(Math.round(x));
    // Values whose 13th digit is 5 (tidy's halfway case) and their neighbours.
    const half = (Math.floor(rnd() * 9e11) + 1e11 + 0.5) * 10 ** (mag - 11);
    check(half);
    check(half * (1 + 2 ** -52));
    check(-half * (1 - 2 ** -52));
    // Prices and sizes as venues quote them: a few decimals, times a fee rate.
    check((Math.floor(rnd() * 1e7) / 100) * 1.001);
  }
});
