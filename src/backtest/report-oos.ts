/**
 * The out-of-sample part of a `--report` for `--oos` / `--walk-forward`: one row per window with
 * the in-sample figures of the chosen combination beside its out-of-sample ones, as HTML.
 */
import { METRIC_LABELS, type Metrics } from './metrics.js';
import { foldCells, type OosReport } from './oos.js';
import { formatMetric } from './summary.js';
import { esc } from './html-text.js';

export interface OosInfo {
  readonly report: OosReport;
  /** The metric each train window was optimised on. */
  readonly key: keyof Metrics;
  /** Valid combinations tried on each train window. */
  readonly combinations: number;
}

/** "walk-forward, 4 windows: each test window runs the best of 100 …" — the page's one-line account. */
export function oosSummary(x: OosInfo): string {
  const k = x.report.folds.length;
  const how = x.report.mode === 'walk-forward' ? `walk-forward, ${k} window${k === 1 ? '' : 's'}` : 'hold-out';
  return `${how}: each test window runs the best of ${x.combinations} combinations by ${METRIC_LABELS[x.key]} on its train window, chosen without its test bars; combined out-of-sample return ${x.report.combinedOosReturnPct.toFixed(2)} %`;
}

export function oosTableHtml(x: OosInfo): string {
  const day = (s: string) => s.slice(0, 10);
  const label = METRIC_LABELS[x.key];
  const head = ['Window', 'Train', 'Test', 'Parameters', `${label} in-sample`, `${label} out-of-sample`, 'Return in-sample [%]', 'Return out-of-sample [%]', 'Max. Drawdown out-of-sample [%]'];
  const rows = x.report.folds.map((f, i) => [
    String(i + 1),
    `${day(f.train.from)} → ${day(f.train.to)} (${f.train.bars} bars)`,
    `${day(f.test.from)} → ${day(f.test.to)} (${f.test.bars} bars)`,
    ...foldCells(f, x.key, formatMetric),
  ]);
  return `<table id="oos"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>
${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>`;
}
