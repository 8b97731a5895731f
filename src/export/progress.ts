/**
 * A one-line progress bar on stderr, redrawn at most 10 times a second. Only used when stderr
 * is a TTY and --quiet is off: cron mail and pipes get no carriage-return noise.
 */
export class Progress {
  private last = 0;
  private readonly t0 = performance.now();

  constructor(private readonly label: string, private readonly total: number, private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(done: number, force = false): void {
    const now = performance.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    const frac = this.total > 0 ? Math.min(1, done / this.total) : 1;
    const width = 24;
    const fill = Math.round(frac * width);
    const bar = '█'.repeat(fill) + '░'.repeat(width - fill);
    const secs = ((now - this.t0) / 1000).toFixed(1);
    this.stream.write(`\r${this.label} ${bar} ${(frac * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')} rows ${secs} s`);
  }

  end(done: number): void {
    this.update(done, true);
    this.stream.write('\n');
  }
}
