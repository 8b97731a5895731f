// The config file's schema (app/config-schema.ts) and loadConfig's use of it: types, ranges,
// unknown keys named with a suggestion; a fee outside [0, 0.1] or not a number is an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configProblems } from '../../../src/app/config-schema.js';
import { loadConfig } from '../../../src/app/config.js';
import { UsageError } from '../../../src/core/errors.js';

const VENUES = ['binance', 'okx', 'kalshi'];

test('a valid file has no problems', () => {
  assert.deepEqual(configProblems({ venues: { binance: { taker: 0.00075, maker: 0, url: 'https://proxy.example/b', apiKey: 'k' }, kalshi: { maxMarkets: 500, verbose: true } }, keepa: { key: 'abc' } }, VENUES), []);
});

const BAD: [string, unknown, RegExp][] = [
  ['negative taker fee', { venues: { binance: { taker: -0.001 } } }, /^venues\.binance\.taker: -0\.001 is outside \[0, 0\.1\] — use a fraction/],
  ['fee of 5', { venues: { okx: { maker: 5 } } }, /^venues\.okx\.maker: 5 is outside \[0, 0\.1\]/],
  ['non-numeric fee', { venues: { okx: { taker: 'cheap' } } }, /^venues\.okx\.taker: "cheap" is not a number/],
  ['fee as a numeric string', { venues: { okx: { taker: '0.001' } } }, /^venues\.okx\.taker: "0\.001" is not a number/],
  ['unknown venue with a suggestion', { venues: { binanse: {} } }, /^venues\.binanse: unknown venue — did you mean 'binance'\?/],
  ['unknown venue key with a suggestion', { venues: { binance: { takr: 0.001 } } }, /^venues\.binance\.takr: unknown key — did you mean 'taker'\?/],
  ['unknown top-level key', { venue: {} }, /^venue: unknown key — did you mean 'venues'\?/],
  ['bad URL', { venues: { okx: { url: 'ftp//x' } } }, /^venues\.okx\.url: 'ftp\/\/x' is not a URL/],
  ['maxMarkets not a whole number', { venues: { kalshi: { maxMarkets: 2.5 } } }, /^venues\.kalshi\.maxMarkets: 2\.5 is not a whole number/],
  ['venues not an object', { venues: [] }, /^venues: \[\] is not an object/],
  ['not an object at all', [1, 2], /not a JSON object/],
];
for (const [what, cfg, expected] of BAD) {
  test(`config problem: ${what}`, () => {
    const p = configProblems(cfg, VENUES);
    assert.equal(p.length, 1, p.join('\n'));
    assert.match(p[0], expected);
  });
}

test('loadConfig refuses a schema violation as a usage error naming the file, the key, the value and the fix', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-cfg-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'arblens.config.json');
  writeFileSync(path, JSON.stringify({ venues: { binance: { taker: -0.5, makr: 0.001 } } }));
  assert.throws(
    () => loadConfig({ ARBLENS_CONFIG: path, XDG_CONFIG_HOME: dir }, dir),
    (err: unknown) => err instanceof UsageError && err.exitCode === 2 && err.message === `config file '${path}': venues.binance.taker: -0.5 is outside [0, 0.1] — use a fraction in [0, 0.1], e.g. 0.001 for 0.1 % (and 1 more: venues.binance.makr)`,
  );
});
