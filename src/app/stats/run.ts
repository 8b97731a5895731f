/** The use case behind `arblens stats`: recorded episodes from the store → statistics. */
import { UsageError } from '../../core/errors.js';
import { didYouMean } from '../../core/suggest.js';
import type { DB } from '../../store/open.js';
import { episodeNames, readEpisodeColumns, type EpisodeColumns } from '../../store/episodes.js';
import { SCAN_KINDS } from '../scan/request.js';
import { readEpisodes } from './read-parallel.js';
import { summarise, type StatsDimension, type StatsResult } from './summarise.js';

export interface StatsRequest {
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly kinds?: readonly string[];
  readonly venues?: readonly string[];
  readonly by: readonly StatsDimension[];
}

/** Validates the request (before the store is read), then summarises. */
export function runStats(db: DB, req: StatsRequest, note: (m: string) => void = () => {}): StatsResult {
  checkStatsRequest(req);
  const cols = readEpisodeColumns(db, req);
  if (cols.n === 0) {
    const names = episodeNames(db);
    const unknown = (req.venues ?? []).filter((v) => !names.venues.includes(v));
    if (unknown.length) note(`no episode was recorded on ${unknown.join(', ')} (recorded venues: ${names.venues.join(', ') || 'none'})`);
    else note(NOTHING);
  }
  return summarise(cols, req.by, { fromMs: req.fromMs, toMs: req.toMs });
}

/** runStats on a store file: a large table is read on several threads (read-parallel.ts). */
export async function runStatsFile(db: DB, path: string, req: StatsRequest, note: (m: string) => void = () => {}): Promise<StatsResult> {
  checkStatsRequest(req);
  const cols = await readEpisodes(db, path, req);
  if (cols.n === 0) return runStats(db, req, note); // the notes that name what matched nothing
  return summarise(cols, req.by, { fromMs: req.fromMs, toMs: req.toMs });
}

/** The same over any store that can hand the episodes over as columns (ClickHouse). */
export async function runStatsOn(read: (f: StatsRequest) => Promise<EpisodeColumns>, req: StatsRequest, note: (m: string) => void = () => {}): Promise<StatsResult> {
  checkStatsRequest(req);
  const cols = await read(req);
  if (cols.n === 0) note(NOTHING);
  return summarise(cols, req.by, { fromMs: req.fromMs, toMs: req.toMs });
}

const NOTHING = 'no recorded episode matches — record some with `arblens scan --record` or `arblens watch --record`';

function checkStatsRequest(req: StatsRequest): void {
  for (const k of req.kinds ?? []) {
    if (!(SCAN_KINDS as readonly string[]).includes(k)) {
      const guess = didYouMean(k, SCAN_KINDS);
      throw new UsageError(`--kind '${k}' is not an opportunity kind${guess ? ` — did you mean '${guess}'?` : ''} (kinds: ${SCAN_KINDS.join(', ')})`);
    }
  }
  if (req.fromMs !== undefined && req.toMs !== undefined && req.fromMs > req.toMs) throw new UsageError(`--from is after --to — swap them`);
}
