/**
 * Read-only queries over recorded opportunity episodes (table `opportunities`), for `arblens
 * stats`. Rows come back as columns (typed arrays) so ten million episodes fit in a few hundred
 * MB and summarise in seconds: per row SQLite returns ONE text value — the episode's group key
 * (kind, venues, symbol, close reason) — and numbers; the text is mapped to a small integer code
 * here, once per row, instead of five strings per row.
 * Never writes: the write path and episode ownership live in sqlite.ts.
 */
import type { DB } from './open.js';

export interface EpisodeFilter {
  /** Episodes first seen at or after this time (epoch ms). */
  readonly fromMs?: number;
  /** Episodes first seen at or before this time (epoch ms). */
  readonly toMs?: number;
  readonly kinds?: readonly string[];
  /** Episodes whose venues (buy and sell, where set) are all in this list. */
  readonly venues?: readonly string[];
}

/** What one group code stands for. `reason` is the close reason, `open` while not closed. */
export interface EpisodeGroup {
  readonly kind: string;
  readonly buyVenue: string;
  readonly sellVenue: string;
  readonly symbol: string;
  readonly reason: string;
}

export interface EpisodeColumns {
  readonly n: number;
  readonly groups: readonly EpisodeGroup[];
  /** Index into `groups`, per episode. */
  readonly group: Int32Array;
  readonly firstSeen: Float64Array;
  readonly lastSeen: Float64Array;
  /** Figures of the latest sighting (the store updates them on every sighting). */
  readonly lastSize: Float64Array;
  readonly lastNetProfit: Float64Array;
  readonly bestNetProfit: Float64Array;
  /** Present only when the store records them (columns first_size, first_net_profit, best_size). */
  readonly firstSize?: Float64Array;
  readonly firstNetProfit?: Float64Array;
  readonly bestSize?: Float64Array;
}

/** Row ids per chunk: two statements per chunk, a few MB of key text at most. */
const CHUNK = 200_000;
const OPTIONAL = ['first_size', 'first_net_profit', 'best_size'] as const;

/** Reads the episodes matching `f` as columns, in id order, inside one read transaction (one snapshot). */
export function readEpisodeColumns(db: DB, f: EpisodeFilter = {}): EpisodeColumns {
  return db.transaction(() => readColumns(db, f)).deferred();
}

function readColumns(db: DB, f: EpisodeFilter): EpisodeColumns {
  const { where, params } = whereOf(f);
  const have = new Set((db.prepare("SELECT name FROM pragma_table_info('opportunities')").pluck().all() as string[]));
  const extra = OPTIONAL.filter((c) => have.has(c));
  const n = Number(db.prepare(`SELECT count(*) FROM opportunities WHERE ${where}`).pluck().get(params));
  const cols = {
    group: new Int32Array(n),
    firstSeen: new Float64Array(n),
    lastSeen: new Float64Array(n),
    lastSize: new Float64Array(n),
    lastNetProfit: new Float64Array(n),
    bestNetProfit: new Float64Array(n),
  };
  const opt = extra.map(() => new Float64Array(n));
  const key = `kind || char(1) || coalesce(buy_venue, '') || char(1) || coalesce(sell_venue, '') || char(1) || symbol || char(1) || CASE WHEN closed = 0 THEN 'open' ELSE coalesce(close_reason, 'unknown') END`;
  // Per chunk of row ids: the group keys as ONE string (group_concat, split here) and the numbers
  // row by row — a text value per row costs more than all the numbers of the row together.
  const keysOf = db.prepare(`SELECT group_concat(k, char(2)) FROM (SELECT ${key} AS k FROM opportunities WHERE ${where} AND id > @lo AND id <= @hi ORDER BY id)`).pluck();
  const numsOf = db.prepare(`SELECT first_seen, last_seen, size, net_profit, best_net_profit${extra.map((c) => ', ' + c).join('')} FROM opportunities WHERE ${where} AND id > @lo AND id <= @hi ORDER BY id`).raw(true);
  const maxId = Number(db.prepare('SELECT coalesce(max(id), 0) FROM opportunities').pluck().get());
  const codes = new Map<string, number>();
  const groups: EpisodeGroup[] = [];
  let i = 0;
  for (let lo = 0; lo < maxId && i < n; lo += CHUNK) {
    const range = { ...params, lo, hi: lo + CHUNK };
    const text = keysOf.get(range) as string | null;
    if (text === null) continue;
    let j = i;
    for (const k of text.split('\u0002')) {
      let c = codes.get(k);
      if (c === undefined) {
        const [kind, buyVenue, sellVenue, symbol, reason] = k.split('\u0001');
        codes.set(k, (c = groups.length));
        groups.push({ kind, buyVenue, sellVenue, symbol, reason });
      }
      if (j < n) cols.group[j++] = c;
    }
    for (const r of numsOf.iterate(range) as IterableIterator<unknown[]>) {
      if (i >= n) break;
      cols.firstSeen[i] = r[0] as number;
      cols.lastSeen[i] = r[1] as number;
      cols.lastSize[i] = r[2] as number;
      cols.lastNetProfit[i] = r[3] as number;
      cols.bestNetProfit[i] = r[4] as number;
      for (let x = 0; x < opt.length; x++) opt[x][i] = (r[5 + x] as number | null) ?? NaN;
      i++;
    }
  }
  const cut = <T extends Float64Array | Int32Array>(a: T): T => (i === n ? a : (a.subarray(0, i) as T));
  const byName = (name: (typeof OPTIONAL)[number]) => (extra.includes(name) ? cut(opt[extra.indexOf(name)]) : undefined);
  return {
    n: i,
    groups,
    group: cut(cols.group),
    firstSeen: cut(cols.firstSeen),
    lastSeen: cut(cols.lastSeen),
    lastSize: cut(cols.lastSize),
    lastNetProfit: cut(cols.lastNetProfit),
    bestNetProfit: cut(cols.bestNetProfit),
    firstSize: byName('first_size'),
    firstNetProfit: byName('first_net_profit'),
    bestSize: byName('best_size'),
  };
}

/** Distinct kinds and venues recorded (to name a filter that matches nothing). */
export function episodeNames(db: DB): { kinds: string[]; venues: string[] } {
  const kinds = db.prepare('SELECT DISTINCT kind FROM opportunities ORDER BY kind').pluck().all() as string[];
  const venues = db.prepare('SELECT buy_venue FROM opportunities WHERE buy_venue IS NOT NULL UNION SELECT sell_venue FROM opportunities WHERE sell_venue IS NOT NULL').pluck().all() as string[];
  return { kinds, venues: venues.sort() };
}

function whereOf(f: EpisodeFilter): { where: string; params: Record<string, unknown> } {
  const where = ['1 = 1'];
  const params: Record<string, unknown> = {};
  if (f.fromMs !== undefined) where.push('first_seen >= @from'), (params.from = f.fromMs);
  if (f.toMs !== undefined) where.push('first_seen <= @to'), (params.to = f.toMs);
  if (f.kinds?.length) where.push(`kind IN (${f.kinds.map((k, i) => ((params[`k${i}`] = k), `@k${i}`)).join(', ')})`);
  if (f.venues?.length) {
    const set = f.venues.map((v, i) => ((params[`v${i}`] = v), `@v${i}`)).join(', ');
    where.push(`(buy_venue IS NOT NULL OR sell_venue IS NOT NULL) AND (buy_venue IS NULL OR buy_venue IN (${set})) AND (sell_venue IS NULL OR sell_venue IN (${set}))`);
  }
  return { where: where.join(' AND '), params };
}
