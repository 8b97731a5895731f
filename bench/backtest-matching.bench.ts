// Matching engine throughput: a random mix of limit orders (some crossing), cancels and market
// orders around a mid price (target ≥ 1,000,000 operations/s).
import { OrderBook } from '../src/backtest/order-book.js';

const OPS = 2_000_000;
let seed = 3;
const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
// Pre-draw the operations so the timing measures the book, not the random numbers.
const kind = new Uint8Array(OPS);
const price = new Float64Array(OPS);
const qty = new Float64Array(OPS);
const pick = new Float64Array(OPS);
for (let i = 0; i < OPS; i++) {
  const r = rnd();
  kind[i] = r < 0.6 ? 0 : r < 0.9 ? 1 : 2;
  price[i] = 1000 + Math.floor(rnd() * 41) - 20;
  qty[i] = 1 + Math.floor(rnd() * 10);
  pick[i] = rnd();
}

function run(): { ms: number; fills: number } {
  let fills = 0;
  const book = new OrderBook(() => void fills++);
  const live: number[] = [];
  const t = performance.now();
  for (let i = 0; i < OPS; i++) {
    const k = kind[i];
    if (k === 0) {
      // Buys below 1000 and sells above mostly rest; the overlap crosses and trades.
      const side = (i & 1) === 0 ? 'buy' : 'sell';
      const p = side === 'buy' ? price[i] - 3 : price[i] + 3;
      book.limit(i + 1, side, p, qty[i]);
      if (book.has(i + 1)) live.push(i + 1);
    } else if (k === 1 && live.length) {
      const j = Math.floor(pick[i] * live.length);
      book.cancel(live[j]);
      live[j] = live[live.length - 1];
      live.pop();
    } else book.market(i + 1, (i & 1) === 0 ? 'buy' : 'sell', qty[i]);
  }
  return { ms: performance.now() - t, fills };
}

run(); // warm-up
const r = run();
console.log(`matching engine: ${Math.round(OPS / (r.ms / 1000)).toLocaleString('en-US')} order operations/s (${OPS.toLocaleString('en-US')} ops: 60 % limit, 30 % cancel, 10 % market; ${r.fills.toLocaleString('en-US')} fills; target ≥ 1,000,000)`);
