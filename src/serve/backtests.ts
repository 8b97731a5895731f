import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { UsageError } from '../core/errors.js';
import { startWorker as start } from '../core/worker-start.js';
import type { Params, Strategy } from '../backtest/types.js';
import type { BacktestBody, BacktestOutcome, BacktestTask } from './backtest-task.js';

export type { BacktestBody } from './backtest-task.js';


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
 * against a strict pattern and only ever joined onto the configured folder. Each job runs on a
 * worker thread, so the live feed keeps flowing; one at a time (a backtest is CPU-bound, and the
 * pipeline and the stream fan-out need a core of their own); the last 50 are kept.
 */
export class BacktestJobs {
  private readonly jobs = new Map<string, BacktestJob>();
  private queue: Promise<void> = Promise.resolve();
  private seq = 0;
  private current?: Worker;
  private closed = false;

  constructor(private readonly o: { dbPath: string; strategiesDir?: string; clock: () => number }) {}

  get(id: string): BacktestJob | undefined {
    return this.jobs.get(id);
  }

  /** Checks the strategy name now (a 400), then queues the run; returns the job. */
  async submit(b: BacktestBody): Promise<BacktestJob> {
    const { strategy, spec } = await this.strategy(b.strategy);
    const params = checkParams(strategy, b.params ?? {});
    const id = `bt-${this.o.clock().toString(36)}-${(++this.seq).toString(36)}`;
    const job: BacktestJob = { id, status: 'queued', request: b, createdMs: this.o.clock() };
    this.jobs.set(id, job);
    for (const old of this.jobs.keys()) if (this.jobs.size > KEPT) this.jobs.delete(old);
    this.queue = this.queue.then(() => this.run(job, spec, params));
    return job;
  }

  /** Resolves when every queued job has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  /** The strategy (its params are checked here, before the 202) and what the job's thread loads: a name or a file. */
  private async strategy(name: string): Promise<{ strategy: Strategy<unknown>; spec: string }> {
    const { BUILTIN_STRATEGIES } = await import('../backtest/strategies/index.js');
    const builtin = BUILTIN_STRATEGIES.get(name);
    if (builtin) return { strategy: builtin as Strategy<unknown>, spec: name };
    const known = [...BUILTIN_STRATEGIES.keys()];
    if (!NAME.test(name) || !this.o.strategiesDir) {
      throw new UsageError(`strategy '${name.slice(0, 64)}' is not a built-in (${known.join(', ')})${this.o.strategiesDir ? ' nor a file in the strategies folder' : ' — serve loads other strategies only from --strategies <dir>'}`);
    }
    const file = ['.ts', '.mjs', '.js'].map((ext) => join(this.o.strategiesDir!, name + ext)).find((f) => existsSync(f));
    if (!file) throw new UsageError(`strategy '${name}' is not a built-in (${known.join(', ')}) nor a file ${name}.ts/.mjs/.js in the strategies folder`);
    const { loadStrategy } = await import('../backtest/load-strategy.js');
    return { strategy: await loadStrategy(file), spec: file };
  }

  private async run(job: BacktestJob, strategy: string, params: Params): Promise<void> {
    if (this.closed) {
      job.status = 'failed';
      job.error = 'server shutting down';
      return;
    }
    job.status = 'running';
    const task: BacktestTask = { body: job.request, strategy, params, dbPath: this.o.dbPath };
    const out = await new Promise<BacktestOutcome>((resolve) => {
      const w = (this.current = startWorker(task));
      w.once('message', resolve);
      w.once('error', (err) => resolve({ error: err.message }));
      w.once('exit', (code) => resolve({ error: this.closed ? 'server shutting down' : `backtest thread stopped (exit ${code})` }));
    });
    void this.current?.terminate();
    this.current = undefined;
    if (out.error !== undefined) {
      job.status = 'failed';
      job.error = out.error;
      return;
    }
    job.result = out.result;
    job.report = out.report;
    job.status = 'done';
  }

  /** Stops a running backtest (shutdown); queued ones fail with the same reason. */
  async close(): Promise<void> {
    this.closed = true;
    await this.current?.terminate();
  }
}

/** The job's thread (from the built JavaScript, or from the .ts source under tsx in tests). */
function startWorker(task: BacktestTask): Worker {
  return start('backtest-worker', import.meta.url, { workerData: task });
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
