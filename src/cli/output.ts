import type { Report } from '../app/report.js';
import { addSecrets, scrub, secretsFromArgv } from '../core/scrub.js';
/**
 * Where output goes: data on stdout, everything else on stderr; colour and tables only for a
 * TTY (NO_COLOR disables, FORCE_COLOR forces — chalk reads both).
 */
export interface OutputMode {
  readonly json: boolean;
  readonly ndjson: boolean;
  readonly quiet?: boolean;
}

/**
 * The output boundary: every string written to stdout or stderr — by arblens, commander, Ink or a
 * library — goes through the secret scrubber (core/scrub.ts) first. Binary chunks (parquet on
 * stdout) pass untouched. Installed once by main().
 */
export function guardOutput(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr], argv: readonly string[] = process.argv): void {
  // Credentials given as flags (--token, a --store URL's password) are secrets like the environment's.
  addSecrets(secretsFromArgv(argv));
  for (const s of streams) {
    if ((s as { scrubbed?: boolean }).scrubbed) continue;
    const write = s.write.bind(s) as (chunk: unknown, ...rest: unknown[]) => boolean;
    (s as { write: unknown }).write = (chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? scrub(chunk) : chunk, ...rest);
    (s as { scrubbed?: boolean }).scrubbed = true;
  }
}

export function writeOut(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

/** A warning on stderr: a JSON line in machine modes, a plain line otherwise. */
export function warn(mode: OutputMode, venue: string | undefined, message: string, level: 'warning' | 'error' = 'warning'): void {
  if (mode.quiet && level === 'warning') return;
  message = scrub(message);
  if (mode.json || mode.ndjson) process.stderr.write(JSON.stringify({ level, venue, message, ts: new Date().toISOString() }) + '\n');
  else process.stderr.write(`${level}: ${venue ? venue + ': ' : ''}${message}\n`);
}

/** The use cases' report callback, printing as `warn` does. */
export function reportTo(mode: OutputMode): Report {
  return (venue, message, level) => warn(mode, venue, message, level);
}
