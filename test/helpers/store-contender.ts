// A child process for the store contention tests (test/integration/store): started N at a time
// by the parent, each waits for a shared start instant, then races the others.
//   migrate <dir> <count> <t0>   open (create) <dir>/<k>.db for k < count, store k at t0 + k·40 ms
//   write <db> <batches> <id>    append batches of quotes + opportunities as fast as it can
// Prints one JSON line: { errors: [...], ... }.
import { SqliteStore } from '../../src/store/sqlite.js';
import type { Opportunity, Quote } from '../../src/core/types.js';

const [mode, target, nArg, arg3] = process.argv.slice(2);
const errors: string[] = [];
const spinUntil = (t: number) => {
  while (Date.now() < t); // busy-wait: a timer would add up to a few ms of jitter to the start
};

if (mode === 'migrate') {
  const t0 = Number(arg3);
  for (let k = 0; k < Number(nArg); k++) {
    spinUntil(t0 + k * 40);
    try {
      new SqliteStore(`${target}/${k}.db`).close();
    } catch (err) {
      errors.push(String((err as Error).message).split('\n')[0]);
    }
  }
  process.stdout.write(JSON.stringify({ errors }) + '\n');
} else if (mode === 'write') {
  const id = arg3;
  const store = new SqliteStore(target);
  const opp = (key: string, now: number): Opportunity =>
    ({ id: key, kind: 'cross-spot', symbol: 'BTC/USDT', quote: 'USDT', size: 1, netSpreadPct: 0.1, netProfit: 1, legs: [], ts: '', tsMs: now }) as unknown as Opportunity;
  let written = 0;
  for (let b = 0; b < Number(nArg); b++) {
    const now = Date.now();
    // Every writer uses the same venues and symbols (so instrument ids are created concurrently).
    const quotes: Quote[] = Array.from({ length: 20 }, (_, i) => ({ type: 'quote', venue: `v${i % 3}`, symbol: `S${i % 4}/USDT`, market: 'spot', bids: [[100, 1]], asks: [[101, 1]], venueTs: now, localTs: now }));
    try {
      store.recordQuotes(quotes);
      written += quotes.length;
      // read-then-write: the case a deferred transaction cannot upgrade under contention
      store.recordOpportunities([opp('shared', now), opp(`own-${id}`, now)], now, 60_000);
    } catch (err) {
      errors.push(`${(err as { code?: string }).code ?? ''} ${String((err as Error).message).split('\n')[0]}`);
    }
  }
  store.close();
  process.stdout.write(JSON.stringify({ errors, written }) + '\n');
}
