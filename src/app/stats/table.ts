/** `arblens stats` as text: one table per dimension with a small lifetime histogram per row, then the profit decay. */
import { fmtAge, fmtCompact, fmtNum } from '../../core/format.js';
import { AGE_EDGES_MS, type GroupStats, type StatsResult } from './summarise.js';

// '·' for an empty bucket keeps the seven positions readable (trailing blanks would vanish).
const BARS = '·▁▂▃▄▅▆▇█';

/** One bar per lifetime bucket, scaled to the row's largest bucket. */
export function sparkline(counts: readonly number[]): string {
  const max = Math.max(...counts);
  return counts.map((x) => (max === 0 || x === 0 ? BARS[0] : BARS[Math.max(1, Math.round((x / max) * (BARS.length - 1)))])).join('');
}

const num = (x: number | null, f: (v: number) => string) => (x === null || !Number.isFinite(x) ? '—' : f(x));
const pct = (g: GroupStats, r: string) => fmtNum(g.closeSharePct[r] ?? 0, 0);

export function statsTable(r: StatsResult): string {
  const out: string[] = [];
  const span = r.fromMs !== null && r.toMs !== null ? `${new Date(r.fromMs).toISOString()} → ${new Date(r.toMs).toISOString()}` : 'no episodes';
  out.push(`${fmtNum(r.episodes, 0)} episodes, ${span}; lifetime = last seen − first seen, lifetime quantiles exact`);
  const head = ['', 'episodes', '/hour', 'life p50', 'p90', 'p99', 'best p50', 'last p50', 'gone%', 'stale%', 'down%', 'stop%', 'lifetimes'];
  const dims = Object.entries(r.by) as [string, Record<string, GroupStats>][];
  for (const [dim, groups] of dims.length ? dims : [['all', {}] as [string, Record<string, GroupStats>]]) {
    const rows = [...Object.entries(groups).sort((a, b) => (dim === 'hour' ? a[0].localeCompare(b[0]) : b[1].episodes - a[1].episodes)), ['total', r.total] as const];
    const cells = rows.map(([label, g]) => [
      label,
      fmtNum(g.episodes, 0),
      num(g.episodesPerHour, (v) => fmtNum(v, v < 10 ? 2 : 0)),
      num(g.lifetimeMs.p50, fmtAge),
      num(g.lifetimeMs.p90, fmtAge),
      num(g.lifetimeMs.p99, fmtAge),
      num(g.best.netProfitP50, fmtCompact),
      num(g.lastSeen.netProfitP50, fmtCompact),
      pct(g, 'gone'),
      pct(g, 'stale'),
      pct(g, 'venue-down'),
      pct(g, 'recorder-stopped'),
      sparkline(g.histogram),
    ]);
    const all = [[dim === 'hour' ? 'hour (UTC)' : dim, ...head.slice(1)], ...cells];
    const w = head.map((_, j) => Math.max(...all.map((c) => c[j].length)));
    out.push('', ...all.map((c) => c.map((s, j) => (j === 0 || j === c.length - 1 ? s.padEnd(w[j]) : s.padStart(w[j]))).join('  ').trimEnd()));
  }
  out.push('', `lifetimes: bars for ${AGE_EDGES_MS.map((e, i) => (AGE_EDGES_MS[i + 1] ? `${fmtAge(e)}–${fmtAge(AGE_EDGES_MS[i + 1])}` : `≥${fmtAge(e)}`)).join(', ')}`);
  out.push('', 'Profit by age reached (all episodes): median net profit when last seen / at best');
  for (const b of r.total.decay) {
    if (!b.episodes) continue;
    const range = b.toMs === null ? `≥${fmtAge(b.fromMs)}` : `${fmtAge(b.fromMs)}–${fmtAge(b.toMs)}`;
    out.push(`  ${range.padEnd(12)} ${fmtNum(b.episodes, 0).padStart(10)} episodes  last ${num(b.lastNetProfitP50, fmtCompact).padStart(9)}  best ${num(b.bestNetProfitP50, fmtCompact).padStart(9)}`);
  }
  if (r.figuresRate < 1 && r.total.figuresSample) out.push('', `sizes and profits: from a uniform sample of ${fmtNum(r.total.figuresSample.episodes, 0)} episodes (${(r.figuresRate * 100).toFixed(1)} %); the total's medians are within ±${((r.total.figuresSample.rankError ?? 0) * 100).toFixed(2)} percentile points (99 % confidence), each group's in --json figuresSample`);
  if (!r.recorded.firstSeen) out.push('', 'first-seen figures: this store records only the latest and the best sighting of an episode');
  else out.push('', `first seen: median net profit ${num(r.total.firstSeen.netProfitP50, fmtCompact)}, size ${num(r.total.firstSeen.sizeP50, fmtCompact)}`);
  return out.join('\n');
}
