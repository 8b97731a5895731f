/**
 * The numbers the `--report` page draws, reduced for display. A long run (a year of minute bars)
 * would make a page of tens of megabytes, so bars are merged into at most `maxPoints` display
 * candles of `bucket` bars each: open of the first bar, highest high, lowest low, close of the
 * last, summed volume; equity, buy-and-hold and the strategy's own series at the bucket's last
 * bar; drawdown at its deepest point within the bucket (so troughs stay visible). Only the
 * display is reduced: every figure in the page is computed from all bars.
 */
import type { BacktestResult, Series, Trade } from './types.js';

export const MAX_DISPLAY_POINTS = 4000;
/** Trade lines drawn on the chart (the page says when there are more). */
export const MAX_DRAWN_TRADES = 20_000;

export interface PlotData {
  readonly name: string;
  readonly color?: string;
  readonly values: (number | null)[];
}

export interface PanelData {
  readonly name: string;
  readonly levels: readonly number[];
  readonly series: PlotData[];
}

export interface ReportData {
  /** Bars per display candle (1 = every bar shown). */
  readonly bucket: number;
  readonly bars: number;
  /** Times in epoch seconds (the chart library's unit), then the display columns. */
  readonly t: number[];
  readonly o: (number | null)[];
  readonly h: (number | null)[];
  readonly l: (number | null)[];
  readonly c: (number | null)[];
  readonly v: (number | null)[];
  readonly equity: (number | null)[];
  readonly hold: (number | null)[];
  /** Drawdown from the running peak, % (≤ 0). */
  readonly dd: (number | null)[];
  readonly overlays: PlotData[];
  readonly panels: PanelData[];
  /** Trades as columns: entry/exit time (s), entry/exit price, 1 = long, return %. */
  readonly trades: { a: number[]; p: (number | null)[]; b: number[]; q: (number | null)[]; long: number[]; r: (number | null)[] };
  readonly tradesTotal: number;
}

/** Seven significant digits: exact enough to read, a third of the bytes of a full double. */
function r7(x: number): number | null {
  return Number.isFinite(x) ? Number(x.toPrecision(7)) : null;
}

export function reportData(series: Series, result: BacktestResult, cash: number, maxPoints = MAX_DISPLAY_POINTS): ReportData {
  const n = series.length;
  const bucket = Math.max(1, Math.ceil(n / maxPoints));
  const m = Math.ceil(n / bucket);
  const { ts, open, high, low, close, volume } = series;
  const eq = result.equity;
  const t: number[] = new Array(m);
  const o: (number | null)[] = new Array(m);
  const h: (number | null)[] = new Array(m);
  const l: (number | null)[] = new Array(m);
  const c: (number | null)[] = new Array(m);
  const v: (number | null)[] = new Array(m);
  const equity: (number | null)[] = new Array(m);
  const hold: (number | null)[] = new Array(m);
  const dd: (number | null)[] = new Array(m);
  // The metrics' drawdown rule: the running peak starts at the starting cash.
  let peak = cash;
  const base = n ? close[0] : NaN;
  for (let b = 0; b < m; b++) {
    const a = b * bucket;
    const z = Math.min(n, a + bucket);
    let hi = -Infinity;
    let lo = Infinity;
    let vol = 0;
    let deepest = 0;
    for (let i = a; i < z; i++) {
      if (high[i] > hi) hi = high[i];
      if (low[i] < lo) lo = low[i];
      vol += volume[i];
      if (eq[i] > peak) peak = eq[i];
      const d = peak > 0 ? (eq[i] / peak - 1) * 100 : -100;
      if (d < deepest) deepest = d;
    }
    t[b] = Math.floor(ts[a] / 1000);
    o[b] = r7(open[a]);
    h[b] = r7(hi);
    l[b] = r7(lo);
    c[b] = r7(close[z - 1]);
    v[b] = r7(vol);
    equity[b] = r7(eq[z - 1]);
    // Buy and hold: the starting cash in the asset at the first close, marked at each close.
    hold[b] = r7((cash * close[z - 1]) / base);
    dd[b] = r7(deepest);
  }
  const sample = (values: ArrayLike<number>): (number | null)[] => {
    const out: (number | null)[] = new Array(m);
    for (let b = 0; b < m; b++) out[b] = r7(values[Math.min(n, (b + 1) * bucket) - 1]);
    return out;
  };
  const overlays: PlotData[] = [];
  const panels: PanelData[] = [];
  for (const p of result.plots) {
    if (p.values.length !== n) continue;
    const d: PlotData = { name: p.name, color: p.color, values: sample(p.values) };
    if (p.panel === 'price') {
      overlays.push(d);
      continue;
    }
    let panel = panels.find((x) => x.name === p.group);
    if (!panel) panels.push((panel = { name: p.group, levels: [], series: [] }));
    panel.series.push(d);
    (panel.levels as number[]).push(...(p.levels ?? []).filter((x) => !panel!.levels.includes(x)));
  }
  return { bucket, bars: n, t, o, h, l, c, v, equity, hold, dd, overlays, panels, trades: tradeColumns(result.trades), tradesTotal: result.trades.length };
}

function tradeColumns(trades: readonly Trade[]): ReportData['trades'] {
  const k = Math.min(trades.length, MAX_DRAWN_TRADES);
  const out: ReportData['trades'] = { a: [], p: [], b: [], q: [], long: [], r: [] };
  for (let i = 0; i < k; i++) {
    const x = trades[i];
    out.a.push(Math.floor(x.entryTs / 1000));
    out.p.push(r7(x.entryPrice));
    out.b.push(Math.floor(x.exitTs / 1000));
    out.q.push(r7(x.exitPrice));
    out.long.push(x.side === 'long' ? 1 : 0);
    out.r.push(r7(x.returnPct));
  }
  return out;
}
