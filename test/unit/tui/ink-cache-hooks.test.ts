// Ink's text caches, bounded by module hooks (src/tui/ink-cache-hooks.ts): the edits still match
// the installed Ink, and with the hooks registered 30,000 distinct rows measured and wrapped
// retain no more than the cap — without them the same rows stay on the heap (~16 MB here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CACHE_LIMIT, EDITS, edited } from '../../../src/tui/ink-cache-hooks.js';

const inkBuild = dirname(createRequire(import.meta.url).resolve('ink'));

test("the edits apply to the installed Ink's measure-text and wrap-text modules", () => {
  for (const tail of Object.keys(EDITS)) {
    const file = join(inkBuild, tail.replace('/ink/build/', ''));
    const out = edited(pathToFileURL(file).href, readFileSync(file, 'utf8'));
    assert.ok(out !== undefined, `${tail}: Ink's source no longer matches the edit (see ink-cache-hooks.ts)`);
    assert.match(out, new RegExp(String(CACHE_LIMIT)));
  }
  assert.equal(edited('file:///x/ink/build/measure-text.js', 'export default 1;'), undefined, 'a module that changed loads unchanged');
  assert.equal(edited('file:///x/other.js', 'cache.set(text, dimensions);'), undefined);
});

/** Heap kept (MB) after measuring and wrapping 30,000 distinct rows, with or without the hooks. */
function retained(hooks: boolean): number {
  const measure = pathToFileURL(join(inkBuild, 'measure-text.js')).href;
  const wrap = pathToFileURL(join(inkBuild, 'wrap-text.js')).href;
  const bound = new URL('../../../src/tui/bound-ink-caches.ts', import.meta.url).href;
  const script = `
    ${hooks ? `(await import(${JSON.stringify(bound)})).boundInkCaches();` : ''}
    const { default: measureText } = await import(${JSON.stringify(measure)});
    const { default: wrapText } = await import(${JSON.stringify(wrap)});
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 30000; i++) {
      const row = '  ' + i + ' cross-spot ETH/USDT  bybit spot @ ' + (3116 + i / 100) + '  bitget spot @ 3135.90  73.0302  227.6k USD  0.410  933.28 USDT  ' + i + 'ms';
      measureText(row);
      wrapText(row, 40, 'truncate-end');
    }
    gc();
    process.stdout.write(String((process.memoryUsage().heapUsed - before) / 1e6));`;
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout);
}

test('with the hooks, 30,000 distinct rows do not stay on the heap; without them they do', () => {
  const unbounded = retained(false);
  const bounded = retained(true);
  // Measured here: ~16 MB kept without the hooks (30,000 keys of ~120 characters, their
  // dimensions, the truncations and their keys), ~1.7 MB with them (at most CACHE_LIMIT of each).
  assert.ok(unbounded > 10, `without the hooks ${unbounded.toFixed(1)} MB kept (the leak this guards against)`);
  assert.ok(bounded < 4, `with the hooks ${bounded.toFixed(1)} MB kept`);
});
