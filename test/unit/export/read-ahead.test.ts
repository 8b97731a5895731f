import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { readAhead } from '../../../src/export/read-ahead.js';

/** A source of `n` chunks of `size` bytes that records how many it has given and whether it was stopped. */
function source(n: number, size: number, failAt = -1) {
  const state = { given: 0, stopped: false };
  async function* gen() {
    try {
      for (let i = 0; i < n; i++) {
        if (i === failAt) throw new Error(`source broke at chunk ${i}`);
        state.given++;
        yield Buffer.alloc(size, i);
        await tick();
      }
    } finally {
      state.stopped = true;
    }
  }
  return { it: gen(), state };
}

test('every chunk, in order', async () => {
  const { it } = source(50, 10);
  const got: number[] = [];
  for await (const c of readAhead(it, 1000)) got.push(c[0]);
  assert.deepEqual(got, Array.from({ length: 50 }, (_, i) => i));
});

test('reads ahead while the consumer is busy, but no more than the limit', async () => {
  const { it, state } = source(100, 10);
  const r = readAhead(it, 35);
  await r.next(); // the first chunk handed over
  for (let i = 0; i < 50; i++) await tick(); // the consumer "encodes" for a while
  // Chunks of 10 bytes with a 35-byte limit: the reader stops after 4 queued (40 ≥ 35) plus the one handed out.
  assert.ok(state.given > 1, `it read ahead (${state.given})`);
  assert.ok(state.given <= 5, `it stopped at the limit (${state.given})`);
  await r.return(undefined);
});

test('an error reaches the consumer after the chunks read before it', async () => {
  const { it } = source(10, 1, 3);
  const got: number[] = [];
  await assert.rejects(async () => {
    for await (const c of readAhead(it, 1000)) got.push(c[0]);
  }, /source broke at chunk 3/);
  assert.deepEqual(got, [0, 1, 2]);
});

test('a consumer that stops early stops the source', async () => {
  const { it, state } = source(1000, 10);
  for await (const c of readAhead(it, 100)) if (c[0] === 2) break;
  assert.equal(state.stopped, true);
  assert.ok(state.given < 1000);
});
