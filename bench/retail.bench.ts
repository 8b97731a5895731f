// retail analyze of 10,000 products from fixtures (no network wait): Keepa payload reading, the
// ROI engine under the default rules and the sort, end to end through analyzeBatch with an
// in-memory product source. Prints figures; asserts nothing about time.
import { analyzeBatch } from '../src/retail/batch.js';
import { parseInput } from '../src/retail/input.js';
import { marketplace } from '../src/retail/marketplaces.js';
import { DEFAULT_RULES } from '../src/retail/rules.js';
import { FixtureSource } from '../src/retail/source.js';
import { keepaMinuteToMs } from '../src/retail/keepa-time.js';
import { keepaProducts } from '../test/helpers/keepa-server.js';

const N = 10_000;
const base = keepaProducts().filter((p) => typeof p.stats === 'object');
const products = Array.from({ length: N }, (_, i) => {
  const p = base[i % base.length] as Record<string, any>;
  const bb = 1500 + ((i * 37) % 4000);
  // Unique 10-character ASINs (B + 9 digits) and buy boxes spread over $15–$55.
  return { ...p, asin: 'B' + String(i).padStart(9, '0'), stats: { ...p.stats, buyBoxPrice: bb } };
});
const csv = 'asin,cost,qty\n' + products.map((p, i) => `${p.asin},${(5 + (i % 20)).toFixed(2)},${1 + (i % 12)}`).join('\n') + '\n';
const now = keepaMinuteToMs(7_500_000);

async function once(): Promise<{ ms: number; parseMs: number; n: number; buy: number }> {
  const t0 = performance.now();
  const { items } = parseInput(csv, 'csv');
  const t1 = performance.now();
  const { results } = await analyzeBatch(items, new FixtureSource(products), DEFAULT_RULES, marketplace('US'), now);
  const t2 = performance.now();
  return { ms: t2 - t0, parseMs: t1 - t0, n: results.length, buy: results.filter((r) => r.verdict === 'buy').length };
}

await once(); // warm-up
const runs = [] as Awaited<ReturnType<typeof once>>[];
for (let k = 0; k < 5; k++) {
  (globalThis as { gc?: () => void }).gc?.();
  runs.push(await once());
}
const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
console.log(`retail analyze: ${N.toLocaleString('en-US')} products (CSV parse + Keepa read + rules + sort), 5 runs`);
console.log(`  median ${ms[2].toFixed(1)} ms, best ${ms[0].toFixed(1)} ms, worst ${ms[4].toFixed(1)} ms (target ≤ 2000 ms)`);
console.log(`  CSV parse ${runs[0].parseMs.toFixed(1)} ms; ${((N / ms[2]) * 1000).toFixed(0)} products/s; ${runs[0].n} results, ${runs[0].buy} buy`);
