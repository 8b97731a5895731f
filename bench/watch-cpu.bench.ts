// CPU of `arblens watch --demo` with the Ink TUI drawing in a real terminal (tmux, 150×45):
// user+system time of the process over 5 s after a 3 s warm-up, from /proc/<pid>/stat.
// Target: ≤ 15 % of one core. Needs the build (npm run bench builds) and tmux.
//   node --import tsx bench/watch-cpu.bench.ts
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
if (spawnSync('tmux', ['-V']).error || !existsSync('/proc/self/stat')) {
  console.log('watch cpu: skipped (needs tmux and /proc)');
  process.exit(0);
}
const session = `arblens-cpu-${process.pid}`;
const pidFile = join(root, `.watch-cpu-${process.pid}.pid`);
const tmux = (...a: string[]) => spawnSync('tmux', a, { encoding: 'utf8' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
/** utime + stime of a process, in seconds (fields 14 and 15 of /proc/<pid>/stat). */
const cpu = (pid: string) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) / ticks;
};

tmux('new-session', '-d', '-s', session, '-x', '150', '-y', '45', 'bash', '--norc');
try {
  tmux('send-keys', '-t', session, `cd ${JSON.stringify(root)} && sh -c 'echo $$ > ${pidFile}; exec node bin/arblens.js watch --demo ${process.argv.slice(2).join(' ')}'`, 'Enter');
  for (let i = 0; i < 100 && !/\d+ live/.test(tmux('capture-pane', '-p', '-t', session).stdout); i++) await sleep(100);
  const pid = readFileSync(pidFile, 'utf8').trim();
  await sleep(3000);
  const c0 = cpu(pid);
  const t0 = performance.now();
  await sleep(5000);
  const used = cpu(pid) - c0;
  const wall = (performance.now() - t0) / 1000;
  const pct = (used / wall) * 100;
  tmux('send-keys', '-t', session, 'q');
  await sleep(500);
  console.log(`watch cpu: ${pct.toFixed(1)} % of one core with the TUI drawing (watch --demo, ~200 simulated messages/s, ${wall.toFixed(1)} s measured) — target ≤ 15 %: ${pct <= 15 ? 'met' : 'NOT met'}`);
} finally {
  tmux('kill-session', '-t', session);
  rmSync(pidFile, { force: true });
}
