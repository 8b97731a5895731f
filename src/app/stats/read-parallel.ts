/**
 * Reading ten million episodes is mostly SQLite and string work on one core: a large table is
 * split by row id between worker threads, each with its own read-only connection, and the parts
 * are merged. Each thread reads its own snapshot: rows recorded while it runs may be in one part.
 */
import { startWorker } from '../../core/worker-start.js';
import { availableParallelism } from 'node:os';
import type { DB } from '../../store/open.js';
import { FIGURES_SAMPLE, mergeEpisodeColumns, planEpisodeRead, readEpisodeColumns, type EpisodeColumns, type EpisodeFilter } from '../../store/episodes.js';

/** Below this many episodes one thread is faster than starting others. */
const PARALLEL_ABOVE = 2_000_000;

export async function readEpisodes(db: DB, path: string | undefined, f: EpisodeFilter, threads = Math.min(4, availableParallelism()), parallelAbove = PARALLEL_ABOVE): Promise<EpisodeColumns> {
  const plan = planEpisodeRead(db, f, FIGURES_SAMPLE);
  if (!path || path === ':memory:' || threads < 2 || plan.n < parallelAbove) return readEpisodeColumns(db, f);
  const step = Math.ceil(plan.maxId / threads);
  const parts = await Promise.all(Array.from({ length: threads }, (_, k) => readPart({ path, filter: f, rate: plan.rate, lo: k * step, hi: Math.min(plan.maxId, (k + 1) * step) })));
  return mergeEpisodeColumns(parts);
}

function readPart(data: { path: string; filter: EpisodeFilter; rate: number; lo: number; hi: number }): Promise<EpisodeColumns> {
  const w = startWorker('read-worker', import.meta.url, { workerData: data });
  return new Promise((resolve, reject) => {
    w.once('message', (c: EpisodeColumns) => resolve(c));
    w.once('error', reject);
    w.once('exit', (code) => code !== 0 && reject(new Error(`episode reader thread exited with code ${code}`)));
  });
}
