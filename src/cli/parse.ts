import { Option } from 'commander';
import { UsageError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { parseDurationMs } from '../core/units.js';

/** Option parsers for commander: each names the flag, the bad value and the fix. */

export function number(flag: string, hint: string, { min = -Infinity, max = Infinity } = {}) {
  return (v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
      const range = min > -Infinity && max < Infinity ? ` between ${min} and ${max}` : min > -Infinity ? ` ≥ ${min}` : '';
      throw new UsageError(`${flag} '${v}' is not a valid number${range} — ${hint}`);
    }
    return n;
  };
}

export function integer(flag: string, hint: string, min = 0) {
  const parse = number(flag, hint, { min });
  return (v: string): number => {
    const n = parse(v);
    if (!Number.isInteger(n)) throw new UsageError(`${flag} '${v}' is not a whole number — ${hint}`);
    return n;
  };
}

export function duration(flag: string, hint = 'use e.g. 500ms, 30s, 5m or 1h') {
  return (v: string): number => {
    const ms = parseDurationMs(v);
    if (ms === undefined || ms < 0) throw new UsageError(`${flag} '${v}' is not a duration — ${hint}`);
    return ms;
  };
}

export function list(v: string): string[] {
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

export function oneOf<T extends string>(flag: string, allowed: readonly T[]) {
  return (v: string): T => {
    if ((allowed as readonly string[]).includes(v)) return v as T;
    const guess = didYouMean(v, allowed);
    throw new UsageError(`${flag} '${v}' is not one of ${allowed.join(', ')}${guess ? ` — did you mean '${guess}'?` : ''}`);
  };
}

/** ISO date or datetime → epoch ms. */
export function isoDate(flag: string) {
  return (v: string): number => {
    const ms = /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(v + 'T00:00:00Z') : Date.parse(v);
    if (!Number.isFinite(ms)) throw new UsageError(`${flag} '${v}' is not an ISO date — use e.g. 2024-01-01 or 2024-01-01T12:00:00Z`);
    return ms;
  };
}

/** A duration flag whose help shows its default as written ("30s"), not as milliseconds. */
export function durationOption(flags: string, description: string, defaultMs?: number, shown?: string): Option {
  const name = flags.split(' ')[0];
  const o = new Option(flags, description).argParser(duration(name));
  return defaultMs === undefined ? o : o.default(defaultMs, shown);
}
