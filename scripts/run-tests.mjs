// Builds once (end-to-end tests run the compiled CLI as a user would), then runs every
// test/**/*.test.ts file with node's own test runner; TypeScript is loaded through tsx.
// Node 20's --test takes no globs, so the files are listed here. Extra args filter by path.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function find(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...find(p));
    else if (/\.test\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

const build = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const files = find(join(root, 'test')).filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
// Tests that count requests must not be served from a market cache left by an earlier test;
// the cache has its own test, which turns it back on in a temporary folder.
const env = { ...process.env, ARBLENS_MARKET_CACHE_TTL: process.env.ARBLENS_MARKET_CACHE_TTL ?? '0' };
// A test that hangs fails after 2 minutes instead of holding CI for its whole time budget; a file
// whose tests are done but that leaves a handle open still ends (leaks have their own tests).
const guards = ['--test-timeout=120000', '--test-force-exit'];
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...guards, ...files], { stdio: 'inherit', cwd: root, env });
process.exit(run.status ?? 1);
