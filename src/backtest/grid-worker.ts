/** One grid worker: loads the strategy once, then runs every combination it is sent (on a bar range). */
import { parentPort, workerData } from 'node:worker_threads';
import { memoIndicators } from './indicator-memo.js';
import { loadStrategy } from './load-strategy.js';
import { sliceBars } from './oos.js';
import { runOne } from './run.js';
import type { BacktestOptions, Params, Series } from './types.js';

interface Init {
  readonly data: Record<'ts' | 'open' | 'high' | 'low' | 'close' | 'volume', Float64Array>;
  readonly length: number;
  readonly strategy: string;
  readonly options: BacktestOptions;
  readonly cwd: string;
}

const init = workerData as Init;
const series: Series = { ...init.data, length: init.length };
const port = parentPort!;
/** Views of the shared bars per range (a walk-forward sends a few ranges, many times each). */
const views = new Map<string, Series>();
/**
 * Lent to every run: indicators computed once per period and range, and one equity array (only
 * the metrics leave the worker, so each run's curve can be written over the last one's).
 */
const reuse = { ta: memoIndicators(), equity: new Float64Array(init.length) };

function range(from?: number, to?: number): Series {
  if (from === undefined || to === undefined) return series;
  const key = `${from}:${to}`;
  let s = views.get(key);
  if (!s) views.set(key, (s = sliceBars(series, from, to)));
  return s;
}

loadStrategy(init.strategy, init.cwd).then(
  (strategy) => {
    port.on('message', (m: { i: number; params: Params; from?: number; to?: number }) => {
      try {
        port.postMessage({ i: m.i, metrics: runOne(range(m.from, m.to), strategy, m.params, init.options, reuse).metrics });
      } catch (err) {
        port.postMessage({ error: `${strategy.name} ${JSON.stringify(m.params)}: ${(err as Error).message}` });
      }
    });
    port.postMessage({ ready: true });
  },
  (err: Error) => port.postMessage({ error: err.message }),
);
