/**
 * Episode statistics from columns (store/episodes.ts): per group of a dimension — count,
 * lifetime quantiles (exact, nearest rank), median size and net profit when first seen / at best
 * / when last seen, profit by the age an episode reached, close reasons, episodes per hour and a
 * lifetime histogram. Rows are bucketed once per dimension (a counting sort into a permutation),
 * then every figure of a group is one pass or one selection over its rows: O(n) per dimension.
 */
import type { EpisodeColumns } from '../../store/episodes.js';
import { quantiles } from './quantile.js';

export type StatsDimension = 'kind' | 'pair' | 'symbol' | 'hour';
export const STATS_DIMENSIONS: readonly StatsDimension[] = ['kind', 'pair', 'symbol', 'hour'];

/** Lifetime bucket edges (ms): the histogram's bars and the age points of the profit decay. */
export const AGE_EDGES_MS: readonly number[] = [0, 100, 1_000, 5_000, 30_000, 300_000, 3_600_000];
/** Close reasons always reported (others the store holds are added as they appear). */
export const CLOSE_REASONS: readonly string[] = ['gone', 'stale', 'venue-down', 'recorder-stopped', 'gap', 'open'];

export interface Figures {
  /** Median net profit (quote currency) and median size (base units); null when not recorded. */
  readonly netProfitP50: number | null;
  readonly sizeP50: number | null;
}

export interface AgeBucket {
  readonly fromMs: number;
  /** Exclusive; null for the last, open-ended bucket. */
  readonly toMs: number | null;
  readonly episodes: number;
  /** Median net profit when last seen, of the episodes whose lifetime falls in this bucket. */
  readonly lastNetProfitP50: number | null;
  readonly bestNetProfitP50: number | null;
}

export interface GroupStats {
  readonly episodes: number;
  readonly lifetimeMs: { readonly p50: number | null; readonly p90: number | null; readonly p99: number | null; readonly max: number | null; readonly mean: number | null };
  readonly firstSeen: Figures;
  readonly best: Figures;
  readonly lastSeen: Figures;
  readonly decay: readonly AgeBucket[];
  /** Episodes per close reason (`open`: not closed yet). */
  readonly closes: Readonly<Record<string, number>>;
  /** The same in percent of the group's episodes. */
  readonly closeSharePct: Readonly<Record<string, number>>;
  readonly episodesPerHour: number | null;
  /** Lifetime histogram: counts per AGE_EDGES_MS bucket. */
  readonly histogram: readonly number[];
  /**
   * Sizes and profits (medians, decay) come from a uniform sample on large tables: how many of
   * the group's episodes were sampled and the rank error ε — each median is the sample's, and the
   * true one lies between the (0.5 − ε) and (0.5 + ε) quantiles with 99 % confidence
   * (Dvoretzky–Kiefer–Wolfowitz: ε = √(ln(2 / 0.01) / (2m))). null when every episode was read.
   */
  readonly figuresSample: { readonly episodes: number; readonly rankError: number | null } | null;
}

export interface StatsResult {
  readonly episodes: number;
  readonly fromMs: number | null;
  readonly toMs: number | null;
  /** Hours the rate figures divide by: the --from/--to window, else first to last sighting. */
  readonly spanHours: number | null;
  readonly quantileMethod: string;
  /** Share of the episodes whose sizes and profits were read (1: all; see figuresSample). */
  readonly figuresRate: number;
  /** Which first-seen / best-size figures the store records. */
  readonly recorded: { readonly firstSeen: boolean; readonly bestSize: boolean };
  readonly total: GroupStats;
  readonly by: Partial<Record<StatsDimension, Record<string, GroupStats>>>;
}

/** Summarises the columns for the requested dimensions. */
export function summarise(c: EpisodeColumns, dims: readonly StatsDimension[], window: { fromMs?: number; toMs?: number } = {}): StatsResult {
  const from = window.fromMs ?? (c.n ? c.minFirstSeen : undefined);
  const to = window.toMs ?? (c.n ? c.maxLastSeen : undefined);
  const spanHours = from !== undefined && to !== undefined ? Math.max(to - from, 1) / 3_600_000 : null;
  // Per row once: its age bucket and its close reason's index (not a string lookup per group).
  const age = ages(c.lifetime, c.n);
  const fig = c.figures;
  const figAge = fig.lifetime === c.lifetime ? age : ages(fig.lifetime, fig.n);
  const reasons = [...new Set([...CLOSE_REASONS, ...c.groups.map((g) => g.reason)])];
  const reasonOfGroup = Int32Array.from(c.groups, (g) => reasons.indexOf(g.reason));
  const ctx: Ctx = { c, age, figAge, reasons, reasonOfGroup, scratch: new Float64Array(fig.n), lifetimes: new Float64Array(c.n), spanHours, byGroup: perGroup(c, age) };
  const by: StatsResult['by'] = {};
  for (const d of dims) by[d] = byDimension(ctx, d);
  const allFigs = { perm: identity(fig.n), lo: 0, hi: fig.n };
  const exact = exactByLabel(ctx, new Int32Array(c.groups.length), 1);
  return {
    episodes: c.n,
    fromMs: from ?? null,
    toMs: to ?? null,
    spanHours,
    quantileMethod: fig.rate === 1 ? 'exact (nearest rank: the ⌈p·n⌉-th smallest)' : `lifetimes exact (nearest rank); sizes and profits from a uniform sample of ${fig.n} episodes (${(fig.rate * 100).toPrecision(3)} %), rank error per group in figuresSample`,
    figuresRate: fig.rate,
    recorded: { firstSeen: !!fig.firstNetProfit, bestSize: !!fig.bestSize },
    total: groupStats(ctx, exact, 0, allFigs, spanHours),
    by,
  };
}

interface Ctx {
  readonly c: EpisodeColumns;
  readonly age: Uint8Array;
  readonly figAge: Uint8Array;
  readonly reasons: readonly string[];
  readonly reasonOfGroup: Int32Array;
  /** Scratch for the figures' medians (sample size). */
  readonly scratch: Float64Array;
  /** Every lifetime, laid out label by label (exactByLabel). */
  readonly lifetimes: Float64Array;
  readonly byGroup: PerGroup;
  readonly spanHours: number | null;
}

/** Per label, from one sequential pass: counts, lifetime sum/max, histogram, close reasons, and the lifetimes laid out label by label. */
interface Exact {
  readonly count: Float64Array;
  readonly sum: Float64Array;
  readonly max: Float64Array;
  /** labels × age buckets. */
  readonly hist: Float64Array;
  /** labels × reasons. */
  readonly reasons: Float64Array;
  readonly start: Int32Array;
}

/** Per group code, from ONE pass over every episode: the exact figures, and the lifetimes laid out group by group. */
interface PerGroup {
  readonly count: Float64Array;
  readonly sum: Float64Array;
  readonly max: Float64Array;
  /** groups × age buckets. */
  readonly hist: Float64Array;
  readonly start: Int32Array;
  readonly lifetimes: Float64Array;
}

function perGroup(c: EpisodeColumns, age: Uint8Array): PerGroup {
  const G = c.groups.length;
  const A = AGE_EDGES_MS.length;
  const life = c.lifetime;
  const count = new Float64Array(G);
  const sum = new Float64Array(G);
  const max = new Float64Array(G).fill(-Infinity);
  const hist = new Float64Array(G * A);
  for (let i = 0; i < c.n; i++) {
    const g = c.group[i];
    const x = life[i];
    count[g]++;
    sum[g] += x;
    if (x > max[g]) max[g] = x;
    hist[g * A + age[i]]++;
  }
  const start = new Int32Array(G + 1);
  for (let g = 0; g < G; g++) start[g + 1] = start[g] + count[g];
  const at = start.slice();
  const lifetimes = new Float64Array(c.n);
  for (let i = 0; i < c.n; i++) lifetimes[at[c.group[i]]++] = life[i];
  return { count, sum, max, hist, start, lifetimes };
}

/**
 * A dimension's labels rolled up from the groups (each group belongs to one label): sums over a
 * few hundred groups, and each label's lifetimes copied as whole runs (memory copies) — every
 * episode is visited once for all dimensions, in perGroup.
 */
function exactByLabel(ctx: Ctx, groupLabel: Int32Array, labels: number): Exact {
  const pg = ctx.byGroup;
  const G = groupLabel.length;
  const A = AGE_EDGES_MS.length;
  const R = ctx.reasons.length;
  const count = new Float64Array(labels);
  const sum = new Float64Array(labels);
  const max = new Float64Array(labels).fill(-Infinity);
  const hist = new Float64Array(labels * A);
  const reasons = new Float64Array(labels * R);
  for (let g = 0; g < G; g++) {
    const b = groupLabel[g];
    count[b] += pg.count[g];
    sum[b] += pg.sum[g];
    if (pg.max[g] > max[b]) max[b] = pg.max[g];
    for (let a = 0; a < A; a++) hist[b * A + a] += pg.hist[g * A + a];
    reasons[b * R + ctx.reasonOfGroup[g]] += pg.count[g];
  }
  const start = new Int32Array(labels + 1);
  for (let b = 0; b < labels; b++) start[b + 1] = start[b] + count[b];
  const at = start.slice();
  for (let g = 0; g < G; g++) {
    const b = groupLabel[g];
    ctx.lifetimes.set(pg.lifetimes.subarray(pg.start[g], pg.start[g + 1]), at[b]);
    at[b] += pg.count[g];
  }
  return { count, sum, max, hist, reasons, start };
}

/** A group's rows: perm[lo..hi). */
interface Run {
  readonly perm: Int32Array;
  readonly lo: number;
  readonly hi: number;
}

function ages(life: Float64Array, n: number): Uint8Array {
  const age = new Uint8Array(n);
  for (let i = 0; i < n; i++) age[i] = ageBucket((life[i] = Math.max(0, life[i])));
  return age;
}

function identity(n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return p;
}


/** Rows ordered by label (counting sort): perm and each label's start. */
function byLabel(group: Int32Array, n: number, groupLabel: Int32Array, labels: number): { perm: Int32Array; start: Int32Array } {
  const count = new Int32Array(labels + 1);
  for (let i = 0; i < n; i++) count[groupLabel[group[i]] + 1]++;
  for (let b = 0; b < labels; b++) count[b + 1] += count[b];
  const start = count.slice();
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[count[groupLabel[group[i]]]++] = i;
  return { perm, start };
}

/** Buckets rows by the dimension's label, then summarises each bucket. */
function byDimension(ctx: Ctx, d: StatsDimension): Record<string, GroupStats> {
  const { c } = ctx;
  const fig = c.figures;
  const labels: string[] = [];
  const index = new Map<string, number>();
  const codeOf = (label: string) => index.get(label) ?? (index.set(label, labels.length), labels.push(label), labels.length - 1);
  if (d === 'hour') for (let h = 0; h < 24; h++) codeOf(String(h).padStart(2, '0'));
  const groupLabel = Int32Array.from(c.groups, (g) => codeOf(d === 'kind' ? g.kind : d === 'symbol' ? g.symbol : d === 'hour' ? String(g.hour).padStart(2, '0') : pairLabel(g.buyVenue, g.sellVenue)));
  const exact = exactByLabel(ctx, groupLabel, labels.length);
  const figs = byLabel(fig.group, fig.n, groupLabel, labels.length);
  // Hour of day: each label covers 1/24 of the window's hours.
  const hours = ctx.spanHours === null ? null : d === 'hour' ? ctx.spanHours / 24 : ctx.spanHours;
  const out: Record<string, GroupStats> = {};
  labels.forEach((label, b) => {
    if (exact.count[b] > 0) out[label] = groupStats(ctx, exact, b, { perm: figs.perm, lo: figs.start[b], hi: figs.start[b + 1] }, hours);
  });
  return out;
}

/** `binance>okx` (bought on the first, sold on the second); one venue alone for single-venue kinds. */
export function pairLabel(buy: string, sell: string): string {
  return buy && sell ? `${buy}>${sell}` : buy || sell || '—';
}

/** One group: label `b` of `exact` (every episode: counts, lifetimes) and `figs` (the rows whose sizes and profits were read). */
function groupStats(ctx: Ctx, exact: Exact, b: number, figs: Run, hours: number | null): GroupStats {
  const f = ctx.c.figures;
  const A = AGE_EDGES_MS.length;
  const R = ctx.reasons.length;
  const n = exact.count[b];
  const med = (col: Float64Array | undefined) => (col ? median(ctx, figs.perm, figs.lo, figs.hi, col) : null);
  const hist = Array.from(exact.hist.subarray(b * A, b * A + A));
  const byReason = exact.reasons.subarray(b * R, b * R + R);
  // The usual reasons always appear (0 when none); others only when the store holds them.
  const closes: Record<string, number> = Object.fromEntries(ctx.reasons.map((r, j) => [r, byReason[j]]).filter(([r, x]) => x || CLOSE_REASONS.includes(r as string)));
  const [p50, p90, p99] = quantiles(ctx.lifetimes.subarray(exact.start[b], exact.start[b + 1]), n, [0.5, 0.9, 0.99]);
  const sum = exact.sum[b];
  const max = exact.max[b];
  // The figure rows again by age bucket (counting sort): each bucket's medians read one run.
  const m = figs.hi - figs.lo;
  const at = new Int32Array(AGE_EDGES_MS.length + 1);
  for (let k = figs.lo; k < figs.hi; k++) at[ctx.figAge[figs.perm[k]] + 1]++;
  for (let b = 0; b < AGE_EDGES_MS.length; b++) at[b + 1] += at[b];
  const fill = at.slice();
  const byAge = new Int32Array(m);
  for (let k = figs.lo; k < figs.hi; k++) byAge[fill[ctx.figAge[figs.perm[k]]]++] = figs.perm[k];
  const decay = AGE_EDGES_MS.map((fromMs, b) => ({
    fromMs,
    toMs: AGE_EDGES_MS[b + 1] ?? null,
    episodes: hist[b],
    lastNetProfitP50: median(ctx, byAge, at[b], at[b + 1], f.lastNetProfit),
    bestNetProfitP50: median(ctx, byAge, at[b], at[b + 1], f.bestNetProfit),
  }));
  return {
    episodes: n,
    lifetimeMs: n ? { p50, p90, p99, max, mean: sum / n } : { p50: null, p90: null, p99: null, max: null, mean: null },
    firstSeen: { netProfitP50: med(f.firstNetProfit), sizeP50: med(f.firstSize) },
    best: { netProfitP50: med(f.bestNetProfit), sizeP50: med(f.bestSize) },
    lastSeen: { netProfitP50: med(f.lastNetProfit), sizeP50: med(f.lastSize) },
    decay,
    closes,
    closeSharePct: Object.fromEntries(Object.entries(closes).map(([r, x]) => [r, n ? (x / n) * 100 : 0])),
    episodesPerHour: hours ? n / hours : null,
    histogram: hist,
    figuresSample: f.rate === 1 ? null : { episodes: m, rankError: m ? rankError(m) : null },
  };
}

/** DKW bound at 99 % confidence for m sampled values. */
export function rankError(m: number): number {
  return Math.sqrt(Math.log(2 / 0.01) / (2 * m));
}

export function ageBucket(ms: number): number {
  let b = 0;
  while (b + 1 < AGE_EDGES_MS.length && ms >= AGE_EDGES_MS[b + 1]) b++;
  return b;
}

/** Copies the finite values of `col` at perm[lo..hi) into the scratch array. */
function gather(ctx: Ctx, perm: Int32Array, lo: number, hi: number, col: Float64Array): number {
  let g = 0;
  for (let k = lo; k < hi; k++) {
    const v = col[perm[k]];
    if (v === v) ctx.scratch[g++] = v;
  }
  return g;
}

function median(ctx: Ctx, perm: Int32Array, lo: number, hi: number, col: Float64Array): number | null {
  const g = gather(ctx, perm, lo, hi, col);
  return g ? quantiles(ctx.scratch, g, [0.5])[0] : null;
}
