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

/** What went wrong at a venue: the deadline passed, an HTTP status, a payload we cannot read, its set-up. */
export type VenueErrorKind = 'timeout' | 'http' | 'payload' | 'config' | 'network';

/** A venue failed (network, HTTP status, garbage payload, timeout). Never fatal to the others. */
export class VenueError extends ArblensError {
  constructor(readonly venue: string, readonly detail: string, override readonly cause?: unknown, readonly kind: VenueErrorKind = 'payload') {
    super(`${venue}: ${detail}`, EXIT.runtime);
  }
}

/**
 * Any thrown value as one short line for a warning or a venue event: the first line of its
 * message, prefixed with its class when that says more than "Error", or "timed out" when the
 * caller's deadline fired (libraries abort with messages of their own that say less).
 */
export function describeError(err: unknown, deadline?: { signal: AbortSignal; timeoutMs: number }): string {
  if (deadline?.signal.aborted) return `timed out after ${deadline.timeoutMs} ms`;
  const e = err as { name?: string; message?: string } | undefined;
  // A venue error is reported beside its venue already: its own detail, without the prefix.
  const msg = redactUrlSecrets(String(err instanceof VenueError ? err.detail : e?.message ?? err).split('\n')[0]).slice(0, 300);
  return e?.name && e.name !== 'Error' && !(err instanceof ArblensError) ? `${e.name}: ${msg}` : msg;
}

/**
 * Libraries put the failed request's URL in their messages; a signed request carries its
 * signature (and some venues a key or token) in the query string. Those values never reach a
 * message.
 */
export function redactUrlSecrets(text: string): string {
  return text.replace(/([?&](?:signature|sign|apikey|api_key|apiKey|key|token|access_token|secret|passphrase)=)[^&\s"']+/gi, '$1***');
}
