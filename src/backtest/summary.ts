/** Human output of a run: the metrics as an aligned two-column table and a terminal equity chart. */
import { METRIC_LABELS, type Metrics } from './metrics.js';

export function formatMetric(key: keyof Metrics, v: number | string | boolean): string {
  if (typeof v === 'boolean') return v ? 'YES' : 'no';
  if (typeof v === 'string') return v === '' ? '—' : v.replace('T00:00:00.000Z', '').replace('.000Z', 'Z');
  if (key === 'ruinBar') return Number.isFinite(v) ? String(v) : '—';
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '—' : v > 0 ? '∞' : '−∞';
  if (key === 'trades' || key === 'periodsPerYear') return String(v);
  const digits = key === 'sharpe' || key === 'sortino' || key === 'calmar' || key === 'sqn' || key === 'kelly' || key === 'profitFactor' ? 3 : 2;
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function metricsTable(m: Metrics): string {
  const keys = Object.keys(METRIC_LABELS) as (keyof Metrics)[];
  const width = Math.max(...keys.map((k) => METRIC_LABELS[k].length));
  return keys.map((k) => `${METRIC_LABELS[k].padEnd(width)}  ${formatMetric(k, m[k])}`).join('\n');
}

const BLOCKS = ' ▁▂▃▄▅▆▇█';

/**
 * The equity curve as a block chart, `width` columns × `height` rows (eighth-block resolution),
 * each column the last equity of its slice, with the top and bottom values on the left.
 */
export function equityChart(equity: ArrayLike<number>, width = 64, height = 8): string {
  const n = equity.length;
  if (n === 0) return '';
  const cols = Math.min(width, n);
  const vals: number[] = [];
  for (let c = 0; c < cols; c++) vals.push(equity[Math.min(n - 1, Math.floor(((c + 1) * n) / cols) - 1)]);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (equity[i] < lo) lo = equity[i];
    if (equity[i] > hi) hi = equity[i];
  }
  const span = hi - lo || 1;
  const label = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
  const lw = Math.max(label(hi).length, label(lo).length);
  const rows: string[] = [];
  for (let r = height - 1; r >= 0; r--) {
    let line = '';
    for (const v of vals) {
      const eighths = Math.round(((v - lo) / span) * (height * 8 - 1)) + 1;
      const inRow = Math.max(0, Math.min(8, eighths - r * 8));
      line += BLOCKS[inRow];
    }
    const tag = r === height - 1 ? label(hi) : r === 0 ? label(lo) : '';
    rows.push(`${tag.padStart(lw)} ┤${line}`);
  }
  return rows.join('\n');
}
