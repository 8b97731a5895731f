import { CountWindow, Rsi } from './rolling.js';

/** Feature columns of `export --table candles --features` (N = bars of the candle's timeframe). */
export const CANDLE_FEATURES: readonly { name: string; doc: string }[] = [
  { name: 'ret_1', doc: 'ln(close / close 1 bar earlier)' },
  { name: 'ret_5', doc: 'ln(close / close 5 bars earlier)' },
  { name: 'ret_20', doc: 'ln(close / close 20 bars earlier)' },
  { name: 'vol_10', doc: 'sample std of 1-bar log returns over the last 10 bars' },
  { name: 'vol_30', doc: 'same over the last 30 bars' },
  { name: 'rsi_14', doc: 'RSI of close over the last 14 changes (simple averages), 0–100' },
  { name: 'bb_pos_20', doc: '(close − SMA20) / (2 × std20) of close over the last 20 bars' },
  { name: 'vwap_dist_20', doc: '(close − VWAP20) / VWAP20, VWAP20 = typical price (h+l+c)/3 weighted by volume over the last 20 bars' },
  { name: 'hl_range', doc: '(high − low) / close' },
  { name: 'xvenue_spread_bps', doc: '(close − mean close of other venues, same symbol and timeframe, same bar) / close × 10⁴' },
];

class SeriesState {
  readonly closes: number[] = []; // the last 21 log closes
  readonly vol10 = new CountWindow(10);
  readonly vol30 = new CountWindow(30);
  readonly rsi = new Rsi(14);
  readonly bb = new CountWindow(20);
  readonly pv = new CountWindow(20);
  readonly v = new CountWindow(20);
  lastClose = NaN;
  lastTs = -Infinity;
}

/** Candle features per (instrument, timeframe), fed in time order; `cross` after each bar time. */
export class CandleFeatureEngine {
  private readonly series = new Map<string, SeriesState>();
  private readonly peers = new Map<string, Map<string, SeriesState>>();

  own(key: string, peerKey: string, ts: number, high: number, low: number, close: number, volume: number, out: Float64Array): void {
    out.fill(NaN);
    let s = this.series.get(key);
    if (!s) {
      this.series.set(key, (s = new SeriesState()));
      let m = this.peers.get(peerKey);
      if (!m) this.peers.set(peerKey, (m = new Map()));
      m.set(key, s);
    }
    if (!(close > 0)) return;
    const lc = Math.log(close);
    const back = (k: number) => (s.closes.length >= k ? lc - s.closes[s.closes.length - k] : NaN);
    out[0] = back(1);
    out[1] = back(5);
    out[2] = back(20);
    s.closes.push(lc);
    if (s.closes.length > 21) s.closes.shift();
    if (Number.isFinite(out[0])) {
      s.vol10.push(out[0]);
      s.vol30.push(out[0]);
    }
    out[3] = s.vol10.full ? s.vol10.std() : NaN;
    out[4] = s.vol30.full ? s.vol30.std() : NaN;
    out[5] = s.rsi.push(close);
    s.bb.push(close);
    if (s.bb.full) {
      const sd = s.bb.std();
      out[6] = sd > 0 ? (close - s.bb.mean()) / (2 * sd) : 0;
    }
    s.pv.push(((high + low + close) / 3) * volume);
    s.v.push(volume);
    if (s.v.full && s.v.sum > 0) {
      const vwap = s.pv.sum / s.v.sum;
      out[7] = (close - vwap) / vwap;
    }
    out[8] = (high - low) / close;
    s.lastClose = close;
    s.lastTs = ts;
  }

  cross(key: string, peerKey: string, ts: number, close: number, out: Float64Array): void {
    out[9] = NaN;
    let sum = 0;
    let n = 0;
    for (const [k, s] of this.peers.get(peerKey) ?? []) {
      if (k === key || s.lastTs !== ts) continue;
      sum += s.lastClose;
      n++;
    }
    if (n > 0 && close > 0) out[9] = ((close - sum / n) / close) * 1e4;
  }
}
