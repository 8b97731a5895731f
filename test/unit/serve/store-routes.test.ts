import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { opp, recordedStore, testServe } from '../../helpers/serve-fixture.js';
import { StoreReads } from '../../../src/serve/store-reads.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

async function withStore(fn: (s: Awaited<ReturnType<typeof testServe>>) => Promise<void>, record = true) {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-serve-store-'));
  const path = join(dir, 'a.db');
  try {
    // Three episodes: a at T0, b at T0+1h (basis), c at T0+2h.
    if (record) {
      await recordedStore(path, [
        { o: opp('a', { netPct: 0.2, profit: 12, ts: T0 }), at: T0 },
        { o: opp('b', { kind: 'basis', netPct: 0.5, profit: 8, ts: T0 + 3_600_000 }), at: T0 + 3_600_000 },
        { o: opp('c', { netPct: 0.1, profit: 3, ts: T0 + 7_200_000 }), at: T0 + 7_200_000 },
      ]);
    }
    const s = await testServe({}, new StoreReads(path));
    await fn(s);
    await s.server.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('GET /api/v1/episodes pages through recorded episodes with `next`; from/to/kind filter', async () => {
  await withStore(async (s) => {
    const get = async (q: string) => (await s.server.app.inject(`/api/v1/episodes?${q}`)).json();
    const p1 = await get('limit=2');
    assert.deepEqual(p1.episodes.map((e: { netProfit: number }) => e.netProfit), [12, 8]);
    assert.equal(p1.episodes[0].firstSeen, '2026-01-01T00:00:00.000Z');
    assert.equal(p1.episodes[1].kind, 'basis');
    const p2 = await get(`limit=2&after=${p1.next}`);
    assert.deepEqual(p2.episodes.map((e: { netProfit: number }) => e.netProfit), [3]);
    assert.equal(p2.next, null);
    assert.deepEqual((await get('kind=basis')).episodes.map((e: { netProfit: number }) => e.netProfit), [8]);
    // from inclusive, to exclusive: [T0+1h, T0+2h) holds b only.
    assert.deepEqual((await get('from=2026-01-01T01:00:00Z&to=2026-01-01T02:00:00Z')).episodes.map((e: { netProfit: number }) => e.netProfit), [8]);
    const bad = await s.server.app.inject('/api/v1/episodes?from=yesterday');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().parameter, 'from');
    assert.equal((await s.server.app.inject('/api/v1/episodes?limit=5000')).json().parameter, 'limit');
  });
});

test('GET /api/v1/export/{table}.{format} streams the export; bad table or format is a 400 naming it', async () => {
  await withStore(async (s) => {
    const r = await s.server.app.inject('/api/v1/export/opportunities.csv');
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(r.headers['x-arblens-rows'], '3');
    assert.equal(r.body.trim().split('\n').length, 4, 'header + 3 rows');
    const nd = await s.server.app.inject('/api/v1/export/opportunities.ndjson?from=2026-01-01T01:00:00Z');
    assert.equal(nd.body.trim().split('\n').length, 2);
    const bad = await s.server.app.inject('/api/v1/export/opportunities.xlsx');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().parameter, 'format');
    assert.equal((await s.server.app.inject('/api/v1/export/secrets.csv')).json().parameter, 'table');
  });
});

test('without a store the store routes say how to get one (404)', async () => {
  await withStore(async (s) => {
    const r = await s.server.app.inject('/api/v1/episodes');
    assert.equal(r.statusCode, 404);
    assert.match(r.json().error, /--record/);
  }, false);
});

test('GET /api/v1/stats is the stats summary of the recorded episodes', async () => {
  await withStore(async (s) => {
    const r = await s.server.app.inject('/api/v1/stats?by=kind');
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    // 3 episodes recorded: a and c cross-spot, b basis.
    assert.equal(body.episodes, 3);
    assert.ok(body.byKind, JSON.stringify(Object.keys(body)));
    assert.equal((await s.server.app.inject('/api/v1/stats?by=weekday')).json().parameter, 'by');
  });
});
