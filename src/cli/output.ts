import type { Report } from '../app/report.js';
/**
 * Where output goes: data on stdout, everything else on stderr; colour and tables only for a
 * TTY (NO_COLOR disables, FORCE_COLOR forces — chalk reads both).
 */
export interface OutputMode {
  readonly json: boolean;
  readonly ndjson: boolean;
  readonly quiet?: boolean;
}

export function writeOut(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

/** A warning on stderr: a JSON line in machine modes, a plain line otherwise. */
export function warn(mode: OutputMode, venue: string | undefined, message: string, level: 'warning' | 'error' = 'warning'): void {
  if (mode.quiet && level === 'warning') return;
  if (mode.json || mode.ndjson) process.stderr.write(JSON.stringify({ level, venue, message, ts: new Date().toISOString() }) + '\n');
  else process.stderr.write(`${level}: ${venue ? venue + ': ' : ''}${message}\n`);
}

/** The use cases' report callback, printing as `warn` does. */
export function reportTo(mode: OutputMode): Report {
  return (venue, message, level) => warn(mode, venue, message, level);
}
