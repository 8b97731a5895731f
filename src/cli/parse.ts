import { Option } from 'commander';
import { UsageError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { parseDurationMs } from '../core/units.js';

/**
 * Option parsers for commander. Every usage error has one shape —
 * `<flag>: <what is wrong> — <how to fix it>` — and main prints it as `arblens: …`, exit 2.
 */

/**
 * Sane ranges of flags whose definitions give none (or only one bound), in one place: a value
 * outside is refused before any network call, with the range in the message. `--funding-horizon
 * 99999d` would otherwise value funding over 270 years; `--top 1e300` would allocate nothing sane.
 */
const H = 3_600_000;
const D = 24 * H;
const NUMBER_RANGES: Readonly<Record<string, { min?: number; max?: number }>> = {
  '--min-net': { min: -100, max: 100 },
  '--alert-net': { min: -100, max: 100 },
  '--max-spread': { max: 1000 },
  '--min-profit': { min: -1e12, max: 1e12 },
  '--alert-profit': { min: -1e12, max: 1e12 },
  '--max-notional': { max: 1e12 },
  '--min-size': { max: 1e12 },
  '--cash': { max: 1e15 },
  '--commission-fixed': { max: 1e9 },
  '--top': { max: 100_000 },
  '--depth': { max: 1000 },
  '--concurrency': { max: 256 },
  '--limit': { max: 100_000 },
  '--max-tokens': { max: 1_000_000 },
  '--walk-forward': { max: 100 },
  '--workers': { max: 64 },
  '--client-buffer': { max: 1024 ** 3 },
  '--rate-limit': { max: 1_000_000 },
  '--speed': { max: 1_000_000 },
};
const DURATION_RANGES: Readonly<Record<string, { min?: number; max?: number }>> = {
  '--funding-horizon': { min: H, max: 365 * D },
  '--timeout': { min: 100, max: 10 * 60_000 },
  '--max-age': { max: D },
  '--heartbeat': { min: 1000, max: H },
  '--cooldown': { max: D },
  '--stall-timeout': { min: 1000, max: H },
  '--funding-poll': { max: D },
  '--skew': { max: D },
  '--transfer-eta': { max: 30 * D },
  '--latency': { max: H },
};

/** Plain decimal notation only: `0x10`, `0b1`, `Infinity` and `1_000` are not numbers a user means. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A range as a person writes it, with durations in their own units. */
function rangeText(min: number, max: number, show: (n: number) => string = String): string {
  if (min > -Infinity && max < Infinity) return `between ${show(min)} and ${show(max)}`;
  if (min > -Infinity) return `at least ${show(min)}`;
  if (max < Infinity) return `at most ${show(max)}`;
  return '';
}

export function number(flag: string, hint: string, { min = -Infinity, max = Infinity } = {}) {
  const r = NUMBER_RANGES[flag] ?? {};
  const lo = min > -Infinity ? min : r.min ?? -Infinity;
  const hi = max < Infinity ? max : r.max ?? Infinity;
  return (v: string): number => {
    const t = v.trim();
    const n = Number(t);
    if (!DECIMAL.test(t) || !Number.isFinite(n)) throw new UsageError(`${flag}: '${v}' is not a valid number (plain decimal notation) — ${hint}`);
    if (n < lo || n > hi) throw new UsageError(`${flag}: '${v}' is out of range (allowed: ${rangeText(lo, hi)}) — ${hint}`);
    return n;
  };
}

export function integer(flag: string, hint: string, min = 0) {
  const parse = number(flag, hint, { min });
  return (v: string): number => {
    const n = parse(v);
    if (!Number.isInteger(n)) throw new UsageError(`${flag}: '${v}' is not a whole number — ${hint}`);
    return n;
  };
}

/**
 * A duration with its unit: 500ms, 30s, 5m, 1h, 1d. A bare number is refused (is `30` seconds
 * or milliseconds?) except 0, which means the same in every unit.
 */
export function duration(flag: string, hint = 'use e.g. 500ms, 30s, 5m or 1h') {
  const r = DURATION_RANGES[flag] ?? {};
  const lo = r.min ?? 0;
  const hi = r.max ?? Infinity;
  return (v: string): number => {
    const t = v.trim();
    if (/^\d+(\.\d+)?$/.test(t) && Number(t) !== 0) throw new UsageError(`${flag}: '${v}' has no unit — add one, e.g. ${t}s or ${t}ms`);
    const ms = parseDurationMs(t);
    if (ms === undefined || ms < 0 || !Number.isFinite(ms)) throw new UsageError(`${flag}: '${v}' is not a duration — ${hint}`);
    if (ms < lo || ms > hi) throw new UsageError(`${flag}: '${v}' is out of range (allowed: ${rangeText(lo, hi, showMs)}) — ${hint}`);
    return ms;
  };
}

/** 3600000 → "1h", 31536000000 → "365d": ranges in the units a user types. */
function showMs(ms: number): string {
  for (const [unit, size] of [['d', D], ['h', H], ['m', 60_000], ['s', 1000]] as const) if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

export function list(v: string): string[] {
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

export function oneOf<T extends string>(flag: string, allowed: readonly T[]) {
  return (v: string): T => {
    if ((allowed as readonly string[]).includes(v)) return v as T;
    const guess = didYouMean(v, allowed);
    throw new UsageError(`${flag}: '${v}' is not one of ${allowed.join(', ')} — ${guess ? `did you mean '${guess}'?` : `e.g. ${flag} ${allowed[0]}`}`);
  };
}

const DAY = 86_400_000;
const DATE_HELP = 'use e.g. 2024-01-31, 2024-01-31T12:00:00Z, -7d, yesterday or today';

/** Start of the UTC day holding `ms`. */
const dayStart = (ms: number) => Math.floor(ms / DAY) * DAY;

/**
 * A point in time, UTC: an ISO date (its start) or datetime, or a relative form — `-7d`, `-12h`,
 * `-30m` (before now), `today`, `yesterday` (the start of that day), `now`. Impossible dates
 * (2024-02-30, 2023-02-29) are errors, not silently rolled over into the next month.
 * `end` reads the value as the exclusive end of a range — see `toDate`.
 */
export function parseWhen(flag: string, v: string, now: number = Date.now(), end = false): number {
  const t = v.trim().toLowerCase();
  const rel = /^-(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(t);
  if (rel) return now - Number(rel[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: DAY, w: 7 * DAY }[rel[2] as 'd'];
  if (t === 'now') return now;
  if (t === 'today') return dayStart(now) + (end ? DAY : 0);
  if (t === 'yesterday') return dayStart(now) - DAY + (end ? DAY : 0);
  const date = /^(\d{4})-(\d{2})-(\d{2})/.exec(v.trim());
  if (!date) throw new UsageError(`${flag}: '${v}' is not a date — ${DATE_HELP}`);
  const [y, mo, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || mo > 12 || check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new UsageError(`${flag}: '${v}' is not a calendar date (${date[0]} does not exist) — ${DATE_HELP}`);
  }
  const bare = /^\d{4}-\d{2}-\d{2}$/.test(v.trim());
  // A datetime without a zone is read as UTC, as the help says (Date.parse would use local time).
  const text = bare ? `${v.trim()}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(v.trim()) ? v.trim() : `${v.trim()}Z`;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw new UsageError(`${flag}: '${v}' is not a date — ${DATE_HELP}`);
  return bare && end ? ms + DAY : ms;
}

/** A `--from`-style flag: the start of a range (inclusive). */
export function isoDate(flag: string) {
  return (v: string): number => parseWhen(flag, v);
}

/**
 * THE `--to` rule, in every command: the end is EXCLUSIVE, and a bare date means the end of
 * that day — `--to 2024-12-31` takes everything up to 2025-01-01T00:00:00Z (not included);
 * `--to 2024-12-31T12:00:00Z` stops just before noon; `--to today` includes today.
 */
export function toDate(flag = '--to') {
  return (v: string): number => parseWhen(flag, v, Date.now(), true);
}

/** A duration flag whose help shows its default as written ("30s"), not as milliseconds. */
export function durationOption(flags: string, description: string, defaultMs?: number, shown?: string): Option {
  const name = flags.split(' ')[0];
  const o = new Option(flags, description).argParser(duration(name));
  return defaultMs === undefined ? o : o.default(defaultMs, shown);
}
