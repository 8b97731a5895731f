/**
 * The simulated broker: cash, one net position made of FIFO lots, fills with slippage and
 * commission, and the trade log. It knows nothing about bars or strategies: the bar engine tells
 * it what to fill, at which price, on which bar.
 */
import { ColumnSet } from './column-set.js';
import type { BacktestOptions, Fill, Trade, TradeColumns } from './types.js';

interface Lot {
  units: number;
  readonly long: boolean;
  readonly entryBar: number;
  readonly entryTs: number;
  readonly entryPrice: number;
  /** Entry commission not yet charged to a closed trade. */
  entryCommission: number;
}

export class Broker {
  cash: number;
  /** Signed net position in units. */
  position = 0;
  /** Commission paid on every fill so far, in all. */
  commissions = 0;
  /**
   * Fills and trades are kept as columns and made into objects only when asked for (fillList,
   * tradeList): minute bars make tens of thousands, and many runs — grid workers, the metrics —
   * need only counts, commissions and the trades' P&L.
   */
  private readonly fills = new ColumnSet(['bar', 'ts', 'buy', 'units', 'price', 'commission'] as const);
  readonly trades = new ColumnSet(['long', 'size', 'entryBar', 'exitBar', 'entryTs', 'exitTs', 'entryPrice', 'exitPrice', 'pnl', 'returnPct', 'commission', 'closedAtEnd'] as const);
  private fillObjects: Fill[] | undefined;
  private tradeObjects: Trade[] | undefined;
  /**
   * Open lots, oldest first: lots[head] … lots[tail − 1]. A queue over slots that are reused once
   * it is empty (shift()/push() reallocated the array's store on every trade).
   */
  private readonly lots: Lot[] = [];
  private head = 0;
  private tail = 0;
  private readonly slip: number;

  constructor(private readonly o: BacktestOptions) {
    this.cash = o.cash;
    this.slip = o.slippageBps / 10_000;
  }

  equity(price: number): number {
    return this.cash + this.position * price;
  }

  /** Equity not tied up in the position: what a new order may be sized from (no leverage). */
  available(price: number): number {
    return this.equity(price) - Math.abs(this.position) * price;
  }

  /** Average entry price of the open lots (NaN when flat). */
  entryPrice(): number {
    let u = 0;
    let c = 0;
    for (let k = this.head; k < this.tail; k++) {
      const l = this.lots[k];
      u += l.units;
      c += l.units * l.entryPrice;
    }
    return u > 0 ? c / u : NaN;
  }

  /** The price a fill gets after slippage: buys pay more, sells receive less. */
  fillPrice(side: 'buy' | 'sell', price: number): number {
    return side === 'buy' ? price * (1 + this.slip) : price * (1 - this.slip);
  }

  /**
   * Units a fraction of available equity buys at `price`, after commission on this entry
   * (relative and fixed); 0 when nothing can be afforded. Whole units round down.
   */
  unitsFor(fraction: number, side: 'buy' | 'sell', price: number, available: number): number {
    const p = this.fillPrice(side, price);
    const budget = fraction * available - this.o.commissionFixed;
    if (!(budget > 0) || !(p > 0)) return 0;
    const units = budget / (p * (1 + this.o.commission));
    return this.o.wholeUnits ? Math.floor(units + 1e-9) : units;
  }

  /**
   * Fills `units` (> 0) on `side` at `price` (before slippage): closes opposite lots first
   * (FIFO, one trade per lot), then opens a lot with the remainder.
   */
  fill(bar: number, ts: number, side: 'buy' | 'sell', units: number, price: number, atEnd = false): void {
    if (!(units > 0)) return;
    const p = this.fillPrice(side, price);
    const commission = units * p * this.o.commission + this.o.commissionFixed;
    const buying = side === 'buy';
    this.cash += buying ? -units * p : units * p;
    this.cash -= commission;
    this.position += buying ? units : -units;
    if (Math.abs(this.position) < 1e-12) this.position = 0;
    this.record(bar, ts, buying, units, p, commission);

    let left = units;
    while (left > 1e-12 && this.head < this.tail && this.lots[this.head].long === !buying) {
      const lot = this.lots[this.head];
      const q = Math.min(lot.units, left);
      const entryC = lot.entryCommission * (q / lot.units);
      const exitC = commission * (q / units);
      const gross = lot.long ? (p - lot.entryPrice) * q : (lot.entryPrice - p) * q;
      const pnl = gross - entryC - exitC;
      const k = this.trades.add();
      const t = this.trades.c;
      t.long[k] = lot.long ? 1 : 0;
      t.size[k] = q;
      t.entryBar[k] = lot.entryBar;
      t.exitBar[k] = bar;
      t.entryTs[k] = lot.entryTs;
      t.exitTs[k] = ts;
      t.entryPrice[k] = lot.entryPrice;
      t.exitPrice[k] = p;
      t.pnl[k] = pnl;
      t.returnPct[k] = (pnl / (q * lot.entryPrice)) * 100;
      t.commission[k] = entryC + exitC;
      t.closedAtEnd[k] = atEnd ? 1 : 0;
      lot.entryCommission -= entryC;
      lot.units -= q;
      left -= q;
      if (lot.units <= 1e-12) this.head++;
    }
    if (this.head === this.tail) this.head = this.tail = 0;
    if (left > 1e-12) {
      this.lots[this.tail++] = { units: left, long: buying, entryBar: bar, entryTs: ts, entryPrice: p, entryCommission: commission * (left / units) };
    }
  }

  /** The trades so far as columns (views: valid until the next trade). */
  tradeColumns(): TradeColumns {
    const t = this.trades;
    return {
      long: t.view('long'),
      size: t.view('size'),
      entryBar: t.view('entryBar'),
      exitBar: t.view('exitBar'),
      entryTs: t.view('entryTs'),
      exitTs: t.view('exitTs'),
      entryPrice: t.view('entryPrice'),
      exitPrice: t.view('exitPrice'),
      pnl: t.view('pnl'),
      returnPct: t.view('returnPct'),
      commission: t.view('commission'),
      closedAtEnd: t.view('closedAtEnd'),
    };
  }

  /** Fills so far. */
  get fillCount(): number {
    return this.fills.length;
  }

  /** Every fill in order, as objects (built again only after new fills). */
  fillList(): Fill[] {
    if (this.fillObjects && this.fillObjects.length === this.fillCount) return this.fillObjects;
    const f = this.fills.c;
    const out: Fill[] = new Array(this.fillCount);
    for (let k = 0; k < out.length; k++) out[k] = { bar: f.bar[k], ts: f.ts[k], side: f.buy[k] ? 'buy' : 'sell', units: f.units[k], price: f.price[k], commission: f.commission[k] };
    return (this.fillObjects = out);
  }

  /** Every closed trade in order, as objects (built again only after new trades). */
  tradeList(): Trade[] {
    const n = this.trades.length;
    if (this.tradeObjects && this.tradeObjects.length === n) return this.tradeObjects;
    const t = this.trades.c;
    const out: Trade[] = new Array(n);
    for (let k = 0; k < n; k++) {
      out[k] = {
        side: t.long[k] ? 'long' : 'short',
        size: t.size[k],
        entryBar: t.entryBar[k],
        exitBar: t.exitBar[k],
        entryTs: t.entryTs[k],
        exitTs: t.exitTs[k],
        entryPrice: t.entryPrice[k],
        exitPrice: t.exitPrice[k],
        pnl: t.pnl[k],
        returnPct: t.returnPct[k],
        commission: t.commission[k],
        closedAtEnd: t.closedAtEnd[k] === 1,
      };
    }
    return (this.tradeObjects = out);
  }

  private record(bar: number, ts: number, buy: boolean, units: number, price: number, commission: number): void {
    const k = this.fills.add();
    const f = this.fills.c;
    f.bar[k] = bar;
    f.ts[k] = ts;
    f.buy[k] = buy ? 1 : 0;
    f.units[k] = units;
    f.price[k] = price;
    f.commission[k] = commission;
    this.commissions += commission;
  }
}
