/**
 * The bar engine: runs a strategy over a series with the execution rules documented in the
 * README (section backtest):
 * - an order placed while processing bar t fills at bar t+1's open (or bar t's close with
 *   tradeOnClose); orders still pending after the last bar never fill;
 * - a market buy while short (sell while long) closes the position first, then sizes the new one
 *   from the equity left after that close;
 * - stop orders trigger when bar t+1.. trades through the stop and fill at the stop, or at the
 *   open when the bar gaps past it; limit orders rest in the matching engine (price-time
 *   priority) and fill at the limit, or at the open when it gaps through, up to the bar's volume;
 * - `sl`/`tp` on an order attach to the units it opens and are checked from the bar it fills on
 *   (stop-loss first when both are reached in one bar); a close or a reversal removes them;
 * - a close-stop placed while flat waits for a position (it is not tied to a trade);
 * - ruin: when equity reaches the maintenance level (0 for longs, `maintenanceMargin` × notional
 *   for shorts) everything is closed at the liquidation price and the strategy trades no more;
 * - positions still open after the last bar are closed at its close and flagged `closedAtEnd`.
 * The engine reads bar i's open, high, low and close only once bar i is being processed.
 */
import { Broker } from './broker.js';
import { INDICATORS, type Indicators } from './indicators.js';
import { OrderBook } from './order-book.js';
import { strategyFailure } from './strategy-error.js';
import type { BacktestOptions, BacktestResult, BarContext, Fill, OrderOptions, Params, PlotOptions, PlotSeries, Position, Ruin, Series, Strategy, Trade, TradeColumns } from './types.js';

type Intent = 'buy' | 'sell' | 'close';

interface MarketOrder {
  readonly id: number;
  readonly intent: Intent;
  readonly size?: number;
  readonly units?: number;
}

interface StopOrder extends MarketOrder {
  readonly stop: number;
}

/** Stop-loss / take-profit of the units one order opened. */
interface Bracket {
  readonly id: number;
  readonly long: boolean;
  units: number;
  readonly sl?: number;
  readonly tp?: number;
  /** Bar of the latest opening fill and its price: on that bar the gap-at-open rule does not apply. */
  bornBar: number;
  ref: number;
}

/** What a caller running many backtests can lend each one (the grid workers do). */
export interface EngineReuse {
  /** Indicators to hand the strategy (e.g. memoIndicators); default: computed per run. */
  readonly ta?: Indicators;
  /** An array of at least the series' length to write the equity curve into, instead of a new one. */
  readonly equity?: Float64Array;
}

export function runBacktest<S>(data: Series, strategy: Strategy<S>, params: Params, opts: BacktestOptions, reuse: EngineReuse = {}): BacktestResult {
  return new BarEngine(data, strategy, params, opts, reuse).run();
}

/**
 * The run's result; its `trades` and `fills` are made into objects only if read (see Broker).
 * A class, not an object literal with getters: a literal's getters are new functions each run,
 * so each result had a new hidden class, and code reading results was thrown away run after run.
 */
class EngineResult implements BacktestResult {
  readonly tradeColumns: TradeColumns;
  readonly commissions: number;

  constructor(
    private readonly broker: Broker,
    readonly equity: Float64Array,
    readonly exposedBars: number,
    readonly plots: readonly PlotSeries[],
    readonly ruin: Ruin | undefined,
  ) {
    this.tradeColumns = broker.tradeColumns();
    this.commissions = broker.commissions;
  }

  get trades(): Trade[] {
    return this.broker.tradeList();
  }

  get fills(): Fill[] {
    return this.broker.fillList();
  }
}

/** Bars per call of the engine's inner loop (see run). */
const CHUNK = 4096;

class BarEngine<S> implements BarContext<S> {
  i = 0;
  readonly state: S;
  private readonly broker: Broker;
  private readonly book: OrderBook;
  private market: MarketOrder[] = [];
  private stops: StopOrder[] = [];
  /** sl/tp requested per order id (before it fills) and the brackets of filled ones. */
  private readonly wanted = new Map<number, { sl?: number; tp?: number }>();
  private brackets: Bracket[] = [];
  private ruin: Ruin | undefined;
  private readonly plots: PlotSeries[] = [];
  /** Limit orders resting in the book: id → intent side (for the fill callback). */
  private readonly limits = new Map<number, 'buy' | 'sell'>();
  /** Orders placed on the bar being processed become active on the next bar. */
  private readonly newLimits: { id: number; side: 'buy' | 'sell'; price: number; units: number }[] = [];
  private nextId = 1;
  /** Price of the limit fill in progress (the open when the bar gaps through the limit). */
  private fillBar = 0;

  constructor(
    readonly data: Series,
    private readonly strategy: Strategy<S>,
    readonly params: Params,
    private readonly o: BacktestOptions,
    private readonly reuse: EngineReuse,
  ) {
    this.broker = new Broker(o);
    this.book = new OrderBook((makerId, _taker, price, qty) => this.onLimitFill(makerId, price, qty));
    const plots = this.plots;
    const plot = (name: string, values: ArrayLike<number>, po: PlotOptions = {}) => {
      if (typeof name !== 'string' || !values || typeof values.length !== 'number') throw new TypeError(`${strategy.name}: plot(name, values) needs a name and an array of one value per bar`);
      const panel = po.panel === 'own' ? 'own' : 'price';
      plots.push({ name, values, panel, group: po.group ?? name, color: po.color, levels: po.levels });
    };
    try {
      this.state = strategy.init({ data, params, ta: reuse.ta ?? INDICATORS, plot });
    } catch (err) {
      throw strategyFailure(err, strategy.name);
    }
  }

  /** Refreshed after each fill, not built per bar: `next` reads it on every bar. */
  private readonly pos = { size: 0, entryPrice: NaN };
  private posVersion = -1;

  get position(): Position {
    const b = this.broker;
    if (this.posVersion !== b.fillCount) {
      this.posVersion = b.fillCount;
      this.pos.size = b.position;
      this.pos.entryPrice = b.entryPrice();
    }
    return this.pos;
  }

  get equity(): number {
    return this.broker.equity(this.data.close[this.i]);
  }

  get cash(): number {
    return this.broker.cash;
  }

  buy(o: OrderOptions = {}): number {
    return this.place('buy', o);
  }

  sell(o: OrderOptions = {}): number {
    return this.place('sell', o);
  }

  close(o: { stop?: number } = {}): number {
    return this.place('close', o.stop !== undefined ? { stop: o.stop } : {});
  }

  cancel(id?: number): void {
    if (id === undefined) {
      this.market = [];
      this.stops = [];
      for (const lid of this.limits.keys()) this.book.cancel(lid);
      this.limits.clear();
      this.newLimits.length = 0;
      return;
    }
    this.market = this.market.filter((m) => m.id !== id);
    this.stops = this.stops.filter((m) => m.id !== id);
    // An order's id also names its sl/tp: cancelling a filled order removes them.
    this.wanted.delete(id);
    this.brackets = this.brackets.filter((b) => b.id !== id);
    if (this.limits.delete(id)) this.book.cancel(id);
    const k = this.newLimits.findIndex((l) => l.id === id);
    if (k >= 0) this.newLimits.splice(k, 1);
  }

  run(): BacktestResult {
    const n = this.data.length;
    const lent = this.reuse.equity;
    const equity = lent && lent.length >= n ? lent.subarray(0, n) : new Float64Array(n);
    let i = 0;
    // Bars go through in chunks, each a call of `bars`: a method called ~100 times is compiled
    // like any hot function, where one call over 500,000 bars depended on on-stack replacement —
    // and a deoptimisation midway sent the rest of the bars back to the interpreter.
    while (i < n) {
      const to = Math.min(n, i + CHUNK);
      const stop = this.bars(i, to, equity);
      if (stop < to) {
        i = stop;
        break;
      }
      i = to;
    }
    return this.finish(i, equity, this.exposed);
  }

  /** Bars so far whose close found a position open. */
  private exposed = 0;

  /** Bars [from, to): returns the bar of a ruin (which ends the run), else `to`. */
  private bars(from: number, to: number, equity: Float64Array): number {
    const { data, broker } = this;
    const { open, high, low, close } = data;
    const onClose = this.o.tradeOnClose;
    let i = from;
    // The loop does the per-bar minimum; everything rare (orders, stops, limits, brackets, a
    // ruin) is behind a length check or the precomputed liquidation prices.
    for (; i < to; i++) {
      this.i = i;
      if (!onClose && this.market.length) this.executeMarket(i, open[i]);
      if (this.brackets.length) this.triggerBrackets(i, false);
      if (this.stops.length) this.triggerStops(i);
      if ((low[i] <= this.liqBelow || high[i] >= this.liqAbove) && this.ruinedIntrabar(i)) break;
      if (this.newLimits.length) this.activateLimits();
      if (this.limits.size) this.matchLimits(i);
      if (this.brackets.length) this.triggerBrackets(i, true);
      try {
        this.strategy.next(this);
      } catch (err) {
        throw strategyFailure(err, this.strategy.name, i, data.ts[i]);
      }
      if (onClose && this.market.length) this.executeMarket(i, close[i]);
      const c = close[i];
      if ((c <= this.liqBelow || c >= this.liqAbove) && this.ruinedAt(i, c, c)) break;
      const u = broker.position;
      equity[i] = broker.cash + u * c;
      if (u !== 0) this.exposed++;
    }
    // Nothing but the return after the loop: code here that a first, on-stack-replaced run of
    // the loop has not seen yet would throw that compiled code away at every chunk's end.
    return i;
  }

  /**
   * After the loop (its own method: code that runs once per call would otherwise deoptimise the
   * loop's optimised code on every run, and each run would start again in the interpreter).
   */
  private finish(i: number, equity: Float64Array, exposedBars: number): BacktestResult {
    const { data, broker } = this;
    const n = data.length;
    if (this.ruin) {
      // Wiped out: the account stays at its floored equity, flat, for the rest of the data.
      equity.fill(Math.max(0, broker.cash), i);
      return new EngineResult(broker, equity, exposedBars, this.plots, this.ruin);
    }
    if (n > 0 && broker.position !== 0) {
      const last = n - 1;
      broker.fill(last, data.ts[last], broker.position > 0 ? 'sell' : 'buy', Math.abs(broker.position), data.close[last], true);
      equity[last] = broker.equity(data.close[last]);
    }
    return new EngineResult(broker, equity, exposedBars, this.plots, undefined);
  }

  /**
   * Prices at which the ruin check must run, refreshed after every fill: at or below `liqBelow`
   * a long may be at its maintenance level, at or above `liqAbove` a short. They are a filter
   * only (widened by a part in 10⁹ against rounding); `ruinedAt` decides exactly.
   */
  private liqBelow = -Infinity;
  private liqAbove = Infinity;

  private refreshLiquidation(): void {
    const b = this.broker;
    const u = b.position;
    this.liqBelow = -Infinity;
    this.liqAbove = Infinity;
    if (u === 0) return;
    // equity(p) = cash + u·p reaches the maintenance level m·|u|·p at p* = cash / (m·|u| − u).
    const m = u < 0 ? this.o.maintenanceMargin : 0;
    const pStar = b.cash / (m * Math.abs(u) - u);
    if (u > 0) this.liqBelow = pStar * (1 + 1e-9) + 1e-12;
    else this.liqAbove = pStar * (1 - 1e-9) - 1e-12;
  }

  /**
   * The ruin check on the bar's adverse extreme (high for a short, low for a long) with the
   * position held after the open and the stops: liquidated at the price where equity meets the
   * maintenance level, or at the open when the bar gaps past it.
   */
  private ruinedIntrabar(i: number): boolean {
    const { open, high, low } = this.data;
    return this.ruinedAt(i, this.broker.position < 0 ? high[i] : low[i], open[i]);
  }

  /** Liquidates and records the ruin when equity at `worst` is at or below the maintenance level. */
  private ruinedAt(i: number, worst: number, open: number): boolean {
    const b = this.broker;
    const u = b.position;
    const m = u < 0 ? this.o.maintenanceMargin : 0;
    if (b.cash + u * worst > m * Math.abs(u) * worst) return false;
    // equity(p) = cash + u·p meets m·|u|·p at p* = cash / (m·|u| − u).
    const denom = m * Math.abs(u) - u;
    const pStar = denom !== 0 ? b.cash / denom : worst;
    // The open is already past p* (a gap): liquidated at the open; otherwise at p*, within the bar.
    const price = u < 0 ? (open >= pStar ? open : Math.min(Math.max(pStar, open), worst)) : open <= pStar ? open : Math.max(Math.min(pStar, open), worst);
    b.fill(i, this.data.ts[i], u > 0 ? 'sell' : 'buy', Math.abs(u), price);
    this.ruin = { bar: i, ts: this.data.ts[i], price, deficit: Math.max(0, -b.cash) };
    this.cancel();
    this.brackets = [];
    return true;
  }

  private place(intent: Intent, opt: OrderOptions): number {
    const id = this.nextId++;
    if (opt.size !== undefined && !(opt.size > 0 && opt.size <= 1)) throw new RangeError(`${this.strategy.name}: order size ${opt.size} must be a fraction of equity in (0, 1]`);
    if (opt.units !== undefined && !(opt.units > 0)) throw new RangeError(`${this.strategy.name}: order units ${opt.units} must be > 0`);
    if (intent !== 'close' && (opt.sl !== undefined || opt.tp !== undefined)) this.want(id, intent, opt);
    if (intent !== 'close' && opt.limit !== undefined) {
      const units = this.limitUnits(intent, opt);
      if (units > 0) this.newLimits.push({ id, side: intent, price: opt.limit, units });
    } else if (opt.stop !== undefined) {
      this.stops.push({ id, intent, stop: opt.stop, size: opt.size, units: opt.units });
    } else this.market.push({ id, intent, size: opt.size, units: opt.units });
    return id;
  }

  /**
   * Records an order's sl/tp after checking them against its reference price (the limit or stop
   * when given, else this bar's close), as backtesting.py does: long sl < price < tp.
   */
  private want(id: number, side: 'buy' | 'sell', opt: OrderOptions): void {
    const ref = opt.limit ?? opt.stop ?? this.data.close[this.i];
    const { sl, tp } = opt;
    const long = side === 'buy';
    const okSl = sl === undefined || (long ? sl < ref : sl > ref);
    const okTp = tp === undefined || (long ? tp > ref : tp < ref);
    if (!okSl || !okTp) {
      const rule = long ? 'a buy needs sl < price < tp' : 'a sell needs tp < price < sl';
      throw new RangeError(`${this.strategy.name}: ${side} with sl ${sl ?? '—'} / tp ${tp ?? '—'} against price ${ref}: ${rule}`);
    }
    this.wanted.set(id, { sl, tp });
  }

  /** Fills through the broker and keeps the brackets in step with the position. */
  private fill(i: number, id: number, side: 'buy' | 'sell', units: number, price: number): void {
    const b = this.broker;
    const before = b.position;
    b.fill(i, this.data.ts[i], side, units, price);
    this.refreshLiquidation();
    const after = b.position;
    // A bracket belongs to a position on one side: gone once that side is flat or reversed.
    if (this.brackets.length && (before > 0 ? after <= 0 : before < 0 ? after >= 0 : false)) this.brackets = this.brackets.filter((k) => (k.long ? after > 0 : after < 0));
    const w = this.wanted.get(id);
    if (!w) return;
    const opened = side === 'buy' ? Math.max(0, after) - Math.max(0, before) : Math.max(0, -after) - Math.max(0, -before);
    if (!(opened > 0)) return;
    const k = this.brackets.find((x) => x.id === id);
    if (k) (k.units += opened), (k.bornBar = i), (k.ref = price);
    else this.brackets.push({ id, long: side === 'buy', units: opened, sl: w.sl, tp: w.tp, bornBar: i, ref: price });
  }

  /**
   * Stop-losses and take-profits against bar i's range. `sameBar` checks only the brackets born
   * on this bar (after the limits filled); they exit at their level, or at the entry when it was
   * already past it. Older ones exit at their level, or at the open when the bar gaps past it.
   */
  private triggerBrackets(i: number, sameBar: boolean): void {
    const { open, high, low } = this.data;
    for (const k of [...this.brackets]) {
      if (sameBar !== (k.bornBar === i)) continue;
      if (!this.brackets.includes(k)) continue;
      const pos = this.broker.position;
      const units = Math.min(k.units, k.long ? pos : -pos);
      if (!(units > 0)) continue;
      const start = sameBar ? k.ref : open[i];
      // Stop-loss first when both levels are inside the bar (the pessimistic order).
      let price: number | undefined;
      if (k.sl !== undefined && (k.long ? low[i] <= k.sl : high[i] >= k.sl)) price = k.long ? Math.min(start, k.sl) : Math.max(start, k.sl);
      else if (k.tp !== undefined && (k.long ? high[i] >= k.tp : low[i] <= k.tp)) price = k.long ? Math.max(start, k.tp) : Math.min(start, k.tp);
      if (price === undefined) continue;
      this.brackets = this.brackets.filter((x) => x !== k);
      this.fill(i, 0, k.long ? 'sell' : 'buy', units, price);
    }
  }

  /** Units of a limit order, fixed when it is placed (the book needs a quantity). */
  private limitUnits(side: 'buy' | 'sell', opt: OrderOptions): number {
    const b = this.broker;
    const pos = b.position;
    if (side === 'sell' && this.o.longOnly) return pos > 0 ? (opt.units ? Math.min(opt.units, pos) : pos) : 0;
    if (opt.units) return opt.units;
    const price = opt.limit!;
    const closing = (side === 'buy' && pos < 0) || (side === 'sell' && pos > 0) ? Math.abs(pos) : 0;
    // After a reversal the whole equity is available again.
    const avail = closing > 0 ? b.equity(price) : b.available(price);
    return closing + b.unitsFor(opt.size ?? this.o.size, side, price, avail);
  }

  private executeMarket(i: number, price: number): void {
    if (this.market.length === 0) return;
    // Executing places no order (only the strategy does), so the list is emptied in place.
    const orders = this.market;
    for (let k = 0; k < orders.length; k++) this.execute(i, orders[k], price);
    orders.length = 0;
  }

  /** A market-style execution of an intent at `price`, with the reversal rule. */
  private execute(i: number, m: MarketOrder, price: number): void {
    const b = this.broker;
    const pos = b.position;
    if (m.intent === 'close' || (m.intent === 'sell' && this.o.longOnly)) {
      if (pos > 0) this.fill(i, m.id, 'sell', m.intent === 'sell' && m.units ? Math.min(m.units, pos) : pos, price);
      else if (pos < 0 && m.intent === 'close') this.fill(i, m.id, 'buy', -pos, price);
      return;
    }
    const side = m.intent;
    if ((side === 'buy' && pos < 0) || (side === 'sell' && pos > 0)) this.fill(i, m.id, side, Math.abs(pos), price);
    const units = m.units ?? b.unitsFor(m.size ?? this.o.size, side, price, b.available(price));
    if (units > 0) this.fill(i, m.id, side, units, price);
  }

  private triggerStops(i: number): void {
    const { open, high, low } = this.data;
    const keep: StopOrder[] = [];
    for (const s of this.stops) {
      const pos = this.broker.position;
      // A stop close protects whatever is open when the bar trades: a long sells on the way
      // down, a short buys on the way up. Placed while flat (say beside a limit entry that has
      // not filled yet) it waits for a position instead of being dropped.
      if (s.intent === 'close' && pos === 0) {
        keep.push(s);
        continue;
      }
      const buying = s.intent === 'buy' || (s.intent === 'close' && pos < 0);
      if (buying && high[i] >= s.stop) this.execute(i, s, Math.max(open[i], s.stop));
      else if (!buying && low[i] <= s.stop) this.execute(i, s, Math.min(open[i], s.stop));
      else keep.push(s);
    }
    this.stops = keep;
  }

  /**
   * The bar's range trades against the resting limits: its low sweeps buy limits at or above it
   * and its high sweeps sell limits at or below it, best price first, then oldest first, up to
   * the bar's volume each (unlimited when the data has no volume).
   */
  private matchLimits(i: number): void {
    const cap = this.data.volume[i] > 0 ? this.data.volume[i] : Infinity;
    this.fillBar = i;
    this.book.ioc(0, 'sell', this.data.low[i], cap);
    this.book.ioc(0, 'buy', this.data.high[i], cap);
  }

  private onLimitFill(id: number, limitPrice: number, qty: number): void {
    const side = this.limits.get(id);
    if (!side) return;
    const i = this.fillBar;
    const open = this.data.open[i];
    const price = side === 'buy' ? Math.min(open, limitPrice) : Math.max(open, limitPrice);
    if (!this.book.has(id)) this.limits.delete(id);
    this.fill(i, id, side, qty, price);
  }

  private activateLimits(): void {
    for (const l of this.newLimits) {
      // A strategy's buy limit at or above its own sell limit would trade with itself: refused.
      const opposite = l.side === 'buy' ? this.book.bestAsk() : this.book.bestBid();
      if (opposite !== undefined && (l.side === 'buy' ? l.price >= opposite : l.price <= opposite)) continue;
      this.limits.set(l.id, l.side);
      this.book.limit(l.id, l.side, l.price, l.units);
    }
    this.newLimits.length = 0;
  }
}
