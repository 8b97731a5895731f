// Every usage error, commander's own included: one line `arblens: <flag>: <what> — <fix>` on
// stderr, exit 2, nothing on stdout, no stack trace. One row per case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arblens, assertUsageError } from '../../helpers/cli.js';

const CASES: { args: string[]; flag: string; fragment: RegExp }[] = [
  // durations need a unit
  { args: ['scan', '--demo', '--max-age', '30'], flag: '--max-age', fragment: /'30' has no unit — add one, e\.g\. 30s/ },
  { args: ['watch', '--demo', '--cooldown', '5'], flag: '--cooldown', fragment: /no unit/ },
  { args: ['scan', '--demo', '--timeout', 'soon'], flag: '--timeout', fragment: /is not a duration — use e\.g\. 500ms, 30s/ },
  { args: ['scan', '--demo', '--funding-horizon', '-1h'], flag: '--funding-horizon', fragment: /is not a duration/ },
  // dates: impossible days, garbage
  { args: ['stats', '--from', '2024-02-30'], flag: '--from', fragment: /'2024-02-30' is not a calendar date/ },
  { args: ['stats', '--from', '2023-02-29'], flag: '--from', fragment: /not a calendar date/ },
  { args: ['stats', '--from', '2024-13-01'], flag: '--from', fragment: /not a calendar date/ },
  { args: ['data', 'download', '--venue', 'binance', '--symbol', 'BTC/USDT', '--to', 'last tuesday'], flag: '--to', fragment: /is not a date — use e\.g\. 2024-01-31.*-7d, yesterday or today/ },
  // numbers and choices
  { args: ['scan', '--demo', '--top', 'abc'], flag: '--top', fragment: /'abc' is not a valid number/ },
  { args: ['scan', '--demo', '--top', '2.5'], flag: '--top', fragment: /not a whole number/ },
  { args: ['scan', '--demo', '--min-net', ''], flag: '--min-net', fragment: /is not a valid number/ },
  { args: ['watch', '--demo', '--fps', '50'], flag: '--fps', fragment: /between 1 and 10/ },
  { args: ['scan', '--demo', '--kinds', 'cross-spto'], flag: '--kinds', fragment: /did you mean 'cross-spot'/ },
  { args: ['scan', '--demo', '--format', 'xml'], flag: '--format', fragment: /'xml' is not one of table, plain, tsv, json, ndjson/ },
  { args: ['scan', '--demo', '--format', 'tsv', '--json'], flag: '--format', fragment: /pick one/ },
  { args: ['scan', '--demo', '--value-in', 'U$D'], flag: '--value-in', fragment: /not a currency code/ },
  { args: ['scan', '--demo', '--fx', 'GBP'], flag: '--fx', fragment: /not CURRENCY=rate/ },
  // commander's own errors, restyled
  { args: ['scan', '--market', 'bonds'], flag: '--market', fragment: /'bonds' is not one of all, spot, perp, prediction — e\.g\. --market all/ },
  { args: ['scan', '--top'], flag: '--top', fragment: /needs a value — e\.g\. --top <n>/ },
  { args: ['scan', '--tpo', '3'], flag: '--tpo', fragment: /unknown option — did you mean --top\?/ },
  { args: ['scan', '--frobnicate'], flag: '--frobnicate', fragment: /unknown option — see --help/ },
  { args: ['scna'], flag: 'scna', fragment: /unknown command — did you mean scan\?/ },
  { args: ['scan', 'BTC/USDT'], flag: 'scan', fragment: /1 argument\(s\) given, 0 expected — flags start with --/ },
  // command-level checks
  { args: ['watch', '--demo', '--replay', 'x.db'], flag: '--replay', fragment: /cannot be used with --demo — pick one source/ },
  { args: ['watch', '--demo', '--tick', '5ms'], flag: '--tick', fragment: /too short/ },
  { args: ['completion', 'powershell'], flag: '<shell>', fragment: /'powershell' is not one of bash, zsh, fish/ },
];

for (const c of CASES) {
  test(`usage error: arblens ${c.args.join(' ')}`, () => {
    const r = arblens(c.args, { HOME: '/tmp/arblens-usage-home', ARBLENS_DB: '/tmp/arblens-usage-home/none.db' });
    assertUsageError(r, c.flag, c.fragment);
  });
}

test('bare `arblens` and a bare group command: help on stdout, exit 0', () => {
  for (const args of [[], ['data']]) {
    const r = arblens(args);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Usage: arblens/);
    assert.equal(r.stderr, '');
  }
});

test('--debug is accepted anywhere and does not change a usage error', () => {
  const r = arblens(['scan', '--debug', '--max-age', '30']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^arblens: --max-age: /);
});
