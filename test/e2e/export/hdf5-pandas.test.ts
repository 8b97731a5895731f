// HDF5 into pandas through the README's recipe — the very code block, extracted and run by
// python3 — on files written by the built CLI: strings come back as str, timestamps as UTC
// datetimes (null → NaT), and the frame re-saved in PyTables' "table" layout reads back with
// pd.read_hdf. Skipped, with the reason printed, where python3 lacks h5py, pandas or tables;
// the layout the recipe relies on (column order attribute, UTF-8 strings) is checked with
// h5dump wherever it is installed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { addQuotes, makeStore, NASTY, seedOtherTables } from '../../helpers/export-fixture.js';
import { arblens, hasCommand, ROOT } from '../../helpers/cli.js';

const py = spawnSync('python3', ['-c', 'import h5py, pandas, tables'], { encoding: 'utf8' });
const noPandas = py.status !== 0 && `python3 with h5py, pandas and tables is needed (${(py.stderr || py.error?.message || '').trim().split('\n').pop()})`;
if (noPandas) process.stderr.write(`hdf5-pandas: skipped — ${noPandas}\n`);

let dir: string;
let out: string;

/** The recipe as the README prints it, pointed at our file and table. */
function recipe(path: string, table: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = /<!-- hdf5-recipe -->\n```python\n([\s\S]*?)```/.exec(readme);
  assert.ok(m, 'README has the hdf5 recipe block');
  return m[1].replace('"exports/quotes.h5", "quotes"', `${JSON.stringify(path)}, ${JSON.stringify(table)}`).replace('"quotes.pandas.h5", key="quotes"', `${JSON.stringify(path + '.pd.h5')}, key=${JSON.stringify(table)}`).replace('pd.read_hdf("quotes.pandas.h5", "quotes")', `pd.read_hdf(${JSON.stringify(path + '.pd.h5')}, ${JSON.stringify(table)})`);
}

/** Runs the recipe, then prints what the test checks as JSON. */
function runRecipe(path: string, table: string, check: string): Record<string, unknown> {
  const script = join(dir, `${table}.py`);
  writeFileSync(script, `${recipe(path, table)}\nimport json as _j\n${check}\n`);
  const r = spawnSync('python3', [script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'arblens-hdf5-pandas-'));
  const db = join(dir, 'store.db');
  const s = makeStore(db);
  addQuotes(s, 60, { nullEvery: 7 });
  seedOtherTables(s);
  s.close();
  out = join(dir, 'h5') + '/';
  const r = arblens(['export', '--db', db, '--table', 'all', '--format', 'hdf5', '-o', out]);
  assert.equal(r.code, 0, r.stderr);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('HDF5 → pandas (README recipe)', () => {
  it('quotes: the recipe result and pd.read_hdf of its table layout agree; strings are str', { skip: noPandas }, () => {
    const got = runRecipe(join(out, 'quotes.h5'), 'quotes', `
back = df  # the recipe ends with pd.read_hdf of the re-saved table
raw = read_arblens_h5(${JSON.stringify(join(out, 'quotes.h5'))}, "quotes")
print(_j.dumps({
  "columns": list(back.columns), "rows": len(back),
  "venue_type": type(back["venue"].iloc[0]).__name__, "venues": sorted(set(back["venue"])),
  "ts_dtype": str(back["venue_ts"].dtype), "first_ts": back["venue_ts"].iloc[0].isoformat(),
  "null_bids": int(back["bid"].isna().sum()), "same": bool(back.equals(raw)),
}))`);
    assert.deepEqual(got.columns, ['id', 'venue', 'symbol', 'market', 'venue_ts', 'local_ts', 'bid', 'bid_size', 'ask', 'ask_size']);
    assert.equal(got.rows, 60);
    assert.equal(got.venue_type, 'str');
    assert.deepEqual(got.venues, ['binance', 'bybit', 'okx']);
    assert.equal(got.ts_dtype, 'datetime64[ms, UTC]');
    assert.equal(got.first_ts, '2026-11-21T00:00:00+00:00'); // T0, the fixture's first quote
    assert.equal(got.null_bids, 9); // k = 0, 7, …, 56: nine of 60 rows (nullEvery 7)
    assert.equal(got.same, true);
  });

  it('unicode text, null times and bool columns survive; JSON leaves are columns', { skip: noPandas }, () => {
    const got = runRecipe(join(out, 'backtest-runs.h5'), 'backtest_runs', `
print(_j.dumps({"source": df["source"].iloc[0], "sharpe": float(df["metrics.sharpe"].iloc[0]), "params": _j.loads(df["params"].iloc[0])}))`);
    assert.equal(got.source, NASTY);
    assert.equal(got.sharpe, 1.2);
    assert.deepEqual(got.params, { fast: 5, slow: 20 });
    const trades = runRecipe(join(out, 'backtest-trades.h5'), 'backtest_trades', `
print(_j.dumps({"exit": [None if x is None or str(x) == "NaT" else x.isoformat() for x in df["exit_time"]], "bool": str(df["closed_at_end"].dtype)}))`);
    assert.deepEqual(trades.exit, ['2026-11-21T00:01:00+00:00', null]);
    assert.equal(trades.bool, 'bool');
  });

  it('h5dump sees the layout the recipe relies on: column order attribute, UTF-8 strings', { skip: !hasCommand('h5dump') && 'h5dump not installed' }, () => {
    const r = spawnSync('h5dump', ['-a', '/quotes/columns', join(out, 'quotes.h5')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\[\\?"id\\?",\\?"venue\\?"/);
    const v = spawnSync('h5dump', ['-H', '-d', '/quotes/venue', join(out, 'quotes.h5')], { encoding: 'utf8' });
    assert.match(v.stdout, /CSET H5T_CSET_UTF8/);
  });
});
