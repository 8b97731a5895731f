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

/** Numbers in JSON stay numbers; this trims float noise (0.1 + 0.2) without losing precision that matters. */
export function tidy(x: number): number {
  return Number.isFinite(x) && !Number.isInteger(x) ? Number(x.toPrecision(12)) : x;
}

export function tidyDeep<T>(v: T): T {
  if (typeof v === 'number') return tidy(v) as T;
  if (Array.isArray(v)) return v.map(tidyDeep) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = tidyDeep(x);
    return out as T;
  }
  return v;
}
