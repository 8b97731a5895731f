import type { TrackedOpportunity } from '../../engine/live-ranker.js';

/** Orders the `s` key cycles through. */
export const SORTS = ['profit', 'pct', 'lifetime', 'age'] as const;
export type SortKey = (typeof SORTS)[number];

export const SORT_LABEL: Record<SortKey, string> = { profit: 'net profit', pct: 'net %', lifetime: 'lifetime', age: 'freshest' };

export function nextSort(s: SortKey): SortKey {
  return SORTS[(SORTS.indexOf(s) + 1) % SORTS.length];
}

/** What the table shows: the live set filtered by symbol substring and sorted; ties by id. */
export function viewRows(live: readonly TrackedOpportunity[], sort: SortKey, filter: string): TrackedOpportunity[] {
  const f = filter.trim().toUpperCase();
  const rows = f ? live.filter((t) => t.opp.symbol.toUpperCase().includes(f)) : [...live];
  const key = (t: TrackedOpportunity) =>
    sort === 'profit' ? t.opp.netProfit : sort === 'pct' ? t.opp.netSpreadPct : sort === 'lifetime' ? t.lifetimeMs : -t.opp.ageMs;
  return rows.sort((a, b) => key(b) - key(a) || (a.opp.id < b.opp.id ? -1 : a.opp.id > b.opp.id ? 1 : 0));
}

/** Moves the selection by `delta` rows, keeping it on the same opportunity when rows reorder. */
export function moveSelection(rows: readonly TrackedOpportunity[], selectedId: string | undefined, delta: number): string | undefined {
  if (rows.length === 0) return undefined;
  const i = rows.findIndex((r) => r.opp.id === selectedId);
  // No (or a vanished) selection means the first row, which the table shows as selected.
  const j = Math.max(0, Math.min(rows.length - 1, Math.max(0, i) + delta));
  return rows[j].opp.id;
}
