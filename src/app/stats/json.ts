/** `arblens stats --json`: the result with times as ISO strings beside epoch ms and one `by<Dimension>` object per --by. */
import { AGE_EDGES_MS, type StatsResult } from './summarise.js';

export function statsJson(r: StatsResult): Record<string, unknown> {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const by = Object.fromEntries(Object.entries(r.by).map(([d, g]) => ['by' + d[0].toUpperCase() + d.slice(1), g]));
  return {
    episodes: r.episodes,
    from: iso(r.fromMs),
    fromMs: r.fromMs,
    to: iso(r.toMs),
    toMs: r.toMs,
    spanHours: r.spanHours,
    quantileMethod: r.quantileMethod,
    recorded: r.recorded,
    ageEdgesMs: AGE_EDGES_MS,
    total: r.total,
    ...by,
  };
}
