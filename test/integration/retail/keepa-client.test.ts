// The Keepa client and a whole batch against a local server speaking Keepa's API shape, with a
// fake clock: waits are recorded, not slept, and the server's token bucket refills on the same clock.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KeepaClient, KeepaError } from '../../../src/retail/keepa-client.js';
import { analyzeBatch } from '../../../src/retail/batch.js';
import { marketplace } from '../../../src/retail/marketplaces.js';
import { DEFAULT_RULES } from '../../../src/retail/rules.js';
import { parseInput } from '../../../src/retail/input.js';
import type { Clock } from '../../../src/retail/clock.js';
import { keepaProducts, startKeepaServer, type KeepaServer } from '../../helpers/keepa-server.js';

const KEY = 'test-key-0123456789abcdef';
let server: KeepaServer | undefined;
afterEach(async () => server?.close());

function fakeClock(t0 = 1_743_840_000_000): Clock & { t: number; sleeps: number[] } {
  const c = {
    t: t0,
    sleeps: [] as number[],
    now: () => c.t,
    sleep: async (ms: number) => void (c.sleeps.push(ms), (c.t += ms)),
  };
  return c;
}

/** n distinct products cloned from the first fixture. */
const many = (n: number) => Array.from({ length: n }, (_, i) => ({ ...keepaProducts()[0], asin: `B0PACE${String(i).padStart(4, '0')}` }));

describe('Keepa client: token pacing (fake clock)', () => {
  it('paces to tokensLeft/refillRate: waits for the refills a chunk needs instead of being refused', async () => {
    const clock = fakeClock();
    // 60 tokens, 1 a minute; 3 a product with buybox → at most 60 / 3 = 20 products a call.
    server = await startKeepaServer({ key: KEY, products: many(30), tokensLeft: 60, refillRate: 1, now: clock.now });
    const client = new KeepaClient({ key: KEY, baseUrl: server.url, domain: 1, buybox: true, clock });
    const out = await client.fetch('asin', many(30).map((p) => p.asin));
    assert.equal(out.products.length, 30);
    // call 1: 20 products (60 tokens, all there). Call 2: 10 products = 30 tokens with 0 left:
    // the first refill in 60 s, then 29 more minutes → 60 000 + 29 × 60 000 = 1 800 000 ms.
    assert.deepEqual(clock.sleeps, [1_800_000]);
    assert.deepEqual(server.statuses, [200, 200, 200]); // /token, /product, /product: never a 429
    assert.match(decodeURIComponent(server.requests[1]), /^\/product\?key=\*\*\*&domain=1&asin=B0PACE0000,.*B0PACE0019&stats=90&history=0&buybox=1$/);
    assert.equal(out.tokensUsed, 90);
  });

  it('batches of at most 100 ASINs', async () => {
    const clock = fakeClock();
    server = await startKeepaServer({ key: KEY, products: many(250), tokensLeft: 10_000, refillRate: 500, now: clock.now });
    const client = new KeepaClient({ key: KEY, baseUrl: server.url, domain: 1, clock });
    const out = await client.fetch('asin', many(250).map((p) => p.asin));
    assert.equal(out.products.length, 250);
    const sizes = server.requests.filter((r) => r.startsWith('/product')).map((r) => new URL(r, 'http://x').searchParams.get('asin')!.split(',').length);
    assert.deepEqual(sizes, [100, 100, 50]);
  });

  it('runs out of tokens (429 NOT_ENOUGH_TOKEN) and resumes after the refill', async () => {
    const clock = fakeClock();
    server = await startKeepaServer({ key: KEY, products: many(5), tokensLeft: 100, refillRate: 5, now: clock.now });
    const client = new KeepaClient({ key: KEY, baseUrl: server.url, domain: 1, buybox: true, clock });
    await client.token(); // the client believes 100 tokens are left…
    server.state.tokensLeft = 6; // …but another program spent them meanwhile
    const out = await client.fetch('asin', many(5).map((p) => p.asin));
    assert.equal(out.products.length, 5);
    // 5 × 3 = 15 tokens, 6 left → 429 with refillIn 60 000; deficit 9 at 5/min → 2 refills:
    // 60 000 + 1 × 60 000 = 120 000 ms, then the retry succeeds.
    assert.deepEqual(server.statuses, [200, 429, 200]);
    assert.deepEqual(clock.sleeps, [120_000]);
  });

  it('never exceeds --max-tokens: the rest is reported as not fetched', async () => {
    const clock = fakeClock();
    server = await startKeepaServer({ key: KEY, products: many(10), tokensLeft: 1000, refillRate: 20, now: clock.now });
    const client = new KeepaClient({ key: KEY, baseUrl: server.url, domain: 1, buybox: true, maxTokens: 20, clock });
    const out = await client.fetch('asin', many(10).map((p) => p.asin));
    // floor(20 / 3) = 6 products fetched (18 tokens), 4 left unfetched
    assert.equal(out.products.length, 6);
    assert.equal(out.notFetched.length, 4);
    assert.equal(out.tokensUsed, 18);
  });

  it('a wrong key: the error says what to check and never shows the key', async () => {
    server = await startKeepaServer({ key: KEY, products: [] });
    const client = new KeepaClient({ key: 'wrong-secret-key-987', baseUrl: server.url, domain: 1, clock: fakeClock() });
    await assert.rejects(client.token(), (err: Error) => {
      assert.ok(err instanceof KeepaError);
      assert.match(err.message, /HTTP 400 invalidKey .*key=\*\*\*.* — check ARBLENS_KEEPA_KEY/);
      assert.equal(err.message.includes('wrong-secret-key-987'), false);
      return true;
    });
  });
});

describe('retail batch against the Keepa server', () => {
  it('UPC mapping to two ASINs, a malformed product, an unknown code: every row answered', async () => {
    const clock = fakeClock();
    server = await startKeepaServer({ key: KEY, products: keepaProducts(), tokensLeft: 1000, refillRate: 20, now: clock.now });
    const client = new KeepaClient({ key: KEY, baseUrl: server.url, domain: 1, buybox: true, clock });
    const { items } = parseInput('code,cost,qty\nB000CLEAR1,10,10\n012345678905,8,2\nB000BAD007,5,1\n000000000017,3,1\nB000SLOWR2,10,1\n', 'csv');
    const warnings: string[] = [];
    const { results } = await analyzeBatch(items, client, DEFAULT_RULES, marketplace('US'), clock.now(), { warn: (m) => warnings.push(m) });
    const byAsin = (a: string) => results.find((r) => r.asin === a)!;
    assert.equal(byAsin('B000CLEAR1').verdict, 'buy');
    assert.equal(byAsin('B000CLEAR1').profit, 10.17);
    // one UPC row → two results, one per ASIN, both flagged
    const upc = results.filter((r) => r.code === '012345678905');
    assert.deepEqual(upc.map((r) => r.asin).sort(), ['B000UPCA05', 'B000UPCB06']);
    assert.ok(upc.every((r) => r.flags.includes('code-maps-to-2-asins') && r.line === 3 && r.codeType === 'upc'));
    const bad = byAsin('B000BAD007');
    assert.equal(bad.verdict, 'skip');
    assert.equal(bad.profit, null);
    assert.match(bad.reasons[0], /malformed product: B000BAD007: stats is not an object/);
    assert.match(warnings.join('\n'), /malformed product/);
    const unknown = results.find((r) => r.code === '000000000017')!;
    assert.deepEqual([unknown.verdict, unknown.profit, unknown.reasons[0]], ['skip', null, 'UPC 000000000017 not found on Keepa (line 5)']);
    // sorted: buy first, skip last
    assert.deepEqual([...new Set(results.map((r) => r.verdict))], ['buy', 'watch', 'skip'].filter((v) => results.some((r) => r.verdict === v)));
  });
});
