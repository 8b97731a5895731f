import { test } from 'node:test';
import assert from 'node:assert/strict';
import { duration, parseWhen, toDate } from '../../../src/cli/parse.js';
import { restyleCommanderError } from '../../../src/cli/usage-error.js';

const NOW = Date.UTC(2026, 10, 30, 15, 30); // 2026-11-30T15:30Z

test('durations: a unit is required, 0 alone is fine', () => {
  assert.equal(duration('--x')('30s'), 30_000);
  assert.equal(duration('--x')('0'), 0);
  assert.throws(() => duration('--x')('30'), /--x: '30' has no unit — add one, e\.g\. 30s/);
});

test('dates: relative forms against a fixed now; impossible days refused', () => {
  assert.equal(parseWhen('--from', '-7d', NOW), NOW - 7 * 86_400_000);
  assert.equal(parseWhen('--from', 'today', NOW), Date.UTC(2026, 10, 30));
  assert.equal(parseWhen('--from', 'yesterday', NOW), Date.UTC(2026, 10, 29));
  assert.equal(parseWhen('--from', '2024-02-29', NOW), Date.UTC(2024, 1, 29));
  assert.throws(() => parseWhen('--from', '2024-02-30', NOW), /not a calendar date/);
  // a datetime without a zone is UTC, as documented
  assert.equal(parseWhen('--from', '2024-03-01T12:00:00', NOW), Date.UTC(2024, 2, 1, 12));
});

test('the --to rule: exclusive; a bare date (or today / yesterday) reaches the end of that day', () => {
  assert.equal(parseWhen('--to', '2024-12-31', NOW, true), Date.UTC(2025, 0, 1));
  assert.equal(parseWhen('--to', '2024-12-31T12:00:00Z', NOW, true), Date.UTC(2024, 11, 31, 12));
  assert.equal(parseWhen('--to', 'today', NOW, true), Date.UTC(2026, 11, 1));
  assert.equal(parseWhen('--to', 'yesterday', NOW, true), Date.UTC(2026, 10, 30));
  assert.equal(typeof toDate()('2024-01-01'), 'number');
});

test("commander's messages in the house style", () => {
  assert.equal(restyleCommanderError("error: unknown option '--tpo'\n(Did you mean --top?)"), 'arblens: --tpo: unknown option — did you mean --top?');
  assert.equal(restyleCommanderError("error: option '-o, --out <file>' argument missing"), 'arblens: --out: needs a value — e.g. --out <file>');
  assert.equal(restyleCommanderError("error: option '--feed <kind>' argument 'x' is invalid. Allowed choices are books, tops."), "arblens: --feed: 'x' is not one of books, tops — e.g. --feed books");
});
