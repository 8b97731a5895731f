// Writing a strategy of your own, as a user does: `arblens new strategy`, the `arblens/strategy`
// types in a folder outside the repository, a runtime error that says where and when, a .js file
// in a CommonJS folder, and the venue's taker fee as the commission. Needs `npx tsc -p .` first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../helpers/cli.js';
import { emitApiDeclarations } from '../../helpers/backtest-api.js';

const dir = mkdtempSync(join(tmpdir(), 'arblens-author-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const csv = join(ROOT, 'test/fixtures/backtest/ten-bars.csv');

function run(args: string[], cwd = dir) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/arblens.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, ARBLENS_DB: join(dir, 'store.db'), NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A user's folder: CommonJS (no "type"), arblens installed as a dependency (a link here). */
function userFolder(name: string): string {
  const d = join(dir, name);
  mkdirSync(join(d, 'node_modules'), { recursive: true });
  writeFileSync(join(d, 'package.json'), JSON.stringify({ name, private: true }));
  symlinkSync(ROOT, join(d, 'node_modules', 'arblens'));
  writeFileSync(join(d, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, skipLibCheck: false, types: [] } }));
  return d;
}

test('the published declarations are the ones the sources emit', () => {
  for (const [file, text] of emitApiDeclarations()) {
    const committed = readFileSync(join(ROOT, 'strategies/api', file), 'utf8').replace(/^\/\/ Generated.*\n/, '');
    assert.equal(committed, text, `strategies/api/${file} is stale: regenerate it from src/backtest (see test/helpers/backtest-api.ts)`);
  }
});

test('a copied strategies/example.ts and a `new strategy` template type-check in a folder of the user, and run', () => {
  const d = userFolder('my-strats');
  copyFileSync(join(ROOT, 'strategies/example.ts'), join(d, 'example.ts'));
  const made = run(['new', 'strategy', 'my-strat.ts'], d);
  assert.equal(made.code, 0, made.err);
  assert.match(readFileSync(join(d, 'my-strat.ts'), 'utf8'), /from 'arblens\/strategy'/);
  assert.equal(run(['new', 'strategy', 'my-strat.ts'], d).code, 2, 'refuses to overwrite');
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', d], { encoding: 'utf8' });
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  // A deliberate type error is caught, so the check above checked something.
  writeFileSync(join(d, 'wrong.ts'), "import type { Strategy } from 'arblens/strategy';\nconst s: Strategy = { name: 'w', params: {}, init: () => null, next: (ctx) => ctx.buy({ sizee: 1 }) };\nexport default s;\n");
  const bad = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', d], { encoding: 'utf8' });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stdout, /sizee/);
  rmSync(join(d, 'wrong.ts'));
  const r = run(['backtest', '--data', csv, '--strategy', './my-strat.ts', '--param', 'fast=2', '--param', 'slow=3', '--no-save', '--json'], d);
  assert.equal(r.code, 0, r.err);
  assert.equal(JSON.parse(r.out).strategy, 'my-strat');
});

test('a runtime error in a user strategy prints file:line, the bar and its time, and the message — no stack', () => {
  const d = userFolder('broken');
  writeFileSync(
    join(d, 'broken.ts'),
    ["import type { BarContext, Strategy } from 'arblens/strategy';", 'const s: Strategy<null> = {', "  name: 'broken', params: {}, init: () => null,", '  next(ctx: BarContext<null>) {', '    const table: Record<number, { price: number }> = {};', '    if (ctx.i === 4) console.log(table[ctx.i].price);', '  },', '};', 'export default s;', ''].join('\n'),
  );
  const r = run(['backtest', '--data', csv, '--strategy', './broken.ts', '--no-save'], d);
  assert.equal(r.code, 1);
  // bar 4 of ten-bars.csv is 2024-01-05; the throwing line is line 6 of broken.ts.
  assert.match(r.err, /strategy 'broken' failed at bar 4 \(2024-01-05T00:00:00\.000Z\) — .*broken\.ts:6\b.*: TypeError: Cannot read properties of undefined \(reading 'price'\)/);
  assert.ok(r.err.length < 400, `short message, got ${r.err.length} chars`);
  assert.doesNotMatch(r.err, /data:text|\n\s+at /);
});

test('a .js strategy in a CommonJS folder loads (ESM syntax or module.exports)', () => {
  const d = userFolder('plain-js');
  writeFileSync(join(d, 'esm.js'), "export default { name: 'esm-js', params: {}, next(ctx) { if (ctx.i === 1) ctx.buy(); } };\n");
  writeFileSync(join(d, 'cjs.js'), "module.exports = { name: 'cjs-js', params: {}, next(ctx) { if (ctx.i === 1) ctx.buy(); } };\n");
  for (const f of ['esm.js', 'cjs.js']) {
    const r = run(['backtest', '--data', csv, '--strategy', `./${f}`, '--no-save', '--json'], d);
    assert.equal(r.code, 0, r.err);
    // buy on bar 1 → bar 2 open 104, held to the end (close 102): 10,000 / 104 × 102
    assert.ok(Math.abs(JSON.parse(r.out).metrics.equityFinal - (10_000 / 104) * 102) < 1e-6);
  }
});

test('--commission venue uses the venue taker fee of stored candles and prints the costs used', () => {
  const imp = run(['data', 'import', csv, '--venue', 'binance', '--symbol', 'XYZ/USDT', '--timeframe', '1d']);
  assert.equal(imp.code, 0, imp.err);
  const r = run(['backtest', '--venue', 'binance', '--symbol', 'XYZ/USDT', '--timeframe', '1d', '--strategy', 'sma', '--param', 'fast=2', '--param', 'slow=3', '--commission', 'venue', '--no-save', '--json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  // Binance's published spot taker fee is 0.1 % (src/venues/registry.ts).
  assert.equal(j.costs.commission, 0.001);
  assert.match(j.costs.commissionSource, /binance spot taker fee \(published\)/);
  const table = run(['backtest', '--venue', 'binance', '--symbol', 'XYZ/USDT', '--timeframe', '1d', '--strategy', 'sma', '--param', 'fast=2', '--param', 'slow=3', '--commission', 'venue', '--no-save']);
  assert.match(table.out, /costs: commission 0\.1 % of notional per fill \(binance spot taker fee \(published\)\), fixed 0 per fill, slippage 0 bps/);
  const noVenue = run(['backtest', '--data', csv, '--commission', 'venue', '--no-save']);
  assert.equal(noVenue.code, 2);
  assert.match(noVenue.err, /--commission: 'venue' takes the fee of the venue the candles come from, and no --venue is given — add --venue/);
});
