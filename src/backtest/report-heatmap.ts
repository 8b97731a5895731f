/**
 * A grid's optimised metric over two of its parameters, as an inline SVG heatmap: one cell per
 * (x, y) pair, darker = better, grey = undefined or an invalid combination, the best cell
 * outlined, each cell's value in its tooltip. With more than two varied parameters, each cell
 * shows the best value over the others (and the caption says so).
 */
import type { Metrics } from './metrics.js';
import type { Params } from './types.js';

export interface HeatmapInput {
  readonly rows: readonly { readonly params: Params; readonly metrics: Metrics }[];
  /** Parameters with more than one value, in grid order. */
  readonly axes: readonly string[];
  readonly key: keyof Metrics;
}

export interface Heatmap {
  readonly x: string;
  readonly y: string;
  readonly xs: number[];
  readonly ys: number[];
  /** cells[yi][xi]: the metric (best over other parameters), NaN when none. */
  readonly cells: number[][];
}

export function heatmapCells(h: HeatmapInput): Heatmap | undefined {
  if (h.axes.length < 2) return undefined;
  const [x, y] = h.axes;
  const xs = [...new Set(h.rows.map((r) => r.params[x]))].sort((a, b) => a - b);
  const ys = [...new Set(h.rows.map((r) => r.params[y]))].sort((a, b) => a - b);
  const cells = ys.map(() => xs.map(() => NaN));
  for (const r of h.rows) {
    const v = r.metrics[h.key] as number;
    if (!Number.isFinite(v)) continue;
    const yi = ys.indexOf(r.params[y]);
    const xi = xs.indexOf(r.params[x]);
    if (!(cells[yi][xi] >= v)) cells[yi][xi] = v;
  }
  return { x, y, xs, ys, cells };
}

const CELL = 34;

export function heatmapSvg(h: HeatmapInput, label: string): string {
  const m = heatmapCells(h);
  if (!m) return '';
  let lo = Infinity;
  let hi = -Infinity;
  for (const row of m.cells) for (const v of row) if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  const left = 56;
  const top = 8;
  const w = left + m.xs.length * CELL + 8;
  const hgt = top + m.ys.length * CELL + 40;
  const colour = (v: number) => {
    if (!Number.isFinite(v)) return '#d0d7de';
    const f = hi > lo ? (v - lo) / (hi - lo) : 1;
    // White-ish (worst) to deep blue (best).
    const mix = (a: number, b: number) => Math.round(a + (b - a) * f);
    return `rgb(${mix(240, 9)},${mix(246, 105)},${mix(252, 218)})`;
  };
  const cells: string[] = [];
  m.ys.forEach((yv, yi) =>
    m.xs.forEach((xv, xi) => {
      const v = m.cells[yi][xi];
      // Larger y values at the top, like a chart.
      const cy = top + (m.ys.length - 1 - yi) * CELL;
      const best = Number.isFinite(v) && v === hi;
      cells.push(
        `<rect class="cell" data-x="${xv}" data-y="${yv}" data-v="${Number.isFinite(v) ? v : ''}" x="${left + xi * CELL}" y="${cy}" width="${CELL - 1}" height="${CELL - 1}" fill="${colour(v)}"${best ? ' stroke="#cf222e" stroke-width="2"' : ''}><title>${m.x}=${xv} ${m.y}=${yv}: ${label} ${Number.isFinite(v) ? v.toPrecision(4) : '—'}</title></rect>`,
      );
    }),
  );
  const xl = m.xs.map((xv, xi) => `<text x="${left + xi * CELL + CELL / 2}" y="${top + m.ys.length * CELL + 14}" text-anchor="middle">${xv}</text>`).join('');
  const yl = m.ys.map((yv, yi) => `<text x="${left - 6}" y="${top + (m.ys.length - 1 - yi) * CELL + CELL / 2 + 4}" text-anchor="end">${yv}</text>`).join('');
  const names = `<text x="${left + (m.xs.length * CELL) / 2}" y="${hgt - 6}" text-anchor="middle" font-weight="600">${m.x}</text><text x="12" y="${top + (m.ys.length * CELL) / 2}" text-anchor="middle" font-weight="600" transform="rotate(-90 12 ${top + (m.ys.length * CELL) / 2})">${m.y}</text>`;
  const others = h.axes.slice(2);
  const caption = `<p class="sub">${label} over ${m.x} × ${m.y}${others.length ? `, each cell the best over ${others.join(', ')}` : ''}; darker is better, outlined: the best (${Number.isFinite(hi) ? hi.toPrecision(4) : '—'}), grey: undefined or invalid. Range ${Number.isFinite(lo) ? lo.toPrecision(4) : '—'} … ${Number.isFinite(hi) ? hi.toPrecision(4) : '—'}.</p>`;
  return `<svg id="heatmap" class="heatmap" viewBox="0 0 ${w} ${hgt}" width="${w}" height="${hgt}" xmlns="http://www.w3.org/2000/svg" font-size="11">${cells.join('')}${xl}${yl}${names}</svg>${caption}`;
}
