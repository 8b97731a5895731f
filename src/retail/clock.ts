/** Time as the Keepa client sees it: tests pass a fake clock whose sleep only moves `now`. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const t = setTimeout(() => (signal?.removeEventListener('abort', stop), resolve()), ms);
      const stop = () => (clearTimeout(t), reject(signal!.reason));
      signal?.addEventListener('abort', stop, { once: true });
    }),
};
