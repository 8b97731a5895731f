import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { tidyDeep } from '../core/json.js';
import type { Params, Strategy } from '../backtest/types.js';

/** What `POST /api/v1/backtests` accepts (validated by the route schema first). */
export interface BacktestBody {
  readonly strategy: string;
  readonly params?: Readonly<Record<string, number>>;
  readonly venue: string;
  readonly symbol: string;
  readonly timeframe?: string;
  readonly from?: string;
  readonly to?: string;
  readonly cash?: number;
  readonly commission?: number;
  readonly slippageBps?: number;
}

export interface BacktestJob {
  readonly id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  readonly request: BacktestBody;
  readonly createdMs: number;
  error?: string;
  result?: Record<string, unknown>;
  report?: string;
}

const KEPT = 50;
const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Backtests asked for over the API: built-in strategies, or a file `<name>.{ts,js,mjs}` in the
 * configured strategies folder. A request names a strategy, never a path: the name is checked
 * against a strict pattern and only ever joined onto the configured folder. Jobs run one at a
 * time (a backtest is CPU-bound and shares the process with the pipeline); the last 50 are kept.
 */
export class BacktestJobs {
  private readonly jobs = new Map<string, BacktestJob>();
  private queue: Promise<void> = Promise.resolve();
  private seq = 0;

  constructor(private readonly o: { dbPath: string; strategiesDir?: string; clock: () => number }) {}

  get(id: string): BacktestJob | undefined {
    return this.jobs.get(id);
  }

  /** Checks the strategy name now (a 400), then queues the run; returns the job. */
  async submit(b: BacktestBody): Promise<BacktestJob> {
    const strategy = await this.strategy(b.strategy);
    const params = checkParams(strategy, b.params ?? {});
    const id = `bt-${this.o.clock().toString(36)}-${(++this.seq).toString(36)}`;
    const job: BacktestJob = { id, status: 'queued', request: b, createdMs: this.o.clock() };
    this.jobs.set(id, job);
    for (const old of this.jobs.keys()) if (this.jobs.size > KEPT) this.jobs.delete(old);
    this.queue = this.queue.then(() => this.run(job, strategy, params));
    return job;
  }

  /** Resolves when every queued job has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  private async strategy(name: string): Promise<Strategy<unknown>> {
    const { BUILTIN_STRATEGIES } = await import('../backtest/strategies/index.js');
    const builtin = BUILTIN_STRATEGIES.get(name);
    if (builtin) return builtin as Strategy<unknown>;
    const known = [...BUILTIN_STRATEGIES.keys()];
    if (!NAME.test(name) || !this.o.strategiesDir) {
      throw new UsageError(`strategy '${name.slice(0, 64)}' is not a built-in (${known.join(', ')})${this.o.strategiesDir ? ' nor a file in the strategies folder' : ' — serve loads other strategies only from --strategies <dir>'}`);
    }
    const file = ['.ts', '.mjs', '.js'].map((ext) => join(this.o.strategiesDir!, name + ext)).find((f) => existsSync(f));
    if (!file) throw new UsageError(`strategy '${name}' is not a built-in (${known.join(', ')}) nor a file ${name}.ts/.mjs/.js in the strategies folder`);
    const { loadStrategy } = await import('../backtest/load-strategy.js');
    return loadStrategy(file);
  }

  private async run(job: BacktestJob, strategy: Strategy<unknown>, params: Params): Promise<void> {
    job.status = 'running';
    // Let the 202 go out and the pipeline tick before the CPU-bound run.
    await new Promise((r) => setImmediate(r));
    try {
      const b = job.request;
      const { loadBars } = await import('../backtest/load-data.js');
      const { SqliteStore } = await import('../store/sqlite.js');
      const { runOne } = await import('../backtest/run.js');
      const { DEFAULT_OPTIONS } = await import('../backtest/types.js');
      const { reportHtml } = await import('../backtest/report-html.js');
      const loaded = loadBars({ venue: b.venue, symbol: b.symbol, timeframe: b.timeframe ?? '1h', fromMs: b.from ? Date.parse(b.from) : undefined, toMs: b.to ? Date.parse(b.to) : undefined }, () => new SqliteStore(this.o.dbPath));
      const options = { ...DEFAULT_OPTIONS, cash: b.cash ?? DEFAULT_OPTIONS.cash, commission: b.commission ?? 0, slippageBps: b.slippageBps ?? 0 };
      const run = runOne(loaded.series, strategy, params, options);
      const costs = { commission: options.commission, commissionSource: 'request' };
      job.result = tidyDeep({ strategy: strategy.name, params, source: loaded.source, bars: loaded.series.length, options, metrics: run.metrics, trades: run.result.trades }) as Record<string, unknown>;
      job.report = reportHtml({ title: `${strategy.name} — ${b.symbol}`, source: loaded.source, series: loaded.series, run, options, costs });
      job.status = 'done';
    } catch (err) {
      job.status = 'failed';
      job.error = (err as Error)?.message ?? String(err);
    }
  }
}

/** Request params over the strategy's defaults; unknown names and values outside min/max are refused. */
function checkParams(s: Strategy<unknown>, given: Readonly<Record<string, number>>): Params {
  const out: Record<string, number> = {};
  for (const [k, spec] of Object.entries(s.params)) out[k] = spec.default;
  for (const [k, v] of Object.entries(given)) {
    const spec = s.params[k];
    if (!spec) throw new UsageError(`params.${k}: ${s.name} has no parameter '${k}' (it has ${Object.keys(s.params).join(', ') || 'none'})`);
    if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max) || (spec.integer && !Number.isInteger(v))) {
      throw new UsageError(`params.${k}: ${v} is outside ${spec.min ?? '−∞'}…${spec.max ?? '∞'}${spec.integer ? ' (whole numbers)' : ''}`);
    }
    out[k] = v;
  }
  if (s.valid && !s.valid(out)) throw new UsageError(`params: ${JSON.stringify(out)} is not a valid combination for ${s.name}`);
  return out;
}
