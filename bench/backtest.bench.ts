// sma crossover with every metric over one year of one-minute bars, in-process (target ≤ 100 ms).
import { toSeries } from '../src/backtest/series.js';
import { runOne } from '../src/backtest/run.js';
import { BUILTIN_STRATEGIES } from '../src/backtest/strategies/index.js';
import { DEFAULT_OPTIONS } from '../src/backtest/types.js';
import { MINUTE_BARS, minuteCandles } from './backtest-data.js';

const series = toSeries(minuteCandles());
const sma = BUILTIN_STRATEGIES.get('sma')!;
const o = { ...DEFAULT_OPTIONS, commission: 0.001 };
const times: number[] = [];
let trades = 0;
for (let k = 0; k < 7; k++) {
  (globalThis as { gc?: () => void }).gc?.();
  const t = performance.now();
  const r = runOne(series, sma, { fast: 10, slow: 30 }, o);
  times.push(performance.now() - t);
  trades = r.metrics.trades;
}
times.sort((a, b) => a - b);
console.log(`backtest: sma + all metrics on ${MINUTE_BARS.toLocaleString('en-US')} one-minute bars: ${times[3].toFixed(1)} ms median of 7 (best ${times[0].toFixed(1)} ms, ${trades.toLocaleString('en-US')} trades; target ≤ 100 ms)`);
