import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchWriter } from '../../../src/store/clickhouse/batch-writer.js';
import { ServerUnreachable, type ChConnection } from '../../../src/store/clickhouse/client.js';
import { ArblensError } from '../../../src/core/errors.js';

/** A connection whose inserts fail as `fail(attempt)` says (an error to throw, or nothing: stored). */
function fakeConnection(fail: (attempt: number) => Error | undefined) {
  const stored: string[] = [];
  let attempt = 0;
  const conn = {
    insertTsv: async (_table: string, body: string) => {
      const err = fail(++attempt);
      if (err) throw err;
      stored.push(...body.trim().split('\n'));
    },
  };
  return { conn: conn as unknown as ChConnection, stored, attempts: () => attempt };
}
const unreachable = () => new ServerUnreachable('writing to clickhouse://u:***@h:8123/db failed: connect ECONNREFUSED 127.0.0.1:8123 — is the server running and reachable?');
const writer = (conn: ChConnection, warnings: string[], closeGraceMs = 10_000) =>
  new BatchWriter(conn, { recorder: 'r1', flushMs: 60_000, maxRows: 2, maxQueuedRows: 100, attempts: 3, closeGraceMs, warn: (m) => warnings.push(m) });

test('a server that does not answer is waited for: batches held, nothing lost, sent in order when it is back; told both ways', async () => {
  const { conn, stored } = fakeConnection((n) => (n <= 4 ? unreachable() : undefined)); // 4 failures: more than `attempts`
  const warnings: string[] = [];
  const w = writer(conn, warnings);
  w.add('quotes', ['a', 'b', 'c']); // batch 1: a, b (maxRows 2); c stays buffered
  await w.flush(); // batch 2: c
  assert.equal(w.lost, 0);
  // Rows as recorder, seq, row-in-batch, then the row's own cells.
  assert.deepEqual(stored, ['r1\t1\t0\ta', 'r1\t1\t1\tb', 'r1\t2\t0\tc']);
  assert.equal(warnings.length, 2, warnings.join('\n'));
  assert.match(warnings[0], /ECONNREFUSED .*; holding the batches \(up to 100 rows\) and retrying until it answers/);
  assert.match(warnings[1], /^ClickHouse answers again after \d+\.\d s: the batches held meanwhile are being sent$/);
});

test('an error the server returns is retried `attempts` times, then that batch is lost with a warning and the next goes on', async () => {
  const { conn, stored } = fakeConnection((n) => (n <= 3 ? new ArblensError('writing to … failed: Code: 60. Table arblens.quotes does not exist') : undefined));
  const warnings: string[] = [];
  const w = writer(conn, warnings);
  w.add('quotes', ['a', 'b', 'c']);
  await w.flush();
  assert.equal(w.lost, 2);
  assert.deepEqual(stored, ['r1\t2\t0\tc']);
  assert.deepEqual(warnings, ['batch 1 of 2 quotes rows lost after 3 attempts: writing to … failed: Code: 60. Table arblens.quotes does not exist']);
});

test('closing with the server gone: it is waited for the grace, then what is left is lost with a warning — close ends', async () => {
  const { conn } = fakeConnection(() => unreachable());
  const warnings: string[] = [];
  const w = writer(conn, warnings, 300);
  w.add('quotes', ['a', 'b', 'c', 'd', 'e']);
  await w.close();
  assert.equal(w.lost, 5);
  assert.equal(w.written, 0);
  assert.match(warnings[0], /holding the batches/);
  assert.equal(warnings.length, 2, warnings.join('\n'));
  // One line for all of them, not one per batch.
  assert.deepEqual(warnings.slice(1), ['ClickHouse did not answer within 0.3 s of the flush: 3 batches (5 rows) lost']);
});
