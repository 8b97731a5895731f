// Writes data/sample/synthetic-btc-usdt-1h.csv: SYNTHETIC hourly candles (a seeded random walk
// with slowly changing drift and volatility), NOT market data. They let `arblens backtest` run
// offline out of the box and give the examples and end-to-end tests something to chew on.
// Deterministic: the file only changes when this script does.
import { mkdirSync, writeFileSync } from 'node:fs';

let seed = 20240101;
const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());

const start = Date.UTC(2024, 0, 1);
const hours = 24 * 120;
let price = 42000;
let drift = 0;
let vol = 0.006;
const rows = ['timestamp,open,high,low,close,volume'];
for (let i = 0; i < hours; i++) {
  // Regimes: every ~10 days the drift and volatility wander, so trends and chop both appear.
  if (i % 240 === 0) {
    drift = (rnd() - 0.5) * 0.0012;
    vol = 0.003 + rnd() * 0.006;
  }
  const open = price;
  const close = open * Math.exp(drift + vol * gauss());
  const high = Math.max(open, close) * (1 + Math.abs(gauss()) * vol * 0.4);
  const low = Math.min(open, close) * (1 - Math.abs(gauss()) * vol * 0.4);
  const volume = 50 + rnd() * 450;
  const ts = new Date(start + i * 3_600_000).toISOString().replace('.000Z', 'Z');
  rows.push([ts, open.toFixed(2), high.toFixed(2), low.toFixed(2), close.toFixed(2), volume.toFixed(3)].join(','));
  price = Number(close.toFixed(2));
}
mkdirSync(new URL('../data/sample/', import.meta.url), { recursive: true });
writeFileSync(new URL('../data/sample/synthetic-btc-usdt-1h.csv', import.meta.url), rows.join('\n') + '\n');
console.log(`wrote ${hours} synthetic hourly candles to data/sample/synthetic-btc-usdt-1h.csv`);
