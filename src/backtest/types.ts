/**
 * The public strategy API (the same for built-ins and a user's own file) and the bar engine's
 * records. A strategy is a plain object: `params` declares its knobs, `init` computes indicators
 * over the whole series once (typed arrays, fast), `next` runs once per bar and places orders.
 */
import type { Indicators } from './indicators.js';

/** OHLCV columns as typed arrays, oldest first. ts is epoch ms of the bar's open. */
export interface Series {
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly length: number;
}

/** One declared parameter. `min`/`max`/`step` document the sensible range (and bound --param). */
export interface ParamSpec {
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  /** Whole numbers only (periods). */
  readonly integer?: boolean;
  readonly description?: string;
}

export type Params = Readonly<Record<string, number>>;

export interface InitContext {
  readonly data: Series;
  readonly params: Params;
  /**
   * Indicator functions over typed arrays (sma, ema, rsi): causal, NaN during warm-up. Treat what
   * they return as read-only: in a grid, runs with the same period share one array.
   */
  readonly ta: Indicators;
  /**
   * Declares a series for the `--report` charts (one value per bar, NaN = no point): drawn over
   * the candles by default, or in a panel of its own (`panel: 'own'`, for oscillators such as
   * RSI; series with the same `group` share one panel). Display only: it changes no figure.
   */
  plot(name: string, values: ArrayLike<number>, o?: PlotOptions): void;
}

export interface PlotOptions {
  /** 'price' (default): over the candles, on the price scale; 'own': a panel below them. */
  readonly panel?: 'price' | 'own';
  /** Panel name for 'own' series (default: the series name): equal groups share a panel. */
  readonly group?: string;
  /** CSS colour (default: one from the report's palette). */
  readonly color?: string;
  /** Horizontal reference lines in an 'own' panel (e.g. RSI 30 and 70). */
  readonly levels?: readonly number[];
}

/** A series a strategy declared with `plot` (kept with the run for the report). */
export interface PlotSeries {
  readonly name: string;
  readonly values: ArrayLike<number>;
  readonly panel: 'price' | 'own';
  readonly group: string;
  readonly color?: string;
  readonly levels?: readonly number[];
}

/** Order options. `size` is a fraction of available equity (default: the run's --size). */
export interface OrderOptions {
  readonly size?: number;
  /** Absolute number of units instead of a fraction of equity. */
  readonly units?: number;
  /** Rest as a limit order at this price (buy fills at or below, sell at or above). */
  readonly limit?: number;
  /** Trigger price: a stop buy fires when the price trades at or above it, a stop sell at or below. */
  readonly stop?: number;
  /**
   * Stop-loss attached to the units this order opens (backtesting.py's `buy(sl=…)`): once the
   * order fills, a trade through `sl` closes those units. It lives and dies with that position:
   * a close, a reversal or the take-profit removes it. Long: sl < entry; short: sl > entry.
   */
  readonly sl?: number;
  /** Take-profit attached like `sl`: long tp > entry, short tp < entry. */
  readonly tp?: number;
}

export interface Position {
  /** Signed units: > 0 long, < 0 short, 0 flat. */
  readonly size: number;
  /** Average entry price of the open units (NaN when flat). */
  readonly entryPrice: number;
}

/**
 * What `next` sees at bar `i`. Only indices ≤ i are the past: reading `data.*[i + 1]` or an
 * indicator beyond `i` is look-ahead (the engine itself never does it; see the no-look-ahead test).
 */
export interface BarContext<S = unknown> {
  readonly i: number;
  readonly data: Series;
  readonly params: Params;
  /** Whatever `init` returned (indicator arrays, usually). */
  readonly state: S;
  readonly position: Position;
  /** Cash + position marked at this bar's close. */
  readonly equity: number;
  readonly cash: number;
  /** Go long (closing a short first). Returns the order id. */
  buy(o?: OrderOptions): number;
  /** Go short (closing a long first); with --long-only it only closes a long. */
  sell(o?: OrderOptions): number;
  /**
   * Close the whole position at the next fill; with `stop`, once the price trades through it.
   * A close-stop is not tied to a trade: placed while flat it waits until a position exists, and
   * after a reversal it applies to the new position. Use `buy({ sl })` for a stop tied to a trade.
   */
  close(o?: { stop?: number }): number;
  /** Cancel pending orders (all, or one id). */
  cancel(id?: number): void;
}

export interface Strategy<S = unknown> {
  readonly name: string;
  readonly description?: string;
  readonly params: Readonly<Record<string, ParamSpec>>;
  /** Rejects parameter combinations that make no sense (fast ≥ slow): skipped in grids. */
  readonly valid?: (p: Params) => boolean;
  init(ctx: InitContext): S;
  next(ctx: BarContext<S>): void;
}

/** A closed round trip. Prices include slippage; pnl is net of commission on both sides. */
export interface Trade {
  readonly side: 'long' | 'short';
  readonly size: number;
  readonly entryBar: number;
  readonly exitBar: number;
  readonly entryTs: number;
  readonly exitTs: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  readonly pnl: number;
  /** pnl / (size × entryPrice) × 100. */
  readonly returnPct: number;
  readonly commission: number;
  /** True when the engine closed it because the data ended. */
  readonly closedAtEnd: boolean;
}

export interface BacktestOptions {
  readonly cash: number;
  /** Relative commission charged on entry and on exit (0.001 = 0.1 % of notional). */
  readonly commission: number;
  /** Fixed commission per fill, in quote currency. */
  readonly commissionFixed: number;
  /** Slippage in basis points: buys fill higher, sells lower. */
  readonly slippageBps: number;
  /** Default order size as a fraction of available equity (0 < size ≤ 1). */
  readonly size: number;
  readonly wholeUnits: boolean;
  readonly tradeOnClose: boolean;
  readonly longOnly: boolean;
  /**
   * Ruin rule: a short is liquidated when equity falls below this fraction of its notional
   * (0 = when equity reaches 0, backtesting.py's rule); a long when equity reaches 0.
   */
  readonly maintenanceMargin: number;
}

export const DEFAULT_OPTIONS: BacktestOptions = {
  cash: 10_000,
  commission: 0,
  commissionFixed: 0,
  slippageBps: 0,
  size: 1,
  wholeUnits: false,
  tradeOnClose: false,
  longOnly: false,
  maintenanceMargin: 0,
};

/** Where and how the account was wiped out: every position closed, no trading afterwards. */
export interface Ruin {
  readonly bar: number;
  readonly ts: number;
  /** Liquidation price (before slippage). */
  readonly price: number;
  /** What the account owed beyond its equity after the liquidation (≥ 0); equity is floored at 0. */
  readonly deficit: number;
}

/** Trades as columns: entry k of each is trade k (`long` and `closedAtEnd` are 1 or 0). */
export interface TradeColumns {
  readonly long: Float64Array;
  readonly size: Float64Array;
  readonly entryBar: Float64Array;
  readonly exitBar: Float64Array;
  readonly entryTs: Float64Array;
  readonly exitTs: Float64Array;
  readonly entryPrice: Float64Array;
  readonly exitPrice: Float64Array;
  readonly pnl: Float64Array;
  readonly returnPct: Float64Array;
  readonly commission: Float64Array;
  readonly closedAtEnd: Float64Array;
}

export interface BacktestResult {
  /** Equity at each bar's close. */
  readonly equity: Float64Array;
  /** Bars whose close found a position open (the exposure time); per-bar positions follow from `fills`. */
  readonly exposedBars: number;
  readonly trades: Trade[];
  /** The same trades as columns, one entry per trade (what the metrics and `--json` read). */
  readonly tradeColumns: TradeColumns;
  /** Fills in order, for report markers. */
  readonly fills: Fill[];
  /** Commission paid on every fill, in all (quote currency). */
  readonly commissions: number;
  /** Set when the ruin rule stopped the run. */
  readonly ruin?: Ruin;
  /** Series the strategy declared with `plot` in `init` (report only). */
  readonly plots: readonly PlotSeries[];
}

export interface Fill {
  readonly bar: number;
  readonly ts: number;
  readonly side: 'buy' | 'sell';
  readonly units: number;
  readonly price: number;
  readonly commission: number;
}
