import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { csvRows, gtinCheck, parseInput } from '../../../src/retail/input.js';
import { planBatch } from '../../../src/retail/plan.js';
import { scrubKey } from '../../../src/retail/scrub.js';
import { keepaMinuteToMs, msToKeepaMinute } from '../../../src/retail/keepa-time.js';
import { price } from '../../../src/retail/keepa-read.js';

describe('retail input', () => {
  it('CSV rows keep their line numbers; bad rows say line, field and fix', () => {
    const text = 'asin,cost,qty,note\nB000CLEAR1,10.00,3,"a note, with comma"\nB000SLOWR2,abc\n\nB00X,5\nB000AMZN03,5,0\n';
    const { items, bad } = parseInput(text, 'csv');
    assert.deepEqual(items, [{ line: 2, code: 'B000CLEAR1', codeType: 'asin', cost: 10, qty: 3, note: 'a note, with comma' }]);
    assert.deepEqual(bad.map((b) => b.line), [3, 5, 6]);
    assert.match(bad[0].message, /cost 'abc' is not a positive number/);
    assert.match(bad[1].message, /asin 'B00X' is not an ASIN/);
    assert.match(bad[2].message, /qty '0' is not a whole number ≥ 1/);
  });

  it('UPC/EAN: check digits verified, 12 digits are UPC, 13 EAN; code column takes either or an ASIN', () => {
    assert.equal(gtinCheck('012345678905'), true);
    assert.equal(gtinCheck('012345678904'), false);
    assert.equal(gtinCheck('4006381333931'), true);
    const { items, bad } = parseInput('code,cost\n012345678905,5\n4006381333931,6\nB000CLEAR1,7\n012345678904,5\n', 'csv');
    assert.deepEqual(items.map((i) => i.codeType), ['upc', 'ean', 'asin']);
    assert.deepEqual(bad, [{ line: 5, message: "code '012345678904' has a wrong check digit (a mistyped UPC/EAN?)" }]);
  });

  it('NDJSON: one object a line', () => {
    const { items, bad } = parseInput('{"upc":"012345678905","cost":4.5,"qty":2}\nnot json\n{"asin":"B000CLEAR1","cost":"x"}\n', 'ndjson');
    assert.deepEqual(items, [{ line: 1, code: '012345678905', codeType: 'upc', cost: 4.5, qty: 2, note: undefined }]);
    assert.deepEqual(bad.map((b) => b.line), [2, 3]);
  });

  it('a quoted field spanning lines: the next row still gets its own line number', () => {
    assert.deepEqual(csvRows('a,b\n"x\ny",1\nz,2').map((r) => r.line), [1, 2, 4]);
  });
});

describe('retail plan, key scrubbing, Keepa time', () => {
  it('plan: tokens = products × tokens a product; wait = deficit / refill rate after refillIn', () => {
    // 250 ASINs + 10 codes, 3 tokens each = 780 tokens; 3 + 1 requests; 300 left at 5/min:
    // deficit 480 → 96 refills → 30 s to the first + 95 more minutes = 95.5 min
    const p = planBatch({ asins: 250, codes: 10, tokensPerProduct: 3, tokensLeft: 300, refillRate: 5, refillInMs: 30_000 });
    assert.deepEqual(p, { products: 260, requests: 4, tokens: 780, tokensCapped: 780, waitMinutes: 95.5 });
    assert.equal(planBatch({ asins: 10, codes: 0, tokensPerProduct: 1 }).waitMinutes, null);
    assert.equal(planBatch({ asins: 10, codes: 0, tokensPerProduct: 3, maxTokens: 12 }).tokensCapped, 12);
  });

  it('the key never survives a message', () => {
    const msg = scrubKey('GET http://x/product?key=abc123secret&asin=B1 failed; key was abc123secret', 'abc123secret');
    assert.equal(msg.includes('abc123secret'), false);
    assert.match(msg, /key=\*\*\*&asin=B1/);
  });

  it('Keepa minutes count from 2011-01-01T00:00Z; -1/-2 are not prices', () => {
    assert.equal(new Date(keepaMinuteToMs(0)).toISOString(), '2011-01-01T00:00:00.000Z');
    // KeepaTime.java's example: 411180 → 1318510800000
    assert.equal(keepaMinuteToMs(411180), 1318510800000);
    assert.equal(msToKeepaMinute(1318510800000), 411180);
    assert.deepEqual([price(-1), price(-2), price(4900), price(12.5)], [null, null, 4900, null]);
  });
});
