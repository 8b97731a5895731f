// `watch --demo` in a real terminal (tmux): the TUI draws, keys work, q quits with exit code 0
// and the terminal is restored (alternate screen left, cursor visible, line discipline back).
// Skipped when tmux is not installed (CI installs it: .ci/run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const hasTmux = !spawnSync('tmux', ['-V']).error;
const session = `arblens-watch-${process.pid}`;
const tmux = (...args: string[]) => spawnSync('tmux', args, { encoding: 'utf8' });
const pane = () => tmux('capture-pane', '-p', '-t', session).stdout;

async function until(pred: () => boolean, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; pane:\n${pane()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('TUI in tmux: draw, sort, filter, detail, pause, quit, terminal restored', { skip: hasTmux ? false : 'tmux not installed' }, async (t) => {
  // A clean shell, so the prompt and the "before" marker are ours.
  const r = tmux('new-session', '-d', '-s', session, '-x', '150', '-y', '45', 'env', '-i', `PATH=${process.env.PATH}`, 'HOME=/tmp', 'TERM=xterm-256color', 'bash', '--norc', '--noprofile');
  assert.equal(r.status, 0, r.stderr);
  t.after(() => tmux('kill-session', '-t', session));
  tmux('send-keys', '-t', session, `cd ${JSON.stringify(root)} && PS1='$ ' && clear && echo BEFORE-WATCH`, 'Enter');
  await until(() => pane().includes('BEFORE-WATCH'), 5000, 'the shell');
  tmux('send-keys', '-t', session, `node ${join(root, 'bin/arblens.js')} watch --demo --alert-net 0.3; echo EXIT=$?`, 'Enter');
  await until(() => /\d+ live · \d+ stale/.test(pane()) && /net profit/.test(pane()), 20_000, 'the first frame');
  let p = pane();
  assert.match(p, /^arblens watch · 6\/6 venues up · .* · DEMO/m);
  assert.match(p, /venue\s+state\s+msg\/s\s+last msg/);
  assert.match(p, /binance\s+connected/);
  assert.ok(p.trimEnd().split('\n').length <= 45);

  tmux('send-keys', '-t', session, 's');
  await until(() => /sort: net %/.test(pane()), 3000, 'sort by net %');
  tmux('send-keys', '-t', session, '/');
  tmux('send-keys', '-t', session, 'ETH');
  tmux('send-keys', '-t', session, 'Enter');
  await until(() => /symbol ~ ETH/.test(pane()), 3000, 'the symbol filter');
  await new Promise((r) => setTimeout(r, 300));
  p = pane();
  const rows = p.split('\n').filter((l) => /^\s+\d+ (cross-spot|cross-perp|basis|funding)\s/.test(l));
  assert.ok(rows.every((l) => l.includes('ETH/')), `only ETH rows:\n${rows.join('\n')}`);
  tmux('send-keys', '-t', session, 'Enter');
  await until(() => /asks\s+size\s+taken/.test(pane()), 3000, 'the detail pane');
  tmux('send-keys', '-t', session, 'p');
  await until(() => /PAUSED/.test(pane()), 3000, 'pause');

  tmux('send-keys', '-t', session, 'q');
  await until(() => /EXIT=\d+/.test(pane()), 10_000, 'exit');
  p = pane();
  assert.match(p, /EXIT=0/);
  // The alternate screen was left: the shell's screen is back as it was, without the TUI.
  assert.match(p, /BEFORE-WATCH/);
  assert.doesNotMatch(p, /arblens watch ·/);
  assert.equal(tmux('display-message', '-p', '-t', session, '#{cursor_flag} #{alternate_on}').stdout.trim(), '1 0', 'cursor visible, alternate screen off');
  // The terminal's line discipline is back (echo, canonical mode): a typed command runs.
  tmux('send-keys', '-t', session, 'echo TYPED-$((40+2))', 'Enter');
  await until(() => /TYPED-42/.test(pane()), 3000, 'the shell to answer');
});

test('TUI in tmux: SIGTERM also restores the terminal', { skip: hasTmux ? false : 'tmux not installed' }, async (t) => {
  const s2 = session + '-term';
  tmux('new-session', '-d', '-s', s2, '-x', '150', '-y', '45', 'env', '-i', `PATH=${process.env.PATH}`, 'HOME=/tmp', 'TERM=xterm-256color', 'bash', '--norc', '--noprofile');
  t.after(() => tmux('kill-session', '-t', s2));
  const p2 = () => tmux('capture-pane', '-p', '-t', s2).stdout;
  tmux('send-keys', '-t', s2, `cd ${JSON.stringify(root)} && PS1='$ ' && clear && echo BEFORE-WATCH`, 'Enter');
  // `exec` keeps the shell's pid, so the pid file names the watch process itself (in the foreground).
  const pidFile = join(root, `.watch-tmux-${process.pid}.pid`);
  t.after(() => spawnSync('rm', ['-f', pidFile]));
  tmux('send-keys', '-t', s2, `sh -c 'echo $$ > ${pidFile}; exec node bin/arblens.js watch --demo'; echo EXIT=$?`, 'Enter');
  const end = Date.now() + 20_000;
  while (!/\d+ live/.test(p2()) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  const pid = spawnSync('cat', [pidFile], { encoding: 'utf8' }).stdout.trim();
  assert.match(pid, /^\d+$/);
  process.kill(Number(pid), 'SIGTERM');
  const end2 = Date.now() + 10_000;
  while (!/EXIT=\d+/.test(p2()) && Date.now() < end2) await new Promise((r) => setTimeout(r, 100));
  assert.match(p2(), /EXIT=143/);
  assert.equal(tmux('display-message', '-p', '-t', s2, '#{cursor_flag} #{alternate_on}').stdout.trim(), '1 0');
});
