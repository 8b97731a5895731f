// The grid pool: workers load the strategy once and keep the shared bars across runs on
// different bar ranges (a walk-forward's folds), and give the same metrics as in-process runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GridPool } from '../../../src/backtest/grid.js';
import { sliceBars } from '../../../src/backtest/oos.js';
import { runOne } from '../../../src/backtest/run.js';
import { BUILTIN_STRATEGIES } from '../../../src/backtest/strategies/index.js';
import { opts, TEN } from '../../helpers/backtest.js';

test('a pool loads the strategy once per worker and runs every fold on views of the same bars', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-pool-'));
  const log = join(dir, 'loads.log');
  const file = join(dir, 'counting.mjs');
  // The built-in sma, plus a line in loads.log each time a thread imports this module.
  writeFileSync(
    file,
    `import { appendFileSync } from 'node:fs';\nimport sma from ${JSON.stringify(pathToFileURL(join(process.cwd(), 'src/backtest/strategies/sma.ts')).href)};\nappendFileSync(${JSON.stringify(log)}, 'load\\n');\nexport default { ...sma, name: 'counting' };\n`,
  );
  const o = opts({ commission: 0.001 });
  const combos = [
    { fast: 2, slow: 3 },
    { fast: 2, slow: 4 },
    { fast: 3, slow: 4 },
  ];
  const pool = new GridPool(TEN, file, o, 2);
  try {
    for (const range of [[0, 7], [3, 10], [0, 10]] as const) {
      const rows = await pool.run(combos, range);
      const sma = BUILTIN_STRATEGIES.get('sma')!;
      rows.forEach((r, k) => assert.deepEqual(r.metrics, runOne(sliceBars(TEN, range[0], range[1]), sma, combos[k], o).metrics, `${JSON.stringify(combos[k])} on [${range}]`));
    }
  } finally {
    await pool.close();
    const loads = readFileSync(log, 'utf8').trim().split('\n').length;
    rmSync(dir, { recursive: true, force: true });
    assert.equal(loads, 2, 'two workers, each loading the strategy once for three folds');
  }
});
