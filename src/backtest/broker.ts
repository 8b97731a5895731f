/**
 * The simulated broker: cash, one net position made of FIFO lots, fills with slippage and
 * commission, and the trade log. It knows nothing about bars or strategies: the bar engine tells
 * it what to fill, at which price, on which bar.
 */
import type { BacktestOptions, Fill, Trade } from './types.js';

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
  readonly trades: Trade[] = [];
  readonly fills: Fill[] = [];
  private readonly lots: Lot[] = [];
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
    for (const l of this.lots) {
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
    this.fills.push({ bar, ts, side, units, price: p, commission });

    let left = units;
    while (left > 1e-12 && this.lots.length > 0 && this.lots[0].long === !buying) {
      const lot = this.lots[0];
      const q = Math.min(lot.units, left);
      const entryC = lot.entryCommission * (q / lot.units);
      const exitC = commission * (q / units);
      const gross = lot.long ? (p - lot.entryPrice) * q : (lot.entryPrice - p) * q;
      const pnl = gross - entryC - exitC;
      this.trades.push({
        side: lot.long ? 'long' : 'short',
        size: q,
        entryBar: lot.entryBar,
        exitBar: bar,
        entryTs: lot.entryTs,
        exitTs: ts,
        entryPrice: lot.entryPrice,
        exitPrice: p,
        pnl,
        returnPct: (pnl / (q * lot.entryPrice)) * 100,
        commission: entryC + exitC,
        closedAtEnd: atEnd,
      });
      lot.entryCommission -= entryC;
      lot.units -= q;
      left -= q;
      if (lot.units <= 1e-12) this.lots.shift();
    }
    if (left > 1e-12) {
      this.lots.push({ units: left, long: buying, entryBar: bar, entryTs: ts, entryPrice: p, entryCommission: commission * (left / units) });
    }
  }
}
