import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tidy } from '../../../src/core/json.js';

/** The definition tidy's fast path must match exactly: the 12-significant-digit value. */
const reference = (x: number) => (Number.isFinite(x) && !Number.isInteger(x) ? Number(x.toPrecision(12)) : x);

test('tidy trims float noise to 12 significant digits', () => {
  assert.equal(tidy(0.1 + 0.2), 0.3); // 0.30000000000000004 → 0.3
  assert.equal(tidy(-(0.1 + 0.2)), -0.3);
  assert.equal(tidy(1.1 * 1.1), 1.21); // 1.2100000000000002
  assert.equal(tidy(40_000.123456789), 40_000.1234568); // 12 digits: 40000.1234568 (…789 rounds up)
  assert.equal(tidy(1e-9 / 3), 3.33333333333e-10); // below the power table: the string path
  assert.equal(tidy(123_456_789_012_345.67), 123_456_789_012_000); // 15 integer digits: kept to 12 (…012|345.67 rounds down)
});

test('tidy leaves integers, NaN and infinities alone', () => {
  for (const x of [0, -0, 7, -42, 2 ** 53, NaN, Infinity, -Infinity]) assert.ok(Object.is(tidy(x), x), String(x));
});

test('tidy equals Number(x.toPrecision(12)) on a million values across magnitudes and near the rounding halfway', () => {
  let s = 12_345;
  const rnd = () => ((s = (s * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32);
  let checked = 0;
  const check = (x: number) => {
    checked++;
    const want = reference(x);
    const got = tidy(x);
    if (!Object.is(got, want)) assert.fail(`tidy(${x}) = ${got}, toPrecision(12) gives ${want}`);
  };
  for (let i = 0; i < 1_000_000; i++) {
    const mag = Math.floor(rnd() * 40) - 20; // 10^-20 … 10^19
    const x = (rnd() - 0.5) * 2 * 10 ** mag;
    check(x);
    // Values whose 13th digit is 5 (the halfway case of the rounding), and their neighbours.
    const half = (Math.floor(rnd() * 9e11) + 1e11 + 0.5) * 10 ** (mag - 11);
    check(half);
    check(half * (1 + 2 ** -52));
    check(half * (1 - 2 ** -52));
  }
  assert.equal(checked, 4_000_000);
});
