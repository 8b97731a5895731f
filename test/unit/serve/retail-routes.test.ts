// The retail batches `arblens retail analyze` stored, over the API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testServe } from '../../helpers/serve-fixture.js';
import { StoreReads } from '../../../src/serve/store-reads.js';
import { SqliteStore } from '../../../src/store/sqlite.js';
import { saveRetailBatch } from '../../../src/store/retail.js';

test('GET /api/v1/retail/batches lists stored batches; /{id} gives the per-product results; 404s say what to do', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-serve-retail-'));
  const path = join(dir, 'r.db');
  try {
    const store = new SqliteStore(path);
    const row = { line: 2, code: 'B0TEST', asin: 'B0TEST', title: 'Widget', currency: 'USD', cost: 10, qty: 1, sellPrice: 29.99, profit: 10.17, roiPct: 101.7, marginPct: 33.9, monthlySales: 120, verdict: 'buy', reasons: ['clears the rules'] };
    const id = saveRetailBatch(store.db, { createdTs: 1_767_225_600_000, name: 'week 1', source: 'products.csv', marketplace: 'US', currency: 'USD', rules: '{}', products: 1, buy: 1, watch: 0, skip: 0, tokensUsed: 3 }, [{ ...row, payload: JSON.stringify({ asin: 'B0TEST', profit: 10.17, verdict: 'buy' }) }]);
    store.close();
    const s = await testServe({}, new StoreReads(path));
    try {
      const list = (await s.server.app.inject('/api/v1/retail/batches')).json() as { batches: { id: number; name: string; buy: number }[] };
      assert.deepEqual(list.batches.map((b) => [b.id, b.name, b.buy]), [[id, 'week 1', 1]]);
      const one = (await s.server.app.inject(`/api/v1/retail/batches/${id}`)).json() as { batch: { products: number }; results: { asin: string; profit: number; verdict: string }[] };
      assert.equal(one.batch.products, 1);
      assert.deepEqual(one.results, [{ asin: 'B0TEST', profit: 10.17, verdict: 'buy' }]);
      const missing = await s.server.app.inject('/api/v1/retail/batches/999');
      assert.equal(missing.statusCode, 404);
      assert.match(missing.json().error, /no retail batch 999/);
      assert.equal((await s.server.app.inject('/api/v1/retail/batches/abc')).statusCode, 400);
    } finally {
      await s.server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
