import { METRIC_LABELS, type Metrics } from './metrics.js';
import type { GridRow } from './grid.js';
import { formatMetric } from './summary.js';

const SHOWN: (keyof Metrics)[] = ['returnPct', 'sharpe', 'sortino', 'maxDrawdownPct', 'trades', 'winRatePct'];

/** Grid results, best first: the varied parameters, then a few key metrics (the ranked one first). */
export function gridTable(rows: readonly GridRow[], key: keyof Metrics, varied: readonly string[]): string {
  const cols: (keyof Metrics)[] = [key, ...SHOWN.filter((k) => k !== key)];
  const head = ['#', ...varied, ...cols.map((k) => METRIC_LABELS[k])];
  const body = rows.map((r, i) => [String(i + 1), ...varied.map((p) => String(r.params[p])), ...cols.map((k) => formatMetric(k, r.metrics[k]))]);
  const w = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  const line = (cells: string[]) => cells.map((x, c) => (c <= varied.length ? x.padEnd(w[c]) : x.padStart(w[c]))).join('  ');
  return [line(head), ...body.map(line)].join('\n');
}
