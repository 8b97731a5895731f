// The rule of the house, enforced: imports point down (cli → tui/serve → app →
// backtest/export/retail → venues/engine/store → core), never sideways, and no circles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error — a plain .mjs script without type declarations
import { checkImports } from '../../../scripts/check-imports.mjs';

const check = checkImports as (src: string) => string[];
const SRC = fileURLToPath(new URL('../../../src', import.meta.url));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'arblens-imports-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

test('src/ follows the one-way rule and has no import circle', () => {
  assert.deepEqual(check(SRC), []);
});

test('a planted wrong-way import is caught (static and dynamic), naming both files', () => {
  const root = tree({
    'core/types.ts': "import { x } from '../cli/main.js';\nexport const y = x;\n",
    'venues/a.ts': "export async function f() { return import('../engine/walk.js'); }\n",
    'engine/walk.ts': 'export const w = 1;\n',
    'cli/main.ts': "import { y } from '../core/types.js';\nexport const x = y;\n",
  });
  try {
    const problems = check(root);
    assert.ok(problems.some((p) => p.startsWith('core/types.ts imports cli/main.ts') && p.includes('points up')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('venues/a.ts imports engine/walk.ts') && p.includes('sideways')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('import circle:') && p.includes('core/types.ts') && p.includes('cli/main.ts')), problems.join('\n'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a circle inside one folder is caught too; downward imports pass', () => {
  const root = tree({
    'engine/a.ts': "import { b } from './b.js';\nexport const a = b;\n",
    'engine/b.ts': "import { a } from './a.js';\nexport const b = a;\n",
    'app/run.ts': "import { a } from '../engine/a.js';\nexport const r = a;\n",
  });
  try {
    const problems = check(root);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], /^import circle: engine\/(a|b)\.ts → engine\/(a|b)\.ts/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
