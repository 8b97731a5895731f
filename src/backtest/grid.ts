/**
 * Parameter grids on worker threads. The bars go to every worker once, in SharedArrayBuffers
 * (no copy per worker); combinations are handed out one at a time so a slow corner of the grid
 * never leaves a worker idle. Each worker loads the strategy itself (built-in name or file path).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { UsageError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import type { Metrics } from './metrics.js';
import type { BacktestOptions, Params, Series } from './types.js';

export interface GridRow {
  readonly params: Params;
  readonly metrics: Metrics;
}

const ALIASES: Record<string, keyof Metrics> = {
  return: 'returnPct',
  cagr: 'cagrPct',
  drawdown: 'maxDrawdownPct',
  'win-rate': 'winRatePct',
  'profit-factor': 'profitFactor',
  equity: 'equityFinal',
};

/** `--optimize` value → a numeric metric key; higher is better for every one of them. */
export function optimizeKey(v: string, sample: Metrics): keyof Metrics {
  const key = (ALIASES[v] ?? v) as keyof Metrics;
  if (key in sample && typeof sample[key] === 'number') return key;
  const names = [...Object.keys(sample).filter((k) => typeof sample[k as keyof Metrics] === 'number'), ...Object.keys(ALIASES)];
  const guess = didYouMean(v, names);
  throw new UsageError(`--optimize '${v}' is not a metric${guess ? ` — did you mean '${guess}'?` : ''} (e.g. sharpe, sortino, calmar, return, cagr, drawdown, sqn)`);
}

/** Best first; NaN (undefined metric) last. Ties keep grid order, so results are deterministic. */
export function rankRows(rows: GridRow[], key: keyof Metrics): GridRow[] {
  const val = (r: GridRow) => {
    const v = r.metrics[key] as number;
    return Number.isNaN(v) ? -Infinity : v;
  };
  return rows.map((r, i) => ({ r, i })).sort((a, b) => val(b.r) - val(a.r) || a.i - b.i).map((x) => x.r);
}

function share(s: Series): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const k of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) {
    const a = new Float64Array(new SharedArrayBuffer(s.length * 8));
    a.set(s[k]);
    out[k] = a;
  }
  return out;
}

export async function runGrid(
  series: Series,
  strategySpec: string,
  combos: readonly Params[],
  o: BacktestOptions,
  opts: { workers?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<GridRow[]> {
  const n = Math.max(1, Math.min(opts.workers ?? availableParallelism(), combos.length));
  const self = import.meta.url;
  const fromTs = self.endsWith('.ts');
  const url = new URL(fromTs ? './grid-worker.ts' : './grid-worker.js', self);
  // Run from sources (tests): the worker needs tsx's loader too.
  const execArgv = fromTs && !process.execArgv.join(' ').includes('tsx') ? [...process.execArgv, '--import', 'tsx'] : process.execArgv;
  const data = share(series);
  const rows: GridRow[] = new Array(combos.length);
  let next = 0;
  let done = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: n }, () =>
        new Promise<void>((resolve, reject) => {
          const w = new Worker(url, { execArgv, workerData: { data, length: series.length, strategy: strategySpec, options: o, cwd: process.cwd() } });
          workers.push(w);
          const feed = () => {
            if (next >= combos.length) {
              void w.terminate();
              return resolve();
            }
            const i = next++;
            w.postMessage({ i, params: combos[i] });
          };
          w.on('message', (m: { ready?: true; i?: number; metrics?: Metrics; error?: string }) => {
            if (m.error) return reject(new UsageError(m.error));
            if (m.i !== undefined) {
              rows[m.i] = { params: combos[m.i], metrics: m.metrics! };
              opts.onProgress?.(++done, combos.length);
            }
            feed();
          });
          w.on('error', reject);
          w.on('exit', (code) => (next >= combos.length ? resolve() : reject(new Error(`a grid worker stopped (exit ${code})`))));
        }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return rows;
}
