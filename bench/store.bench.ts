// Store write throughput: quote rows recorded into a fresh SQLite file (WAL, batched
// transactions) as `scan --record` / `watch --record` write them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../src/store/sqlite.js';
import type { Quote } from '../src/core/types.js';

const ROWS = 1_000_000;
const BATCH = 5_000;
const dir = mkdtempSync(join(tmpdir(), 'arblens-bench-'));
const store = new SqliteStore(join(dir, 'bench.db'));
const venues = Array.from({ length: 11 }, (_, i) => `v${i}`);
const batch: Quote[] = [];
for (let i = 0; i < BATCH; i++) {
  batch.push({ type: 'quote', venue: venues[i % 11], symbol: `S${i % 500}/USDT`, market: 'spot', bids: [[100 + i * 1e-4, 1.5]], asks: [[100.01 + i * 1e-4, 2]], venueTs: 1.7e12 + i, localTs: 1.7e12 + i + 3 });
}
store.recordQuotes(batch); // instrument ids cached, statements warm
const t = process.hrtime.bigint();
// Venue timestamps move forward from batch to batch, as they do in a recording.
// (Shifted in place: copying 5,000 objects a batch would be timed as if it were the store's.)
const mutable = batch as { venueTs: number; localTs: number }[];
for (let n = 0; n < ROWS; n += BATCH) {
  for (const q of mutable) {
    q.venueTs += BATCH;
    q.localTs += BATCH;
  }
  store.recordQuotes(batch);
}
const secs = Number(process.hrtime.bigint() - t) / 1e9;
store.close();
rmSync(dir, { recursive: true, force: true });
console.log(`store: ${Math.round(ROWS / secs).toLocaleString('en-US')} quote rows/s recorded into SQLite (${ROWS.toLocaleString('en-US')} rows, batches of ${BATCH})`);
