/**
 * Parameter grids on worker threads. The bars go to every worker once, in SharedArrayBuffers
 * (no copy per worker); combinations are handed out one at a time so a slow corner of the grid
 * never leaves a worker idle. Each worker loads the strategy once (built-in name or file path)
 * and keeps it, with the bars, for every combination and every fold it is sent.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { UsageError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import type { Metrics } from './metrics.js';
import type { BacktestOptions, Params, Series } from './types.js';
import { startWorker } from '../core/worker-start.js';

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

/**
 * Worker threads that hold the bars (shared, not copied) and the loaded strategy for as long as
 * the pool lives: a walk-forward's folds reuse them, sending only a bar range with each
 * combination, instead of starting workers, loading the strategy and copying the bars per fold.
 */
export class GridPool {
  private readonly workers: Worker[] = [];
  private readonly ready: Promise<void>[] = [];
  private failure: Error | undefined;
  private waiting = new Map<Worker, (m: WorkerReply) => void>();

  constructor(series: Series, strategySpec: string, o: BacktestOptions, workers: number) {
    const data = share(series);
    for (let k = 0; k < workers; k++) {
      const w = startWorker('grid-worker', import.meta.url, { workerData: { data, length: series.length, strategy: strategySpec, options: o, cwd: process.cwd() } });
      this.workers.push(w);
      this.ready.push(
        new Promise<void>((resolve, reject) => {
          w.once('message', (m: WorkerReply) => (m.error ? reject(new UsageError(m.error)) : resolve()));
          w.once('error', reject);
        }),
      );
      w.on('message', (m: WorkerReply) => this.waiting.get(w)?.(m));
      w.on('error', (err) => (this.failure ??= err));
      w.on('exit', (code) => (this.failure ??= new Error(`a grid worker stopped (exit ${code})`)));
    }
  }

  /** Metrics of every combination over bars [from, to) (default: all), in combination order. */
  async run(combos: readonly Params[], range?: readonly [number, number], onProgress?: (done: number, total: number) => void): Promise<GridRow[]> {
    await Promise.all(this.ready);
    const rows: GridRow[] = new Array(combos.length);
    let next = 0;
    let done = 0;
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const feed = () => {
              if (this.failure) return reject(this.failure);
              if (next >= combos.length) {
                this.waiting.delete(w);
                return resolve();
              }
              const i = next++;
              w.postMessage({ i, params: combos[i], from: range?.[0], to: range?.[1] });
            };
            this.waiting.set(w, (m) => {
              if (m.error) return reject(new UsageError(m.error));
              rows[m.i!] = { params: combos[m.i!], metrics: m.metrics! };
              onProgress?.(++done, combos.length);
              feed();
            });
            feed();
          }),
      ),
    );
    return rows;
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the grid pool is closed');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

interface WorkerReply {
  readonly ready?: true;
  readonly i?: number;
  readonly metrics?: Metrics;
  readonly error?: string;
}

export function gridWorkers(requested: number | undefined, combos: number): number {
  return Math.max(1, Math.min(requested ?? availableParallelism(), combos));
}

export async function runGrid(
  series: Series,
  strategySpec: string,
  combos: readonly Params[],
  o: BacktestOptions,
  opts: { workers?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<GridRow[]> {
  const pool = new GridPool(series, strategySpec, o, gridWorkers(opts.workers, combos.length));
  try {
    return await pool.run(combos, undefined, opts.onProgress);
  } finally {
    await pool.close();
  }
}
