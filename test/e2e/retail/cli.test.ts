// The built CLI as a reseller runs it: the offline demo, a batch priced through a local Keepa
// server (ARBLENS_KEEPA_URL), bad rows stopping the run before any token, the store remembering
// batches so a re-run shows how ROI moved, and the key never printed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arblens } from '../../helpers/cli.js';
import { arblensAsync, keepaProducts, startKeepaServer, type KeepaServer } from '../../helpers/keepa-server.js';

const KEY = 'e2e-secret-keepa-key-42';
const CONTRACT = ['asin', 'title', 'currency', 'cost', 'sellPrice', 'sellPriceBasis', 'fees', 'profit', 'roiPct', 'marginPct', 'breakEven', 'monthlySales', 'daysToSell', 'competitors', 'flags', 'verdict', 'reasons'];
let dir: string;
let server: KeepaServer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'arblens-retail-e2e-'));
  server = await startKeepaServer({ key: KEY, products: keepaProducts(), tokensLeft: 1000, refillRate: 20 });
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('arblens retail (built CLI)', () => {
  it('analyze --demo: offline JSON in the documented contract, sums exact to the cent', () => {
    const r = arblens(['retail', 'analyze', '--demo', '--json', '--no-store']);
    assert.equal(r.code, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as Record<string, any>[];
    assert.ok(rows.length >= 15);
    for (const x of rows) for (const k of CONTRACT) assert.ok(k in x, `${k} missing`);
    for (const x of rows.filter((x) => x.profit !== null)) {
      const f = x.fees;
      const fees = f.referral + f.fba + f.shipping + f.prep + f.tax + f.returns;
      assert.equal(Math.round((x.sellPrice - x.cost - fees) * 100), Math.round(x.profit * 100), x.asin);
      assert.ok(Math.abs(x.roiPct - (x.profit / x.cost) * 100) < 1e-6);
    }
    const order = rows.map((x) => ['buy', 'watch', 'skip'].indexOf(x.verdict));
    assert.deepEqual(order, [...order].sort((a, b) => a - b));
    assert.ok(rows.some((x) => x.verdict === 'buy') && rows.some((x) => x.verdict === 'skip'));
  });

  it('bad rows: exit 2 with each line named, before any request reaches Keepa', () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'asin,cost\nB000CLEAR1,10\nB000SLOWR2,ten\n123,5\n');
    const before = server.requests.length;
    const r = arblens(['retail', 'analyze', file, '--no-store'], { ARBLENS_KEEPA_KEY: KEY, ARBLENS_KEEPA_URL: server.url });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /2 bad rows .*no Keepa token spent/);
    assert.match(r.stderr, /line 3: cost 'ten' is not a positive number/);
    assert.match(r.stderr, /line 4: asin '123' is not an ASIN/);
    assert.match(r.stderr, /--skip-bad-rows/);
    assert.equal(server.requests.length, before);
  });

  it('a batch through the local Keepa server: stored, re-run shows the ROI change, CSV out, key never printed', async () => {
    const file = join(dir, 'batch.csv');
    const db = join(dir, 'retail.db');
    const out = join(dir, 'results.csv');
    writeFileSync(file, 'code,cost,qty,note\nB000CLEAR1,10,10,\n012345678905,8,2,two ASINs\nB000BAD007,5,1,\nB000AMZN03,10,1,\n');
    const env = { ARBLENS_KEEPA_KEY: KEY, ARBLENS_KEEPA_URL: server.url };
    let r = await arblensAsync(['retail', 'analyze', file, '--json', '--db', db, '--out', out], env);
    assert.equal(r.code, 0, r.stderr);
    const first = JSON.parse(r.stdout) as Record<string, any>[];
    assert.equal(first.length, 5); // the UPC row answers twice
    assert.equal(first[0].asin, 'B000CLEAR1');
    assert.equal(first[0].verdict, 'buy');
    assert.match(r.stderr, /stored as batch 1/);
    assert.equal(readFileSync(out, 'utf8').split('\n')[0].split(',')[0], 'verdict');
    assert.equal(readFileSync(out, 'utf8').trim().split('\n').length, 6);

    // A week later the buy box moved: the same batch again shows how ROI changed.
    r = await arblensAsync(['retail', 'analyze', file, '--json', '--db', db, '--rules', writeRules({ sellPrice: 'avg90' })], env);
    assert.equal(r.code, 0, r.stderr);
    const clear = (JSON.parse(r.stdout) as Record<string, any>[]).find((x) => x.asin === 'B000CLEAR1')!;
    // avg90 30.99: referral round(464.85) = 465, returns round(61.98) = 62 → profit 3099 − 1000 − 999 = 1100 ¢ → ROI 110 %
    assert.equal(clear.profit, 11);
    assert.equal(clear.previous.batchId, 1);
    assert.equal(clear.previous.roiPct, 101.7);
    assert.equal(clear.roiChangePct, 8.3);

    r = await arblensAsync(['retail', 'batches', '--json', '--db', db]);
    const batches = JSON.parse(r.stdout) as Record<string, any>[];
    // buys: B000CLEAR1 and both ASINs of the UPC (edition A: 19.99 − 8 − (3.00 + 4.22 + 0.50 + 0.40) = 3.87, ROI 48 %)
    assert.deepEqual(batches.map((b) => [b.id, b.products, b.buy]), [[2, 5, 3], [1, 5, 3]]);
    for (const text of [r.stdout, r.stderr, readFileSync(db).toString('latin1')]) assert.equal(text.includes(KEY), false);
  });

  it('plan: tokens and time from Keepa /token, nothing spent', async () => {
    const file = join(dir, 'plan.csv');
    writeFileSync(file, 'asin,cost\n' + Array.from({ length: 150 }, (_, i) => `B0PLAN${String(i).padStart(4, '0')},5`).join('\n') + '\n');
    const r = await arblensAsync(['retail', 'plan', file, '--json'], { ARBLENS_KEEPA_KEY: KEY, ARBLENS_KEEPA_URL: server.url });
    assert.equal(r.code, 0, r.stderr);
    const p = JSON.parse(r.stdout);
    // 150 ASINs × 3 tokens = 450; 2 requests of ≤ 100
    assert.deepEqual([p.products, p.requests, p.tokens, p.budgetSource], [150, 2, 450, 'keepa /token']);
    assert.equal(server.requests.at(-1)!.startsWith('/token'), true);
  });

  it('no key: exit 2 saying where the key goes', () => {
    const file = join(dir, 'nokey.csv');
    writeFileSync(file, 'asin,cost\nB000CLEAR1,10\n');
    const r = arblens(['retail', 'analyze', file, '--no-store'], { ARBLENS_KEEPA_KEY: '', XDG_CONFIG_HOME: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no Keepa API key: set ARBLENS_KEEPA_KEY/);
  });
});

function writeRules(rules: object): string {
  const p = join(dir, 'rules.json');
  writeFileSync(p, JSON.stringify(rules));
  return p;
}
