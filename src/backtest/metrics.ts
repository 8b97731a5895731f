/**
 * Performance statistics of a run: one flat record, each field defined in the README (section
 * backtest, "Metrics"). Pure arithmetic over the equity curve and the trade log.
 */
import type { Fill, Ruin, Trade } from './types.js';

export const MS_PER_DAY = 86_400_000;

export interface Metrics {
  start: string;
  end: string;
  durationDays: number;
  exposureTimePct: number;
  equityFinal: number;
  equityPeak: number;
  returnPct: number;
  buyHoldReturnPct: number;
  cagrPct: number;
  annReturnPct: number;
  annVolatilityPct: number;
  sharpe: number;
  sortino: number;
  calmar: number;
  maxDrawdownPct: number;
  avgDrawdownPct: number;
  maxDrawdownDays: number;
  avgDrawdownDays: number;
  trades: number;
  winRatePct: number;
  bestTradePct: number;
  worstTradePct: number;
  avgTradePct: number;
  profitFactor: number;
  expectancy: number;
  sqn: number;
  kelly: number;
  dailyVar95Pct: number;
  dailyCvar95Pct: number;
  commissions: number;
  periodsPerYear: number;
  /** How periodsPerYear was derived from the bars' spacing, e.g. "daily returns of 1h bars, 24/7". */
  annualisation: string;
  /** True when the ruin rule closed everything and stopped the strategy. */
  ruined: boolean;
  /** Bar index and time of the ruin (null / '' when not ruined). */
  ruinBar: number;
  ruinTime: string;
}

/** Display labels, in display order (the summary table and the HTML report use them). */
export const METRIC_LABELS: Readonly<Record<keyof Metrics, string>> = {
  start: 'Start',
  end: 'End',
  durationDays: 'Duration [days]',
  exposureTimePct: 'Exposure Time [%]',
  equityFinal: 'Equity Final',
  equityPeak: 'Equity Peak',
  returnPct: 'Return [%]',
  buyHoldReturnPct: 'Buy & Hold Return [%]',
  cagrPct: 'CAGR [%]',
  annReturnPct: 'Return (Ann.) [%]',
  annVolatilityPct: 'Volatility (Ann.) [%]',
  sharpe: 'Sharpe Ratio',
  sortino: 'Sortino Ratio',
  calmar: 'Calmar Ratio',
  maxDrawdownPct: 'Max. Drawdown [%]',
  avgDrawdownPct: 'Avg. Drawdown [%]',
  maxDrawdownDays: 'Max. Drawdown Duration [days]',
  avgDrawdownDays: 'Avg. Drawdown Duration [days]',
  trades: '# Trades',
  winRatePct: 'Win Rate [%]',
  bestTradePct: 'Best Trade [%]',
  worstTradePct: 'Worst Trade [%]',
  avgTradePct: 'Avg. Trade [%]',
  profitFactor: 'Profit Factor',
  expectancy: 'Expectancy',
  sqn: 'SQN',
  kelly: 'Kelly Criterion',
  dailyVar95Pct: 'Daily VaR 95% [%]',
  dailyCvar95Pct: 'Daily CVaR 95% [%]',
  commissions: 'Commissions',
  periodsPerYear: 'Periods per Year',
  annualisation: 'Annualised from',
  ruined: 'Ruined',
  ruinBar: 'Ruin Bar',
  ruinTime: 'Ruin Time',
};

export interface MetricsInput {
  readonly ts: ArrayLike<number>;
  readonly close: ArrayLike<number>;
  readonly equity: ArrayLike<number>;
  /** Bars with a position open (the engine counts them), or the position at each bar. */
  readonly exposedBars?: number;
  readonly exposure?: ArrayLike<number>;
  readonly trades: readonly Trade[];
  /** The trades' P&L and return % as columns: when given, read instead of `trades`. */
  readonly tradePnl?: Float64Array;
  readonly tradeReturnPct?: Float64Array;
  readonly fills?: readonly Fill[];
  /** Commission paid in all, when the caller has it summed already (else the fills' sum). */
  readonly commissions?: number;
  readonly cash: number;
  readonly ruin?: Ruin;
}

export function computeMetrics(x: MetricsInput): Metrics {
  const n = x.equity.length;
  const { ts, equity } = x;
  const first = n ? ts[0] : NaN;
  const last = n ? ts[n - 1] : NaN;
  const durationDays = (last - first) / MS_PER_DAY;
  const final = n ? equity[n - 1] : x.cash;
  const exposed = x.exposedBars ?? countNonZero(x.exposure ?? []);
  const growth = final / x.cash;
  const ann = annualisation(ts);
  const returns = ann.period === 'day' ? dailyReturns(ts, equity) : barReturns(equity);
  const daily = returns.r;
  const ppy = ann.periodsPerYear;
  const dd = drawdowns(ts, equity, x.cash);
  const t = x.tradePnl && x.tradeReturnPct ? tradeStatsOf(x.tradePnl, x.tradeReturnPct) : tradeStats(x.trades);
  const m = mean(daily);
  const sd = stdev(daily);
  const dayEnds = daily.length;
  const annReturnPct = dayEnds > 0 ? (Math.pow(returns.growth, ppy / dayEnds) - 1) * 100 : NaN;
  const tail = varCvar(daily, 0.95);
  let commissions = x.commissions ?? 0;
  if (x.commissions === undefined) for (const f of x.fills ?? []) commissions += f.commission;
  return {
    start: n ? new Date(first).toISOString() : '',
    end: n ? new Date(last).toISOString() : '',
    durationDays,
    exposureTimePct: n ? (exposed / n) * 100 : 0,
    equityFinal: final,
    equityPeak: n ? dd.peak : x.cash,
    returnPct: (growth - 1) * 100,
    buyHoldReturnPct: n ? (x.close[n - 1] / x.close[0] - 1) * 100 : NaN,
    // A wiped-out account (growth 0) compounds to −100 %, not to an undefined figure.
    cagrPct: durationDays > 0 && growth >= 0 ? (Math.pow(growth, 365.25 / durationDays) - 1) * 100 : NaN,
    annReturnPct,
    annVolatilityPct: sd * Math.sqrt(ppy) * 100,
    sharpe: sd > 0 ? (m / sd) * Math.sqrt(ppy) : NaN,
    sortino: downsideDev(daily) > 0 ? (m / downsideDev(daily)) * Math.sqrt(ppy) : NaN,
    calmar: dd.max < 0 ? annReturnPct / Math.abs(dd.max) : NaN,
    maxDrawdownPct: dd.max,
    avgDrawdownPct: dd.avg,
    maxDrawdownDays: dd.maxDays,
    avgDrawdownDays: dd.avgDays,
    ...t,
    dailyVar95Pct: tail.var,
    dailyCvar95Pct: tail.cvar,
    commissions,
    periodsPerYear: ppy,
    annualisation: ann.label,
    ruined: x.ruin !== undefined,
    ruinBar: x.ruin ? x.ruin.bar : NaN,
    ruinTime: x.ruin ? new Date(x.ruin.ts).toISOString() : '',
  };
}

/** Period returns, and last period-end equity / first (a plain typed array: one with an added property has a shape of its own). */
interface DailyReturns {
  readonly r: Float64Array;
  readonly growth: number;
}

/**
 * Returns between consecutive UTC day-ends of the equity curve (the last equity of each day).
 * `growth` is last day-end / first day-end, for the annualised return.
 */
export function dailyReturns(ts: ArrayLike<number>, equity: ArrayLike<number>): DailyReturns {
  const ends: number[] = [];
  const n = equity.length;
  let dayEnd = n ? (Math.floor(ts[0] / MS_PER_DAY) + 1) * MS_PER_DAY : 0;
  for (let i = 0; i < n - 1; i++) {
    if (ts[i + 1] >= dayEnd) {
      ends.push(equity[i]);
      dayEnd = (Math.floor(ts[i + 1] / MS_PER_DAY) + 1) * MS_PER_DAY;
    }
  }
  if (n) ends.push(equity[n - 1]);
  return returnsOf(ends);
}

/** Returns from bar to bar: each bar is one period (weekly and monthly bars). */
export function barReturns(equity: ArrayLike<number>): DailyReturns {
  return returnsOf(Array.from(equity));
}

/** Period returns of period-end equities; after a ruin (an end at or below 0) there are no more. */
function returnsOf(ends: number[]): DailyReturns {
  const wiped = ends.findIndex((e) => e <= 0);
  if (wiped >= 0) ends = ends.slice(0, wiped + 1);
  const r = new Float64Array(Math.max(0, ends.length - 1));
  for (let k = 1; k < ends.length; k++) r[k - 1] = ends[k] / ends[k - 1] - 1;
  return { r, growth: ends.length ? ends[ends.length - 1] / ends[0] : NaN };
}

export interface Annualisation {
  /** What one return covers: a UTC day (intraday and daily bars) or one bar (longer bars). */
  readonly period: 'day' | 'week' | 'month' | 'quarter' | 'year' | 'bar';
  readonly periodsPerYear: number;
  /** The bars' usual spacing (the most common gap between consecutive bars), ms. */
  readonly barMs: number;
  readonly calendar: '24/7' | 'trading days';
  readonly label: string;
}

/**
 * Periods per year from the bars' spacing (the most common gap among the first 10,000):
 * bars of a day or less → daily returns (UTC day-ends), 365 a year when any bar falls on a
 * weekend (24/7 markets) else 252 (trading days); weekly bars → 52; monthly → 12; quarterly → 4;
 * yearly → 1 (backtesting.py's figures); any other spacing → 365.25 / its length in days.
 */
export function annualisation(ts: ArrayLike<number>): Annualisation {
  const barMs = usualGap(ts);
  const calendar = periodsPerYear(ts) === 365 ? '24/7' : 'trading days';
  const days = barMs / MS_PER_DAY;
  const tf = barLabel(barMs);
  const mk = (period: Annualisation['period'], p: number, what: string): Annualisation => ({ period, periodsPerYear: p, barMs, calendar, label: `${what} (${p} a year)` });
  if (!(days > 1.01)) return mk('day', calendar === '24/7' ? 365 : 252, `daily returns of ${tf} bars, ${calendar}`);
  if (days >= 6 && days <= 8) return mk('week', 52, 'weekly bars');
  if (days >= 27 && days <= 32) return mk('month', 12, 'monthly bars');
  if (days >= 88 && days <= 93) return mk('quarter', 4, 'quarterly bars');
  if (days >= 360 && days <= 367) return mk('year', 1, 'yearly bars');
  return mk('bar', Number((365.25 / days).toPrecision(6)), `${tf} bars`);
}

/** The most common gap between consecutive bars among the first 10,000 (0 with fewer than 2). */
function usualGap(ts: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  const n = Math.min(ts.length, 10_001);
  let best = 0;
  let bestCount = 0;
  for (let i = 1; i < n; i++) {
    const g = ts[i] - ts[i - 1];
    const c = (counts.get(g) ?? 0) + 1;
    counts.set(g, c);
    if (c > bestCount) (best = g), (bestCount = c);
  }
  return best;
}

function barLabel(ms: number): string {
  if (!(ms > 0)) return 'irregular';
  const units: [number, string][] = [[7 * MS_PER_DAY, 'w'], [MS_PER_DAY, 'd'], [3_600_000, 'h'], [60_000, 'm'], [1000, 's']];
  for (const [u, name] of units) if (ms % u === 0) return `${ms / u}${name}`;
  return `${ms}ms`;
}

/** 365 when any bar falls on a Saturday or Sunday (UTC: crypto trades every day), else 252. */
export function periodsPerYear(ts: ArrayLike<number>): number {
  let lastDay = NaN;
  for (let i = 0; i < ts.length; i++) {
    const day = Math.floor(ts[i] / MS_PER_DAY);
    if (day === lastDay) continue;
    lastDay = day;
    // 1970-01-01 was a Thursday: day 2 is a Saturday, day 3 a Sunday.
    const dow = (((day + 4) % 7) + 7) % 7;
    if (dow === 0 || dow === 6) return 365;
  }
  return 252;
}

function countNonZero(x: ArrayLike<number>): number {
  let k = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== 0) k++;
  return k;
}

interface Drawdowns {
  /** The highest equity of the curve (−Infinity when empty). */
  peak: number;
  max: number;
  avg: number;
  maxDays: number;
  avgDays: number;
}

/**
 * Drawdown = equity / running peak − 1 (the starting cash is the first peak). An episode runs
 * from the bar of a peak until equity is back at or above it (or the data ends); its depth is its
 * lowest drawdown and its duration the time from the peak to the recovery.
 */
export function drawdowns(ts: ArrayLike<number>, equity: ArrayLike<number>, cash: number): Drawdowns {
  // Episodes are summed as they end (count, sums, extremes), not collected: one plain loop over
  // a year of minute bars that the compiler keeps optimised from start to end.
  let high = -Infinity;
  let peak = cash;
  let peakTs = equity.length ? ts[0] : 0;
  let depth = 0;
  let inDd = false;
  let count = 0;
  let sumDepth = 0;
  let minDepth = 0;
  let sumDays = 0;
  let maxDays = 0;
  const n = equity.length;
  for (let i = 0; i < n; i++) {
    const e = equity[i];
    if (e > high) high = e;
    if (e >= peak) {
      if (inDd) {
        const d = (ts[i] - peakTs) / MS_PER_DAY;
        count++;
        sumDepth += depth;
        if (depth < minDepth) minDepth = depth;
        sumDays += d;
        if (d > maxDays) maxDays = d;
        inDd = false;
      }
      peak = e;
      peakTs = ts[i];
      depth = 0;
    } else {
      inDd = true;
      const d = e / peak - 1;
      if (d < depth) depth = d;
    }
  }
  if (inDd) {
    const d = (ts[n - 1] - peakTs) / MS_PER_DAY;
    count++;
    sumDepth += depth;
    if (depth < minDepth) minDepth = depth;
    sumDays += d;
    if (d > maxDays) maxDays = d;
  }
  return { peak: high, max: minDepth * 100, avg: count ? (sumDepth / count) * 100 : 0, maxDays, avgDays: count ? sumDays / count : 0 };
}

export function tradeStats(trades: readonly Trade[]) {
  return tradeStatsOf(
    Float64Array.from(trades, (t) => t.pnl),
    Float64Array.from(trades, (t) => t.returnPct),
  );
}

/** The trade figures from each trade's P&L and return %. */
export function tradeStatsOf(pnl: Float64Array, returnPct: Float64Array) {
  const n = pnl.length;
  let wins = 0;
  let lossCount = 0;
  let gains = 0;
  let losses = 0;
  let best = -Infinity;
  let worst = Infinity;
  let sumPct = 0;
  for (let k = 0; k < n; k++) {
    const p = pnl[k];
    const r = returnPct[k];
    if (p > 0) {
      wins++;
      gains += p;
    } else if (p < 0) {
      lossCount++;
      losses -= p;
    }
    if (r > best) best = r;
    if (r < worst) worst = r;
    sumPct += r;
  }
  const w = n ? wins / n : NaN;
  const avgWin = wins ? gains / wins : 0;
  // Mean loss over losing trades only: a break-even trade is neither a win nor a loss for R
  // (it still counts in W's denominator, as in backtesting.py).
  const avgLoss = lossCount ? losses / lossCount : 0;
  const sd = stdev(pnl);
  return {
    trades: n,
    winRatePct: w * 100,
    bestTradePct: n ? best : NaN,
    worstTradePct: n ? worst : NaN,
    avgTradePct: n ? sumPct / n : NaN,
    profitFactor: losses > 0 ? gains / losses : n && gains > 0 ? Infinity : NaN,
    expectancy: n ? mean(pnl) : NaN,
    sqn: sd > 0 ? (Math.sqrt(n) * mean(pnl)) / sd : NaN,
    kelly: n && avgLoss > 0 && avgWin > 0 ? w - (1 - w) / (avgWin / avgLoss) : NaN,
  };
}

/**
 * Historical VaR and CVaR at `level`, as positive loss percentages: with the daily returns sorted
 * ascending and k = ceil((1 − level) × count), VaR = −(k-th worst return), CVaR = −(mean of the
 * k worst returns).
 */
export function varCvar(returns: ArrayLike<number>, level: number): { var: number; cvar: number } {
  const n = returns.length;
  if (n === 0) return { var: NaN, cvar: NaN };
  const sorted = Float64Array.from(returns).sort();
  const k = Math.max(1, Math.ceil((1 - level) * n - 1e-9));
  let s = 0;
  for (let i = 0; i < k; i++) s += sorted[i];
  return { var: -sorted[k - 1] * 100, cvar: (-s / k) * 100 };
}

export function mean(x: ArrayLike<number>): number {
  if (x.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Sample standard deviation (n − 1); NaN below two values. */
export function stdev(x: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return NaN;
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i] - m) ** 2;
  return Math.sqrt(s / (n - 1));
}

/** sqrt(mean(min(r, 0)²)) over all returns. */
export function downsideDev(x: ArrayLike<number>): number {
  if (x.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < x.length; i++) if (x[i] < 0) s += x[i] * x[i];
  return Math.sqrt(s / x.length);
}

