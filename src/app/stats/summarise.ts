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
}

export interface StatsResult {
  readonly episodes: number;
  readonly fromMs: number | null;
  readonly toMs: number | null;
  /** Hours the rate figures divide by: the --from/--to window, else first to last sighting. */
  readonly spanHours: number | null;
  readonly quantileMethod: string;
  /** Which first-seen / best-size figures the store records. */
  readonly recorded: { readonly firstSeen: boolean; readonly bestSize: boolean };
  readonly total: GroupStats;
  readonly by: Partial<Record<StatsDimension, Record<string, GroupStats>>>;
}

/** Summarises the columns for the requested dimensions. */
export function summarise(c: EpisodeColumns, dims: readonly StatsDimension[], window: { fromMs?: number; toMs?: number } = {}): StatsResult {
  const life = new Float64Array(c.n);
  let minFirst = Infinity;
  let maxLast = -Infinity;
  for (let i = 0; i < c.n; i++) {
    life[i] = Math.max(0, c.lastSeen[i] - c.firstSeen[i]);
    if (c.firstSeen[i] < minFirst) minFirst = c.firstSeen[i];
    if (c.lastSeen[i] > maxLast) maxLast = c.lastSeen[i];
  }
  const from = window.fromMs ?? (c.n ? minFirst : undefined);
  const to = window.toMs ?? (c.n ? maxLast : undefined);
  const spanHours = from !== undefined && to !== undefined ? Math.max(to - from, 1) / 3_600_000 : null;
  // Per row once: its age bucket and its close reason's index (not a string lookup per group).
  const age = new Uint8Array(c.n);
  for (let i = 0; i < c.n; i++) age[i] = ageBucket(life[i]);
  const reasons = [...new Set([...CLOSE_REASONS, ...c.groups.map((g) => g.reason)])];
  const reasonOfGroup = Int32Array.from(c.groups, (g) => reasons.indexOf(g.reason));
  const ctx: Ctx = { c, life, age, reasons, reasonOfGroup, scratch: new Float64Array(c.n), spanHours };
  const by: StatsResult['by'] = {};
  for (const d of dims) by[d] = byDimension(ctx, d);
  return {
    episodes: c.n,
    fromMs: from ?? null,
    toMs: to ?? null,
    spanHours,
    quantileMethod: 'exact (nearest rank: the ⌈p·n⌉-th smallest)',
    recorded: { firstSeen: !!c.firstNetProfit, bestSize: !!c.bestSize },
    total: groupStats(ctx, identity(c.n), 0, c.n, spanHours),
    by,
  };
}

interface Ctx {
  readonly c: EpisodeColumns;
  readonly life: Float64Array;
  readonly age: Uint8Array;
  readonly reasons: readonly string[];
  readonly reasonOfGroup: Int32Array;
  readonly scratch: Float64Array;
  readonly spanHours: number | null;
}

function identity(n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return p;
}

/** Buckets rows by the dimension's label (counting sort), then summarises each bucket. */
function byDimension(ctx: Ctx, d: StatsDimension): Record<string, GroupStats> {
  const { c } = ctx;
  const labels: string[] = [];
  const index = new Map<string, number>();
  const codeOf = (label: string) => index.get(label) ?? (index.set(label, labels.length), labels.push(label), labels.length - 1);
  const bucket = new Int32Array(c.n);
  if (d === 'hour') {
    for (let h = 0; h < 24; h++) codeOf(String(h).padStart(2, '0'));
    for (let i = 0; i < c.n; i++) bucket[i] = Math.floor(c.firstSeen[i] / 3_600_000) % 24;
  } else {
    const groupLabel = Int32Array.from(c.groups, (g) => codeOf(d === 'kind' ? g.kind : d === 'symbol' ? g.symbol : pairLabel(g.buyVenue, g.sellVenue)));
    for (let i = 0; i < c.n; i++) bucket[i] = groupLabel[c.group[i]];
  }
  const count = new Int32Array(labels.length + 1);
  for (let i = 0; i < c.n; i++) count[bucket[i] + 1]++;
  for (let b = 0; b < labels.length; b++) count[b + 1] += count[b];
  const start = count.slice();
  const perm = new Int32Array(c.n);
  for (let i = 0; i < c.n; i++) perm[count[bucket[i]]++] = i;
  // Hour of day: each label covers 1/24 of the window's hours.
  const hours = ctx.spanHours === null ? null : d === 'hour' ? ctx.spanHours / 24 : ctx.spanHours;
  const out: Record<string, GroupStats> = {};
  labels.forEach((label, b) => {
    if (start[b + 1] > start[b]) out[label] = groupStats(ctx, perm, start[b], start[b + 1], hours);
  });
  return out;
}

/** `binance>okx` (bought on the first, sold on the second); one venue alone for single-venue kinds. */
export function pairLabel(buy: string, sell: string): string {
  return buy && sell ? `${buy}>${sell}` : buy || sell || '—';
}

function groupStats(ctx: Ctx, perm: Int32Array, lo: number, hi: number, hours: number | null): GroupStats {
  const { c, life, age } = ctx;
  const n = hi - lo;
  const med = (col: Float64Array | undefined) => (col ? median(ctx, perm, lo, hi, col) : null);
  let sum = 0;
  let max = -Infinity;
  const hist = new Array<number>(AGE_EDGES_MS.length).fill(0);
  const byReason = new Float64Array(ctx.reasons.length);
  for (let k = lo; k < hi; k++) {
    const i = perm[k];
    sum += life[i];
    if (life[i] > max) max = life[i];
    hist[age[i]]++;
    byReason[ctx.reasonOfGroup[c.group[i]]]++;
  }
  // The usual reasons always appear (0 when none); others only when the store holds them.
  const closes: Record<string, number> = Object.fromEntries(ctx.reasons.map((r, j) => [r, byReason[j]]).filter(([r, x]) => x || CLOSE_REASONS.includes(r as string)));
  const g = gather(ctx, perm, lo, hi, life);
  const [p50, p90, p99] = quantiles(ctx.scratch, g, [0.5, 0.9, 0.99]);
  // Rows again by age bucket (counting sort), so each bucket's medians read one contiguous run.
  const at = new Int32Array(AGE_EDGES_MS.length + 1);
  for (let b = 0; b < hist.length; b++) at[b + 1] = at[b] + hist[b];
  const fill = at.slice();
  const byAge = new Int32Array(n);
  for (let k = lo; k < hi; k++) byAge[fill[age[perm[k]]]++] = perm[k];
  const decay = AGE_EDGES_MS.map((fromMs, b) => ({
    fromMs,
    toMs: AGE_EDGES_MS[b + 1] ?? null,
    episodes: hist[b],
    lastNetProfitP50: median(ctx, byAge, at[b], at[b + 1], c.lastNetProfit),
    bestNetProfitP50: median(ctx, byAge, at[b], at[b + 1], c.bestNetProfit),
  }));
  return {
    episodes: n,
    lifetimeMs: n ? { p50, p90, p99, max, mean: sum / n } : { p50: null, p90: null, p99: null, max: null, mean: null },
    firstSeen: { netProfitP50: med(c.firstNetProfit), sizeP50: med(c.firstSize) },
    best: { netProfitP50: med(c.bestNetProfit), sizeP50: med(c.bestSize) },
    lastSeen: { netProfitP50: med(c.lastNetProfit), sizeP50: med(c.lastSize) },
    decay,
    closes,
    closeSharePct: Object.fromEntries(Object.entries(closes).map(([r, x]) => [r, n ? (x / n) * 100 : 0])),
    episodesPerHour: hours ? n / hours : null,
    histogram: hist,
  };
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
