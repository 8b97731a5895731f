// Start-up cost as a user feels it: `arblens --help` and a whole offline `arblens scan --demo`,
// each run as a fresh process (median of several runs).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/arblens.js', import.meta.url));
function median(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [bin, ...args], { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
    if (r.status !== 0) throw new Error(`arblens ${args.join(' ')} exited ${r.status}`);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
console.log(`startup: arblens --help median ${median(['--help'], 11).toFixed(0)} ms (11 runs)`);
console.log(`startup: arblens scan --demo median ${median(['scan', '--demo', '--quiet'], 7).toFixed(0)} ms end-to-end (7 runs)`);
