/** One grid worker: loads the strategy, then runs every combination it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { loadStrategy } from './load-strategy.js';
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

loadStrategy(init.strategy, init.cwd).then(
  (strategy) => {
    port.on('message', (m: { i: number; params: Params }) => {
      try {
        port.postMessage({ i: m.i, metrics: runOne(series, strategy, m.params, init.options).metrics });
      } catch (err) {
        port.postMessage({ error: `${strategy.name} ${JSON.stringify(m.params)}: ${(err as Error).message}` });
      }
    });
    port.postMessage({ ready: true });
  },
  (err: Error) => port.postMessage({ error: err.message }),
);
