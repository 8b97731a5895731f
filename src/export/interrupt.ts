import { ArblensError } from '../core/errors.js';

/** Exit codes of a run stopped by a signal, as a shell reports them (128 + signal number). */
const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/**
 * Throws when the export was asked to stop: called at every stage, last of all right before the
 * files are renamed into place. From that point the renames and the watermark update run without
 * yielding to the event loop, so a signal handler cannot run between them: a signal either stops
 * the run with nothing written and the watermark unmoved, or arrives after it has finished.
 */
export function throwIfStopped(signal: AbortSignal | undefined, what = 'export'): void {
  if (!signal?.aborted) return;
  const reason = typeof signal.reason === 'string' ? signal.reason : 'SIGINT';
  throw new ArblensError(`${what} interrupted (${reason}) — no file was written and the watermark did not move`, SIGNAL_EXIT[reason] ?? 130);
}
