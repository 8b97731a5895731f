// Issue 18, item 16: bad command lines, config files and input files, table-driven. Each case
// runs the built CLI and checks the exit code (2 usage, 1 runtime), that stderr names the flag or
// key and the bad value and says how to fix it (` — `), that stdout is empty and that no stack
// trace is printed. Venue URLs point at a closed local port: if a case were wrongly accepted it
// would fail on that port, never reach the internet. Build first (`npx tsc -p .`).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arblens } from '../../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'arblens-bad-input-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const CLOSED = 'http://127.0.0.1:1';
const BASE_ENV = { XDG_CONFIG_HOME: join(dir, 'no-config'), HOME: dir, ARBLENS_DB: join(dir, 'none.db'), ARBLENS_BINANCE_URL: CLOSED, ARBLENS_OKX_URL: CLOSED };

interface Case {
  readonly args: string[];
  readonly env?: Record<string, string>;
  readonly code?: number;
  /** What stderr must name: the flag or key, and the bad value (as a regex fragment). */
  readonly names: RegExp;
}

const cfg = (name: string, text: string) => ({ ARBLENS_CONFIG: file(name, text) });

const CASES: Case[] = [
  // numbers: non-decimal notations, NaN, infinities, unicode digits, injection-like text
  { args: ['scan', '--demo', '--min-net', '0x10'], names: /--min-net: '0x10' is not a valid number/ },
  { args: ['scan', '--demo', '--min-net', '0b11'], names: /--min-net: '0b11'/ },
  { args: ['scan', '--demo', '--min-net', 'NaN'], names: /--min-net: 'NaN'/ },
  { args: ['scan', '--demo', '--min-net', 'Infinity'], names: /--min-net: 'Infinity'/ },
  { args: ['scan', '--demo', '--min-net', '1e400'], names: /--min-net: '1e400'/ },
  { args: ['scan', '--demo', '--min-net', '1_000'], names: /--min-net: '1_000'/ },
  { args: ['scan', '--demo', '--min-net', '５'], names: /--min-net: '５'/ },
  { args: ['scan', '--demo', '--min-net', '1;rm -rf /'], names: /--min-net: '1;rm -rf \/'/ },
  { args: ['scan', '--demo', '--min-net', '$(id)'], names: /--min-net: '\$\(id\)'/ },
  { args: ['scan', '--demo', '--min-net', '500'], names: /--min-net: '500' is out of range \(allowed: between -100 and 100\)/ },
  { args: ['scan', '--demo', '--top', '-1'], names: /--top: '-1' is out of range/ },
  { args: ['scan', '--demo', '--top', '1e9'], names: /--top: '1e9' is out of range \(allowed: between 0 and 100000\)/ },
  { args: ['scan', '--demo', '--depth', '0'], names: /--depth: '0' is out of range/ },
  { args: ['scan', '--demo', '--max-spread', '-5'], names: /--max-spread: '-5' is out of range/ },
  { args: ['scan', '--demo', '--max-notional', '1e20'], names: /--max-notional: '1e20' is out of range/ },
  { args: ['watch', '--demo', '--alert-net', 'abc'], names: /--alert-net: 'abc'/ },
  { args: ['watch', '--demo', '--speed', '-2'], names: /--speed: '-2'/ },
  { args: ['backtest', '--cash', 'NaN'], names: /--cash: 'NaN'/ },
  { args: ['backtest', '--cash', '-5'], names: /--cash: '-5' is out of range/ },
  { args: ['backtest', '--slippage', '1e6'], names: /--slippage: '1e6' is out of range/ },
  { args: ['backtest', '--commission', '5'], names: /--commission: '5'/ },
  { args: ['data', 'download', '--venue', 'binance', '--symbol', 'BTC/USDT', '--limit', '0'], names: /--limit: '0' is out of range/ },
  { args: ['data', 'download', '--venue', 'binance', '--symbol', 'BTC/USDT', '--limit', '0x100'], names: /--limit: '0x100'/ },
  // durations: ranges
  { args: ['scan', '--demo', '--funding-horizon', '99999d'], names: /--funding-horizon: '99999d' is out of range \(allowed: between 1h and 365d\)/ },
  { args: ['scan', '--demo', '--funding-horizon', '1ms'], names: /--funding-horizon: '1ms' is out of range/ },
  { args: ['scan', '--demo', '--timeout', '99h'], names: /--timeout: '99h' is out of range \(allowed: between 100ms and 10m\)/ },
  { args: ['scan', '--demo', '--max-age', '400d'], names: /--max-age: '400d' is out of range/ },
  // config file: broken JSON, schema violations
  { args: ['scan', '--venues', 'binance'], env: cfg('broken.json', '{"venues": {"binance": {"taker": 0.001}}'), names: /config file '.*broken\.json' is not valid JSON/ },
  { args: ['scan', '--venues', 'binance'], env: cfg('neg.json', '{"venues": {"binance": {"taker": -0.001}}}'), names: /venues\.binance\.taker: -0\.001 is outside \[0, 0\.1\]/ },
  { args: ['scan', '--venues', 'binance'], env: cfg('five.json', '{"venues": {"binance": {"taker": 5}}}'), names: /venues\.binance\.taker: 5 is outside \[0, 0\.1\]/ },
  { args: ['scan', '--venues', 'binance'], env: cfg('text.json', '{"venues": {"binance": {"taker": "free"}}}'), names: /venues\.binance\.taker: "free" is not a number/ },
  { args: ['scan', '--venues', 'binance'], env: cfg('typo.json', '{"venues": {"binance": {"takr": 0.001}}}'), names: /venues\.binance\.takr: unknown key — did you mean 'taker'\?/ },
  { args: ['scan', '--venues', 'binance'], env: cfg('venue.json', '{"venues": {"binanse": {}}}'), names: /venues\.binanse: unknown venue — did you mean 'binance'\?/ },
  { args: ['scan', '--venues', 'binance'], env: cfg('top.json', '{"venue": {}}'), names: /venue: unknown key — did you mean 'venues'\?/ },
  { args: ['scan', '--venues', 'binance'], env: cfg('array.json', '[1, 2]'), names: /not a JSON object/ },
  // environment fees
  { args: ['scan', '--venues', 'binance'], env: { ARBLENS_BINANCE_TAKER: '-0.001' }, names: /ARBLENS_BINANCE_TAKER='-0\.001' is not a fee fraction/ },
  { args: ['scan', '--venues', 'binance'], env: { ARBLENS_BINANCE_TAKER: '0x1' }, names: /ARBLENS_BINANCE_TAKER='0x1'/ },
  // missing and broken files
  { args: ['backtest', '--data', join(dir, 'missing.csv')], names: /--data '.*missing\.csv': cannot read it/ },
  { args: ['backtest', '--data', file('broken.csv', 'date,open,high,low,close,volume\n2024-01-01,1,2,x,1,1\n')], names: /broken\.csv line 2: low 'x' is not a number/ },
  { args: ['watch', '--replay', join(dir, 'missing.db')], names: /--replay: no store at '.*missing\.db'/ },
];

for (const c of CASES) {
  test(`bad input: arblens ${c.args.join(' ')}${c.env ? ` with ${Object.keys(c.env).join(',')}` : ''}`, () => {
    const r = arblens(c.args, { ...BASE_ENV, ...c.env });
    assert.equal(r.code, c.code ?? 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, c.names);
    assert.match(r.stderr, / — /, `no fix named:\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at |\.ts:\d+|\.js:\d+/, 'stack trace');
  });
}

test('a valid value next to each refused one is accepted (the checks bite only on bad input)', () => {
  const r = arblens(['scan', '--demo', '--min-net', '0.01', '--funding-horizon', '7d', '--top', '3', '--json'], BASE_ENV);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(Array.isArray(JSON.parse(r.stdout)));
});
