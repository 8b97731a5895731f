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
  /** Hour of day (UTC, 0–23) of the first sighting. */
  readonly hour: number;
}

/** Every episode: its group and lifetime (exact counts, shares and lifetime quantiles). */
export interface EpisodeColumns {
  readonly n: number;
  readonly groups: readonly EpisodeGroup[];
  /** Index into `groups`, per episode. */
  readonly group: Int32Array;
  /** last seen − first seen, ms. */
  readonly lifetime: Float64Array;
  /** Earliest first sighting and latest last sighting of the rows read (NaN when none). */
  readonly minFirstSeen: number;
  readonly maxLastSeen: number;
  /** Sizes and profits: of every episode (rate 1), or of a uniform sample on large tables. */
  readonly figures: EpisodeFigures;
}

export interface EpisodeFigures {
  readonly n: number;
  /** Share of the episodes sampled (1: all of them). */
  readonly rate: number;
  readonly group: Int32Array;
  readonly lifetime: Float64Array;
  /** Figures of the latest sighting (the store updates them on every sighting). */
  readonly lastSize: Float64Array;
  readonly lastNetProfit: Float64Array;
  readonly bestNetProfit: Float64Array;
  /** Present only when the store records them (columns first_size, first_net_profit, best_size). */
  readonly firstSize?: Float64Array;
  readonly firstNetProfit?: Float64Array;
  readonly bestSize?: Float64Array;
}

/** Row ids per chunk: one statement per chunk, a few MB of text at most. */
const CHUNK = 200_000;
/**
 * Above this many episodes sizes and profits are read for a uniform sample of about this many
 * (row ids hashed, so no pattern in the ids biases it); counts, shares and lifetimes stay exact.
 */
export const FIGURES_SAMPLE = 1_000_000;
const OPTIONAL = ['first_size', 'first_net_profit', 'best_size'] as const;

/** Reads the episodes matching `f` as columns, in id order, inside one read transaction (one snapshot). */
export function readEpisodeColumns(db: DB, f: EpisodeFilter = {}, sampleAbove = FIGURES_SAMPLE): EpisodeColumns {
  return db.transaction(() => {
    const plan = planEpisodeRead(db, f, sampleAbove);
    return readEpisodeRange(db, f, plan.rate, 0, plan.maxId);
  }).deferred();
}

/** How many episodes match, the share whose figures are read, and the last row id. */
export interface EpisodePlan {
  readonly n: number;
  readonly rate: number;
  readonly maxId: number;
}

export function planEpisodeRead(db: DB, f: EpisodeFilter = {}, sampleAbove = FIGURES_SAMPLE): EpisodePlan {
  const { where, params } = whereOf(f);
  const n = Number(db.prepare(`SELECT count(*) FROM opportunities WHERE ${where}`).pluck().get(params));
  const maxId = Number(db.prepare('SELECT coalesce(max(id), 0) FROM opportunities').pluck().get());
  return { n, rate: n > sampleAbove ? sampleAbove / n : 1, maxId };
}

/** The episodes with lo < id ≤ hi as columns (one part of a read split between threads). */
export function readEpisodeRange(db: DB, f: EpisodeFilter, rate: number, lo: number, hi: number): EpisodeColumns {
  const { where, params } = whereOf(f);
  const have = new Set((db.prepare("SELECT name FROM pragma_table_info('opportunities')").pluck().all() as string[]));
  const extra = OPTIONAL.filter((c) => have.has(c));
  const n = Number(db.prepare(`SELECT count(*) FROM opportunities WHERE ${where} AND id > @lo AND id <= @hi`).pluck().get({ ...params, lo, hi }));
  // The group key: kind, venues, symbol, close reason and UTC hour of the first sighting, built
  // by one printf (a chain of || allocates a string per step). printf writes NULL as ''.
  const key = `printf('%s\x01%s\x01%s\x01%s\x01%s\x01%d', kind, buy_venue, sell_venue, symbol, iif(closed, coalesce(close_reason, 'unknown'), 'open'), (first_seen / 3600000) % 24)`;
  // Per chunk of row ids, ONE row: the group keys joined by char(2) and every number column as a
  // comma-separated list (group_concat; every aggregate sees the same rows in the same order). A
  // value per row handed to JS costs about a microsecond; these strings are parsed in a tight
  // loop instead. Money and sizes travel as integers of 1e-8 and 1e-6 units (SQLite prints an
  // integer several times faster than a REAL): that is the precision of the figures read.
  const scaled = (c: string, scale: number) => `CAST(round(${c} * ${scale}) AS INTEGER)`;
  const life = { sql: 'max(CAST(last_seen - first_seen AS INTEGER), 0)', scale: 1 };
  const figures: { sql: string; scale: number }[] = [
    life,
    { sql: scaled('size', 1e6), scale: 1e6 },
    { sql: scaled('net_profit', 1e8), scale: 1e8 },
    { sql: scaled('best_net_profit', 1e8), scale: 1e8 },
    ...extra.map((c) => ({ sql: `coalesce(${scaled(c, c === 'first_net_profit' ? 1e8 : 1e6)}, 'N')`, scale: c === 'first_net_profit' ? 1e8 : 1e6 })),
  ];
  const select = (cols: { sql: string }[]) =>
    db.prepare(`SELECT group_concat(${key}, char(2)), ${cols.map((x) => `group_concat(${x.sql})`).join(', ')}, min(first_seen), max(last_seen), count(*) FROM opportunities WHERE ${where} AND id > @lo AND id <= @hi`).raw(true);
  // On a large table the sample rides in the same statement: a row is sampled when the Fibonacci
  // hash of its id (sequential ids spread evenly over [0, 2^32)) is under the cut; its lifetime
  // is written as −1 − lifetime (a mark read back below) and only sampled rows add figures.
  const hashed = '((id * 2654435761) & 4294967295) < @cut';
  const merged = [{ sql: `CASE WHEN ${hashed} THEN -1 - ${life.sql} ELSE ${life.sql} END`, scale: 1 }, ...figures.slice(1).map((x) => ({ sql: `CASE WHEN ${hashed} THEN ${x.sql} END`, scale: x.scale }))];
  const all = new Reader(n, rate === 1 ? figures : merged, select(rate === 1 ? figures : merged));
  const sample = rate === 1 ? all : new Reader(Math.ceil(n * rate * 1.1) + 1000, figures, undefined);
  const codes = new Map<string, number>();
  const groups: EpisodeGroup[] = [];
  const codeOf = (k: string) => {
    let c = codes.get(k);
    if (c === undefined) {
      const [kind, buyVenue, sellVenue, symbol, reason, hour] = k.split('\u0001');
      codes.set(k, (c = groups.length));
      groups.push({ kind, buyVenue, sellVenue, symbol, reason, hour: Number(hour) });
    }
    return c;
  };
  for (let at = lo; at < hi && all.i < n; at += CHUNK) {
    const range = { ...params, lo: at, hi: Math.min(hi, at + CHUNK), cut: Math.floor(rate * 4294967296) };
    all.read(range, codeOf, sample === all ? undefined : sample);
  }
  const fig = sample.columns();
  const a = all.columns();
  return {
    n: all.i,
    groups,
    group: a[0] as Int32Array,
    lifetime: a[1] as Float64Array,
    minFirstSeen: all.i ? all.minFirst : NaN,
    maxLastSeen: all.i ? all.maxLast : NaN,
    figures: {
      n: sample.i,
      rate,
      group: fig[0] as Int32Array,
      lifetime: fig[1] as Float64Array,
      lastSize: fig[2] as Float64Array,
      lastNetProfit: fig[3] as Float64Array,
      bestNetProfit: fig[4] as Float64Array,
      ...Object.fromEntries(extra.map((c, x) => [c === 'first_size' ? 'firstSize' : c === 'first_net_profit' ? 'firstNetProfit' : 'bestSize', fig[5 + x]])),
    },
  };
}

/** Fills columns (group code + numbers) chunk by chunk from one group_concat statement. */
class Reader {
  i = 0;
  minFirst = Infinity;
  maxLast = -Infinity;
  private readonly group: Int32Array;
  private readonly nums: Float64Array[];

  constructor(
    private readonly cap: number,
    private readonly spec: readonly { scale: number }[],
    private readonly stmt: ReturnType<DB['prepare']> | undefined,
  ) {
    this.group = new Int32Array(cap);
    this.nums = spec.map(() => new Float64Array(cap));
  }

  /**
   * One chunk. With `sample`, the statement is the merged one: column 1 holds every lifetime
   * (sampled rows marked negative) and the next columns the sampled rows' figures only.
   */
  read(range: Record<string, unknown>, codeOf: (key: string) => number, sample?: Reader): void {
    const row = this.stmt!.get(range) as (string | number | null)[];
    const rows = row[row.length - 1] as number;
    if (!rows || this.i + rows > this.cap) return; // over capacity cannot happen inside one read transaction
    this.minFirst = Math.min(this.minFirst, row[row.length - 3] as number);
    this.maxLast = Math.max(this.maxLast, row[row.length - 2] as number);
    let j = this.i;
    for (const k of (row[0] as string).split('\u0002')) this.group[j++] = codeOf(k);
    const own = sample ? 1 : this.nums.length;
    for (let x = 0; x < own; x++) scaleInto(String(row[1 + x]), this.nums[x], this.i, this.spec[x].scale);
    if (sample) {
      const life = this.nums[0];
      const from = sample.i;
      for (let y = this.i; y < this.i + rows; y++) {
        if (life[y] >= 0) continue;
        life[y] = -life[y] - 1;
        if (sample.i === sample.cap) continue;
        sample.group[sample.i] = this.group[y];
        sample.nums[0][sample.i++] = life[y];
      }
      for (let x = 1; x < sample.nums.length; x++) if (row[1 + x] !== null) scaleInto(String(row[1 + x]), sample.nums[x], from, sample.spec[x].scale);
    }
    this.i += rows;
  }

  /** [group, ...numbers], cut to the rows read. */
  columns(): (Int32Array | Float64Array)[] {
    return [this.group.subarray(0, this.i), ...this.nums.map((a) => a.subarray(0, this.i))];
  }
}

/** Parses a list into `out` at `at`, divided by `scale` (money and sizes travel as scaled integers). */
function scaleInto(text: string, out: Float64Array, at: number, scale: number): void {
  const k = parseNumberList(text, out, at);
  if (scale !== 1) for (let y = at; y < at + k; y++) out[y] /= scale;
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

/**
 * Parses a comma-separated list of numbers as SQLite writes them (group_concat of INTEGER or REAL:
 * `12`, `-0.5`, `1.5e-05`; `N…` for a missing value) straight into a typed array. Up to 15
 * significant digits the result is the correctly rounded double: an integer mantissa below 2^53
 * scaled by one exact power of ten.
 */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

function parseNumberList(text: string, out: Float64Array, at: number): number {
  const n = text.length;
  let i = 0;
  let k = at;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c === 78 /* N */ || c === 73 /* I */ || (c === 45 && text.charCodeAt(i + 1) === 73)) {
      // NULL written as N (NaN), or SQLite's Inf / -Inf.
      out[k++] = c === 78 ? NaN : c === 45 ? -Infinity : Infinity;
      while (i < n && text.charCodeAt(i) !== 44) i++;
      i++;
      continue;
    }
    let neg = false;
    if (c === 45) (neg = true), (c = text.charCodeAt(++i));
    let mant = 0;
    let scale = 0;
    let digits = 0;
    while (c >= 48 && c <= 57) (mant = mant * 10 + (c - 48)), digits++, (c = text.charCodeAt(++i));
    if (c === 46) {
      c = text.charCodeAt(++i);
      while (c >= 48 && c <= 57) (mant = mant * 10 + (c - 48)), scale--, digits++, (c = text.charCodeAt(++i));
    }
    if (c === 101 || c === 69) {
      c = text.charCodeAt(++i);
      let eneg = false;
      if (c === 45 || c === 43) (eneg = c === 45), (c = text.charCodeAt(++i));
      let e = 0;
      while (c >= 48 && c <= 57) (e = e * 10 + (c - 48)), (c = text.charCodeAt(++i));
      scale += eneg ? -e : e;
    }
    let v: number;
    if (digits > 15 || scale < -22 || scale > 22) v = Number(text.slice(startOf(text, i), i)); // rare: let the platform round it
    else v = scale < 0 ? mant / POW10[-scale] : mant * POW10[scale];
    out[k++] = neg && !(digits > 15 || scale < -22 || scale > 22) ? -v : v;
    i++; // the comma
  }
  return k - at;
}

/** Start of the number that ends at `end` (after the previous comma). */
function startOf(text: string, end: number): number {
  const comma = text.lastIndexOf(',', end - 1);
  return comma + 1;
}

/** One set of columns from parts read separately (threads): group codes remapped to one list. */
export function mergeEpisodeColumns(parts: readonly EpisodeColumns[]): EpisodeColumns {
  if (parts.length === 1) return parts[0];
  const codes = new Map<string, number>();
  const groups: EpisodeGroup[] = [];
  const remap = parts.map((p) =>
    Int32Array.from(p.groups, (g) => {
      const k = [g.kind, g.buyVenue, g.sellVenue, g.symbol, g.reason, g.hour].join('\u0001');
      let c = codes.get(k);
      if (c === undefined) codes.set(k, (c = groups.push(g) - 1));
      return c;
    }),
  );
  const cat = (pick: (p: EpisodeColumns) => Float64Array | undefined): Float64Array | undefined => {
    if (parts.some((p) => !pick(p))) return undefined;
    const out = new Float64Array(parts.reduce((a, p) => a + pick(p)!.length, 0));
    let at = 0;
    for (const p of parts) out.set(pick(p)!, at), (at += pick(p)!.length);
    return out;
  };
  const codesOf = (pick: (p: EpisodeColumns) => Int32Array) => {
    const out = new Int32Array(parts.reduce((a, p) => a + pick(p).length, 0));
    let at = 0;
    parts.forEach((p, k) => {
      for (const c of pick(p)) out[at++] = remap[k][c];
    });
    return out;
  };
  const fig = (pick: (f: EpisodeFigures) => Float64Array | undefined) => cat((p) => pick(p.figures));
  const sampled = parts.reduce((a, p) => a + p.figures.n, 0);
  return {
    n: parts.reduce((a, p) => a + p.n, 0),
    groups,
    group: codesOf((p) => p.group),
    lifetime: cat((p) => p.lifetime)!,
    minFirstSeen: Math.min(...parts.filter((p) => p.n).map((p) => p.minFirstSeen)),
    maxLastSeen: Math.max(...parts.filter((p) => p.n).map((p) => p.maxLastSeen)),
    figures: {
      n: sampled,
      rate: parts[0].figures.rate,
      group: codesOf((p) => p.figures.group),
      lifetime: fig((f) => f.lifetime)!,
      lastSize: fig((f) => f.lastSize)!,
      lastNetProfit: fig((f) => f.lastNetProfit)!,
      bestNetProfit: fig((f) => f.bestNetProfit)!,
      firstSize: fig((f) => f.firstSize),
      firstNetProfit: fig((f) => f.firstNetProfit),
      bestSize: fig((f) => f.bestSize),
    },
  };
}
