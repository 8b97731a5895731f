// Runs every bench/*.ts (or those whose name contains an argument), one process each, so one
// benchmark's heap and JIT state never colour another's figure. Each prints its own figures.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);
const build = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
let failed = 0;
for (const name of readdirSync(join(root, 'bench')).filter((n) => /\.bench\.ts$/.test(n)).sort()) {
  if (filters.length && !filters.some((f) => name.includes(f))) continue;
  console.log(`\n## ${name}`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(root, 'bench', name)], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
