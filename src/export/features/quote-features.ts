import { Lagged, Rsi, CountWindow, TimeWindow } from './rolling.js';

/** Feature columns of `export --table quotes --features`, in output order, with their meaning. */
export const QUOTE_FEATURES: readonly { name: string; doc: string }[] = [
  { name: 'mid', doc: '(bid + ask) / 2' },
  { name: 'spread_bps', doc: '(ask − bid) / mid × 10⁴' },
  { name: 'imbalance', doc: '(bid_size − ask_size) / (bid_size + ask_size), in [−1, 1]' },
  { name: 'ret_1s', doc: 'ln(mid / mid 1 s earlier) — the last mid at or before t − 1 s' },
  { name: 'ret_10s', doc: 'ln(mid / mid 10 s earlier)' },
  { name: 'ret_1m', doc: 'ln(mid / mid 1 min earlier)' },
  { name: 'ret_5m', doc: 'ln(mid / mid 5 min earlier)' },
  { name: 'vol_5s', doc: 'sample std of tick-to-tick log returns of mid over the last 5 s' },
  { name: 'vol_1m', doc: 'same over the last 1 min' },
  { name: 'vol_5m', doc: 'same over the last 5 min' },
  { name: 'rsi_14', doc: 'RSI of mid over the last 14 changes (simple averages), 0–100' },
  { name: 'bb_pos_20', doc: '(mid − SMA20) / (2 × std20) over the last 20 mids: ±1 at the Bollinger bands' },
  { name: 'vwap_dist_5m', doc: '(mid − VWAP) / VWAP, VWAP = mid weighted by bid_size + ask_size over the last 5 min (quotes carry no trade volume: book size stands in)' },
  { name: 'xvenue_spread_bps', doc: '(best bid among other venues − ask here) / mid × 10⁴, same symbol, other venues’ latest quotes at or before t and at most 60 s old: > 0 means buying here and selling there pays before fees' },
];

const H = [1000, 10_000, 60_000, 300_000];
const STALE_MS = 60_000;

class InstrumentState {
  readonly lags = H.map((h) => new Lagged(h));
  readonly vols = [new TimeWindow(5000), new TimeWindow(60_000), new TimeWindow(300_000)];
  readonly rsi = new Rsi(14);
  readonly bb = new CountWindow(20);
  readonly vwap = new TimeWindow(300_000);
  prevLogMid = NaN;
  lastBid = NaN;
  lastTs = -Infinity;
}

/**
 * Quote features per instrument, fed in time order. `own` computes everything that depends on
 * this instrument's history only; `cross` the cross-venue spread, called once every quote with
 * the same timestamp has gone through `own` (simultaneous quotes see each other, later ones not).
 */
export class QuoteFeatureEngine {
  private readonly inst = new Map<number, InstrumentState>();
  /** symbol → instrument id → its state (for the cross-venue spread). */
  private readonly bySymbol = new Map<string, Map<number, InstrumentState>>();

  own(instrument: number, symbol: string, ts: number, bid: number | null, bidSize: number | null, ask: number | null, askSize: number | null, out: Float64Array): void {
    out.fill(NaN);
    let s = this.inst.get(instrument);
    if (!s) {
      s = new InstrumentState();
      this.inst.set(instrument, s);
      let m = this.bySymbol.get(symbol);
      if (!m) this.bySymbol.set(symbol, (m = new Map()));
      m.set(instrument, s);
    }
    if (bid === null || ask === null || !(bid > 0) || !(ask > 0)) return;
    const mid = (bid + ask) / 2;
    s.lastBid = bid;
    s.lastTs = ts;
    out[0] = mid;
    out[1] = ((ask - bid) / mid) * 1e4;
    const bs = bidSize ?? NaN;
    const as = askSize ?? NaN;
    out[2] = bs + as > 0 ? (bs - as) / (bs + as) : NaN;
    const lm = Math.log(mid);
    for (let h = 0; h < H.length; h++) {
      out[3 + h] = lm - s.lags[h].at(ts);
      s.lags[h].push(ts, lm);
    }
    const r = lm - s.prevLogMid;
    s.prevLogMid = lm;
    for (let k = 0; k < s.vols.length; k++) {
      if (Number.isFinite(r)) s.vols[k].push(ts, r);
      else s.vols[k].evict(ts);
      out[7 + k] = s.vols[k].std();
    }
    out[10] = s.rsi.push(mid);
    s.bb.push(mid);
    if (s.bb.full) {
      const sd = s.bb.std();
      out[11] = sd > 0 ? (mid - s.bb.mean()) / (2 * sd) : 0;
    }
    const w = (bidSize ?? 0) + (askSize ?? 0);
    s.vwap.push(ts, mid, w > 0 ? w : 0);
    out[12] = s.vwap.wSum > 0 ? (mid - s.vwap.wxSum / s.vwap.wSum) / (s.vwap.wxSum / s.vwap.wSum) : NaN;
  }

  /** Cross-venue spread for a quote already passed through `own` (out[13]). */
  cross(instrument: number, symbol: string, ts: number, ask: number | null, mid: number, out: Float64Array): void {
    out[13] = NaN;
    if (ask === null || !Number.isFinite(mid)) return;
    let best = -Infinity;
    for (const [id, s] of this.bySymbol.get(symbol) ?? []) {
      if (id === instrument || ts - s.lastTs > STALE_MS || !(s.lastBid > 0)) continue;
      if (s.lastBid > best) best = s.lastBid;
    }
    if (best > -Infinity) out[13] = ((best - ask) / mid) * 1e4;
  }
}
