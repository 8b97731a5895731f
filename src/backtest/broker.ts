/**
 * The simulated broker: cash, one net position made of FIFO lots, fills with slippage and
 * commission, and the trade log. It knows nothing about bars or strategies: the bar engine tells
 * it what to fill, at which price, on which bar.
 */
import { Column } from './column.js';
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
  /** Fills so far, and the commission they paid in all. */
  fillCount = 0;
  commissions = 0;
  /**
   * Fills and trades are kept as columns and made into objects only when asked for (fillList,
   * tradeList): minute bars make tens of thousands, and many runs — grid workers, the metrics —
   * need only counts, commissions and the trades' P&L.
   */
  private readonly fills = { bar: new Column(), ts: new Column(), buy: new Column(), units: new Column(), price: new Column(), commission: new Column() };
  readonly trades = {
    long: new Column(),
    size: new Column(),
    entryBar: new Column(),
    exitBar: new Column(),
    entryTs: new Column(),
    exitTs: new Column(),
    entryPrice: new Column(),
    exitPrice: new Column(),
    pnl: new Column(),
    returnPct: new Column(),
    commission: new Column(),
    closedAtEnd: new Column(),
  };
  private fillObjects: Fill[] | undefined;
  private tradeObjects: Trade[] | undefined;
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
    this.record(bar, ts, buying, units, p, commission);

    let left = units;
    while (left > 1e-12 && this.lots.length > 0 && this.lots[0].long === !buying) {
      const lot = this.lots[0];
      const q = Math.min(lot.units, left);
      const entryC = lot.entryCommission * (q / lot.units);
      const exitC = commission * (q / units);
      const gross = lot.long ? (p - lot.entryPrice) * q : (lot.entryPrice - p) * q;
      const pnl = gross - entryC - exitC;
      const t = this.trades;
      t.long.push(lot.long ? 1 : 0);
      t.size.push(q);
      t.entryBar.push(lot.entryBar);
      t.exitBar.push(bar);
      t.entryTs.push(lot.entryTs);
      t.exitTs.push(ts);
      t.entryPrice.push(lot.entryPrice);
      t.exitPrice.push(p);
      t.pnl.push(pnl);
      t.returnPct.push((pnl / (q * lot.entryPrice)) * 100);
      t.commission.push(entryC + exitC);
      t.closedAtEnd.push(atEnd ? 1 : 0);
      lot.entryCommission -= entryC;
      lot.units -= q;
      left -= q;
      if (lot.units <= 1e-12) this.lots.shift();
    }
    if (left > 1e-12) {
      this.lots.push({ units: left, long: buying, entryBar: bar, entryTs: ts, entryPrice: p, entryCommission: commission * (left / units) });
    }
  }

  /** Every fill in order, as objects (built again only after new fills). */
  fillList(): Fill[] {
    if (this.fillObjects && this.fillObjects.length === this.fillCount) return this.fillObjects;
    const f = this.fills;
    const out: Fill[] = new Array(this.fillCount);
    for (let k = 0; k < out.length; k++) {
      out[k] = { bar: f.bar.at(k), ts: f.ts.at(k), side: f.buy.at(k) ? 'buy' : 'sell', units: f.units.at(k), price: f.price.at(k), commission: f.commission.at(k) };
    }
    return (this.fillObjects = out);
  }

  /** Every closed trade in order, as objects (built again only after new trades). */
  tradeList(): Trade[] {
    const t = this.trades;
    const n = t.pnl.length;
    if (this.tradeObjects && this.tradeObjects.length === n) return this.tradeObjects;
    const out: Trade[] = new Array(n);
    for (let k = 0; k < n; k++) {
      out[k] = {
        side: t.long.at(k) ? 'long' : 'short',
        size: t.size.at(k),
        entryBar: t.entryBar.at(k),
        exitBar: t.exitBar.at(k),
        entryTs: t.entryTs.at(k),
        exitTs: t.exitTs.at(k),
        entryPrice: t.entryPrice.at(k),
        exitPrice: t.exitPrice.at(k),
        pnl: t.pnl.at(k),
        returnPct: t.returnPct.at(k),
        commission: t.commission.at(k),
        closedAtEnd: t.closedAtEnd.at(k) === 1,
      };
    }
    return (this.tradeObjects = out);
  }

  private record(bar: number, ts: number, buy: boolean, units: number, price: number, commission: number): void {
    const f = this.fills;
    f.bar.push(bar);
    f.ts.push(ts);
    f.buy.push(buy ? 1 : 0);
    f.units.push(units);
    f.price.push(price);
    f.commission.push(commission);
    this.fillCount++;
    this.commissions += commission;
  }
}
