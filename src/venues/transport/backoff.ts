/** Reconnect timing shared by every stream. All durations in milliseconds. */
export interface SurvivalOptions {
  /** First reconnect delay; doubles per failed attempt ("exponential backoff"). */
  readonly backoffBaseMs: number;
  /** Ceiling of the reconnect delay. */
  readonly backoffMaxMs: number;
  /** No message for this long on a connected socket: the feed is presumed dead and reconnected. */
  readonly noMessageMs: number;
  /** How long a connection attempt may take before it counts as failed. */
  readonly connectTimeoutMs: number;
}

export const DEFAULT_SURVIVAL: SurvivalOptions = {
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  noMessageMs: 30_000,
  connectTimeoutMs: 10_000,
};

/**
 * Delay before reconnect attempt `attempt` (0-based): "equal jitter" — half of the exponential
 * step is fixed, half random, so many clients cut off together do not reconnect in lockstep,
 * yet the delay never collapses to zero.
 */
export function backoffDelay(attempt: number, o: Pick<SurvivalOptions, 'backoffBaseMs' | 'backoffMaxMs'>, random: () => number = Math.random): number {
  const step = Math.min(o.backoffMaxMs, o.backoffBaseMs * 2 ** Math.min(attempt, 30));
  return Math.round(step / 2 + random() * (step / 2));
}

/** A sleep that `cancel()` ends early (resolving false), so closing a stream never waits on a timer. */
export function cancellableSleep(ms: number): { done: Promise<boolean>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  let finish!: (v: boolean) => void;
  const done = new Promise<boolean>((resolve) => {
    finish = resolve;
    timer = setTimeout(() => resolve(true), ms);
  });
  return {
    done,
    cancel: () => {
      if (timer) clearTimeout(timer);
      finish(false);
    },
  };
}
