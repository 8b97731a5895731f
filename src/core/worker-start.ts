import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker module `name` that sits beside the module at `from` (its import.meta.url):
 * the built JavaScript, or — in tests and benchmarks, which run the TypeScript sources through
 * tsx — its `.ts` file. Node 20 workers do not inherit `--import tsx`, so the worker then starts
 * as a one-line script that loads the module through tsx's API.
 */
export function startWorker(name: string, from: string, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  const fromTs = from.endsWith('.ts');
  const url = new URL(`./${name}${fromTs ? '.ts' : '.js'}`, from);
  if (!fromTs) return new Worker(url, options);
  const script = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((t) => t.tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(from)}))`;
  return new Worker(script, { ...options, eval: true });
}
