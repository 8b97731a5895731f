import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testServe } from '../../helpers/serve-fixture.js';
import { BacktestJobs } from '../../../src/serve/backtests.js';
import { ROOT } from '../../helpers/cli.js';

const H = 3_600_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

/** 300 hourly candles of a slow sine around 100 (crossovers for sma to trade on). */
async function storeWithCandles(path: string): Promise<void> {
  const { SqliteStore } = await import('../../../src/store/sqlite.js');
  const s = new SqliteStore(path);
  const candles = Array.from({ length: 300 }, (_, i) => {
    const c = 100 + 10 * Math.sin(i / 15);
    return { ts: T0 + i * H, open: c, high: c + 1, low: c - 1, close: c, volume: 1 };
  });
  s.upsertCandles('binance', 'BTC/USDT', 'spot', '1h', candles);
  s.close();
}

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-serve-bt-'));
  const db = join(dir, 'a.db');
  await storeWithCandles(db);
  const strategies = join(dir, 'strategies');
  mkdirSync(strategies);
  const jobs = new BacktestJobs({ dbPath: db, strategiesDir: strategies, clock: Date.now });
  const s = await testServe({ bodyLimit: 4096 });
  // The test server has no backtests: build one with them.
  const { buildServer } = await import('../../../src/serve/app.js');
  const server = await buildServer({ ...s.ctx, backtests: jobs });
  return { dir, strategies, jobs, server, hub: s.hub, done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('POST /api/v1/backtests → 202 {id}; GET shows status, metrics and trades; /report is the HTML report', async () => {
  const t = await setup();
  try {
    const r = await t.server.app.inject({ method: 'POST', url: '/api/v1/backtests', payload: { strategy: 'sma', params: { fast: 5, slow: 20 }, venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h', cash: 10_000 } });
    assert.equal(r.statusCode, 202);
    const { id } = r.json();
    await t.jobs.idle();
    const got = (await t.server.app.inject(`/api/v1/backtests/${id}`)).json();
    assert.equal(got.status, 'done', got.error);
    assert.equal(got.bars, 300);
    assert.deepEqual(got.params, { fast: 5, slow: 20 });
    assert.ok(got.trades.length > 0, 'the sine crosses its averages');
    assert.equal(typeof got.metrics, 'object');
    const rep = await t.server.app.inject(`/api/v1/backtests/${id}/report`);
    assert.equal(rep.statusCode, 200);
    assert.match(rep.body, /<html/i);
    assert.equal((await t.server.app.inject('/api/v1/backtests/bt-nope')).statusCode, 404);
  } finally {
    t.done();
  }
});

test('a strategy is a name, never a path: paths and unknown names are 400; a file in the strategies folder runs', async () => {
  const t = await setup();
  try {
    const evil = join(t.dir, 'evil.ts');
    writeFileSync(evil, 'throw new Error("loaded!")');
    for (const strategy of ['../evil', evil, './evil.ts', 'evil']) {
      const r = await t.server.app.inject({ method: 'POST', url: '/api/v1/backtests', payload: { strategy, venue: 'binance', symbol: 'BTC/USDT' } });
      assert.equal(r.statusCode, 400, strategy);
      assert.equal(r.json().parameter, 'strategy', strategy);
    }
    copyFileSync(join(ROOT, 'strategies/example.ts'), join(t.strategies, 'mysma.ts'));
    const ok = await t.server.app.inject({ method: 'POST', url: '/api/v1/backtests', payload: { strategy: 'mysma', venue: 'binance', symbol: 'BTC/USDT' } });
    assert.equal(ok.statusCode, 202, ok.body);
    await t.jobs.idle();
    assert.equal((await t.server.app.inject(`/api/v1/backtests/${ok.json().id}`)).json().status, 'done');
  } finally {
    t.done();
  }
});

test('bad bodies are 400 naming the field; bodies over the limit are 413', async () => {
  const t = await setup();
  try {
    const post = (payload: unknown) => t.server.app.inject({ method: 'POST', url: '/api/v1/backtests', payload: payload as object });
    assert.equal((await post({ strategy: 'sma', venue: 'binance' })).json().parameter, 'symbol');
    assert.equal((await post({ strategy: 'sma', venue: 'binance', symbol: 'X', cash: -1 })).json().parameter, 'cash');
    assert.equal((await post({ strategy: 'sma', venue: 'binance', symbol: 'X', params: { nope: 1 } })).json().parameter, 'params.nope');
    const big = await post({ strategy: 'sma', venue: 'binance', symbol: 'x'.repeat(5000) });
    assert.equal(big.statusCode, 413);
    assert.doesNotMatch(big.body, /node_modules|\n\s+at /);
    // No candles for that instrument: the job fails with the store's message, no stack.
    const r = await post({ strategy: 'sma', venue: 'okx', symbol: 'ETH/USDT' });
    await t.jobs.idle();
    const got = (await t.server.app.inject(`/api/v1/backtests/${r.json().id}`)).json();
    assert.equal(got.status, 'failed');
    assert.match(got.error, /no 1h candles for okx ETH\/USDT/);
  } finally {
    t.done();
  }
});

test('a backtest runs off the server thread: live events keep reaching a WebSocket client while it runs', async () => {
  const t = await setup();
  const { WebSocket } = await import('ws');
  const { opp, tick, tracked } = await import('../../helpers/serve-fixture.js');
  const started = join(t.dir, 'started');
  const release = join(t.dir, 'release');
  // A strategy that computes until the test lets it go (or 15 s pass): on the server's own
  // thread it would hold every timer, tick and frame back for that long.
  writeFileSync(
    join(t.strategies, 'busy.mjs'),
    `import { existsSync, writeFileSync } from 'node:fs';
export default { name: 'busy', params: {}, init() { writeFileSync(${JSON.stringify(started)}, ''); const end = Date.now() + 15000; while (!existsSync(${JSON.stringify(release)}) && Date.now() < end); }, next() {} };
`,
  );
  const base = await t.server.app.listen({ host: '127.0.0.1', port: 0 });
  const ws = new WebSocket(base.replace('http', 'ws') + '/ws/opportunities');
  let messages = 0;
  const waiters: [number, () => void][] = [];
  ws.on('message', () => {
    messages++;
    for (const w of waiters.splice(0)) messages >= w[0] ? w[1]() : waiters.push(w);
  });
  const received = (n: number) => new Promise<void>((r) => (messages >= n ? r() : waiters.push([n, r])));
  await received(1); // the snapshot
  // The live feed: one update every 10 ms, from the server's thread.
  const o = tracked(opp('a', { netPct: 0.5, profit: 5 }), 0, 0);
  const feed = setInterval(() => tick(t.hub, Date.now(), [o], [{ event: 'update', tracked: o }], []), 10);
  try {
    const r = await t.server.app.inject({ method: 'POST', url: '/api/v1/backtests', payload: { strategy: 'busy', venue: 'binance', symbol: 'BTC/USDT' } });
    assert.equal(r.statusCode, 202, r.body);
    const job = t.jobs.get(r.json().id)!;
    // Once the strategy is computing: five more ticks delivered, then the job's state at that moment.
    while (!existsSync(started) && job.status !== 'done' && job.status !== 'failed') await new Promise((res) => setTimeout(res, 5));
    const start = messages;
    await received(start + 5);
    const during = job.status;
    writeFileSync(release, '');
    await t.jobs.idle();
    assert.equal(during, 'running', 'events arrived while the backtest was running');
    assert.equal(job.status, 'done', job.error);
  } finally {
    clearInterval(feed);
    ws.close();
    await t.server.close();
    t.done();
  }
});
