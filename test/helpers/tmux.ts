import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPng } from './screenshot.js';

/** A detached tmux session of a given size running a clean shell: what a user's terminal is. */
export class TmuxSession {
  static available(): boolean {
    return !spawnSync('tmux', ['-V']).error;
  }

  constructor(
    readonly name: string,
    readonly cwd: string,
  ) {}

  private tmux(...args: string[]) {
    return spawnSync('tmux', args, { encoding: 'utf8' });
  }

  /** Starts the session at `columns` × `rows` with a bare environment plus `env`. */
  start(columns: number, rows: number, env: Record<string, string> = {}): void {
    const vars = Object.entries({ PATH: process.env.PATH ?? '', HOME: '/tmp', TERM: 'xterm-256color', ...env }).map(([k, v]) => `${k}=${v}`);
    const r = this.tmux('new-session', '-d', '-s', this.name, '-x', String(columns), '-y', String(rows), 'env', '-i', ...vars, 'bash', '--norc', '--noprofile');
    if (r.status !== 0) throw new Error(`tmux new-session: ${r.stderr}`);
    this.send(`cd ${JSON.stringify(this.cwd)} && PS1='$ ' && clear`, 'Enter');
  }

  kill(): void {
    this.tmux('kill-session', '-t', this.name);
  }

  send(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.name, ...keys);
  }

  resize(columns: number, rows: number): void {
    this.tmux('resize-window', '-t', this.name, '-x', String(columns), '-y', String(rows));
  }

  /** The screen as text; with `escapes`, colours and attributes as SGR sequences. */
  capture(escapes = false): string {
    return this.tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', this.name).stdout;
  }

  async until(pred: (screen: string) => boolean, ms: number, what: string): Promise<string> {
    const end = Date.now() + ms;
    for (;;) {
      const s = this.capture();
      if (pred(s)) return s;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * Saves the screen as test/.screenshots/<file>.png (and the SGR text beside it) for a
   * reviewer to look at; the folder is in .gitignore. Returns the PNG path, or undefined when
   * ImageMagick is missing (the text capture is written anyway).
   */
  screenshot(dir: string, file: string, columns: number, rows: number): string | undefined {
    mkdirSync(dir, { recursive: true });
    const ansi = this.capture(true);
    writeFileSync(join(dir, `${file}.ansi.txt`), ansi);
    const png = join(dir, `${file}.png`);
    return renderPng(ansi, columns, rows, png) ? png : undefined;
  }
}
