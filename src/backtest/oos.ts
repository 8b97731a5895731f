/**
 * Out-of-sample checks for a grid: `--oos 0.3` optimises on the first 70 % of the bars and runs
 * the best combination on the last 30 %; `--walk-forward K` cuts the bars into K + 1 equal
 * segments and, for each k < K, optimises on segment k and runs the best on segment k + 1.
 * Each window runs on its own bars only (indicators warm up inside it, no information from the
 * test window reaches the choice). The combined out-of-sample equity chains the test windows:
 * each starts from the previous one's final equity ratio.
 */
import type { Metrics } from './metrics.js';
import type { GridRow } from './grid.js';
import type { Fill, Params, Series, Trade } from './types.js';

export interface Fold {
  readonly train: { readonly from: string; readonly to: string; readonly bars: number };
  readonly test: { readonly from: string; readonly to: string; readonly bars: number };
  readonly params: Params;
  readonly inSample: Metrics;
  readonly outOfSample: Metrics;
}

export interface OosReport {
  readonly mode: 'holdout' | 'walk-forward';
  readonly folds: Fold[];
  /** Growth of the chained test windows, % (product of each window's final / start − 1). */
  readonly combinedOosReturnPct: number;
  readonly combinedOosEquity: Float64Array;
  /** Bar where the first test window starts: the test windows run back to back from there to the end. */
  readonly testFrom: number;
  /** Every test window's trades and fills, bar indices counted from `testFrom`. */
  readonly trades: Trade[];
  readonly fills: Fill[];
}

/** What one test-window run gives back. */
export interface TestRun {
  readonly metrics: Metrics;
  readonly equity: Float64Array;
  readonly trades?: readonly Trade[];
  readonly fills?: readonly Fill[];
}

/** Bars [a, b) as views. */
export function sliceBars(s: Series, a: number, b: number): Series {
  return { ts: s.ts.subarray(a, b), open: s.open.subarray(a, b), high: s.high.subarray(a, b), low: s.low.subarray(a, b), close: s.close.subarray(a, b), volume: s.volume.subarray(a, b), length: b - a };
}

/** Train/test index windows: one hold-out split, or K rolling ones. */
export function windows(n: number, opts: { oos?: number; walkForward?: number }): { train: [number, number]; test: [number, number] }[] {
  if (opts.walkForward) {
    const k = opts.walkForward;
    const seg = Math.floor(n / (k + 1));
    return Array.from({ length: k }, (_, i) => ({ train: [i * seg, (i + 1) * seg] as [number, number], test: [(i + 1) * seg, i === k - 1 ? n : (i + 2) * seg] as [number, number] }));
  }
  const cut = Math.round(n * (1 - (opts.oos ?? 0.3)));
  return [{ train: [0, cut], test: [cut, n] }];
}

export async function runOos(
  series: Series,
  opts: { oos?: number; walkForward?: number },
  /** Best combination on the train bars; `range` is where they sit in `series` ([from, to)). */
  optimise: (train: Series, range: readonly [number, number]) => Promise<GridRow>,
  runTest: (test: Series, params: Params) => TestRun,
  cash: number,
): Promise<OosReport> {
  const folds: Fold[] = [];
  const parts: Float64Array[] = [];
  const trades: Trade[] = [];
  const fills: Fill[] = [];
  let scale = 1;
  const ws = windows(series.length, opts);
  const testFrom = ws.length ? ws[0].test[0] : series.length;
  for (const w of ws) {
    const train = sliceBars(series, w.train[0], w.train[1]);
    const test = sliceBars(series, w.test[0], w.test[1]);
    const best = await optimise(train, w.train);
    const out = runTest(test, best.params);
    // Trades are in each window's own money (it starts from `cash`); their bars move to the
    // combined range. The equity below is chained instead: each window from the last one's end.
    const shift = w.test[0] - testFrom;
    for (const t of out.trades ?? []) trades.push({ ...t, entryBar: t.entryBar + shift, exitBar: t.exitBar + shift });
    for (const f of out.fills ?? []) fills.push({ ...f, bar: f.bar + shift });
    parts.push(out.equity.map((e) => (e / cash) * scale * cash));
    scale *= out.equity.length ? out.equity[out.equity.length - 1] / cash : 1;
    const range = (s: Series) => ({ from: new Date(s.ts[0]).toISOString(), to: new Date(s.ts[s.length - 1]).toISOString(), bars: s.length });
    folds.push({ train: range(train), test: range(test), params: best.params, inSample: best.metrics, outOfSample: out.metrics });
  }
  const combined = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) combined.set(p, at), (at += p.length);
  return { mode: opts.walkForward ? 'walk-forward' : 'holdout', folds, combinedOosReturnPct: (scale - 1) * 100, combinedOosEquity: combined, testFrom, trades, fills };
}

/** A fold's parameters and its figures side by side (the text table's and the report's cells). */
export function foldCells(f: Fold, key: keyof Metrics, fmt: (k: keyof Metrics, v: number) => string): string[] {
  return [
    Object.entries(f.params).map(([k, v]) => `${k}=${v}`).join(' '),
    fmt(key, f.inSample[key] as number),
    fmt(key, f.outOfSample[key] as number),
    fmt('returnPct', f.inSample.returnPct),
    fmt('returnPct', f.outOfSample.returnPct),
    fmt('maxDrawdownPct', f.outOfSample.maxDrawdownPct),
  ];
}

/** In-sample vs out-of-sample, side by side, one row per fold. */
export function oosTable(r: OosReport, key: keyof Metrics, fmt: (k: keyof Metrics, v: number) => string): string {
  const head = ['fold', 'train', 'test', 'params', `${String(key)} IS`, `${String(key)} OOS`, 'return IS %', 'return OOS %', 'maxDD OOS %'];
  const day = (s: string) => s.slice(0, 10);
  const body = r.folds.map((f, i) => [String(i + 1), `${day(f.train.from)}…${day(f.train.to)}`, `${day(f.test.from)}…${day(f.test.to)}`, ...foldCells(f, key, fmt)]);
  const w = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  const line = (cells: string[]) => cells.map((x, c) => (c < 4 ? x.padEnd(w[c]) : x.padStart(w[c]))).join('  ');
  return [line(head), ...body.map(line), '', `combined out-of-sample return: ${r.combinedOosReturnPct.toFixed(2)} % (${r.mode}, ${r.folds.length} window${r.folds.length === 1 ? '' : 's'}; best of each train window, chosen without its test bars)`].join('\n');
}
