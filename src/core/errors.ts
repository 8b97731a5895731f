/**
 * Error classes with the exit code they map to. Messages name the argument, the bad value and
 * the fix, because a user reading them in a cron mail has nothing else.
 */
export const EXIT = {
  ok: 0,
  runtime: 1,
  usage: 2,
  /** Some venues failed while others answered: cron jobs can tell a partial scan apart. */
  partial: 3,
  /** Another run holds the lock (export). */
  locked: 4,
} as const;

export class ArblensError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.runtime) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad command-line input or configuration: exit code 2, raised before any network call. */
export class UsageError extends ArblensError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

/** A venue failed (network, HTTP status, garbage payload, timeout). Never fatal to the others. */
export class VenueError extends ArblensError {
  constructor(readonly venue: string, message: string, override readonly cause?: unknown) {
    super(`${venue}: ${message}`, EXIT.runtime);
  }
}

/** Levenshtein distance, for "did you mean" suggestions on venue and symbol names. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The closest candidate within a small distance, or undefined. */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  const needle = input.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(needle, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= Math.max(2, Math.floor(needle.length / 3)) ? best : undefined;
}
