/** A thread reading one id range of the episodes (read-parallel.ts): its own read-only connection, the columns sent back without copying. */
import { parentPort, workerData } from 'node:worker_threads';
import { openReadOnly } from '../../store/open.js';
import { readEpisodeRange, type EpisodeColumns, type EpisodeFilter } from '../../store/episodes.js';

const d = workerData as { path: string; filter: EpisodeFilter; rate: number; lo: number; hi: number };
const db = openReadOnly(d.path);
try {
  const c: EpisodeColumns = readEpisodeRange(db, d.filter, d.rate, d.lo, d.hi);
  const arrays = [c.group, c.lifetime, c.figures.group, c.figures.lifetime, c.figures.lastSize, c.figures.lastNetProfit, c.figures.bestNetProfit, c.figures.firstSize, c.figures.firstNetProfit, c.figures.bestSize];
  const buffers = [...new Set(arrays.filter((a) => a !== undefined).map((a) => a!.buffer as ArrayBuffer))];
  parentPort!.postMessage(c, buffers);
} finally {
  db.close();
}
