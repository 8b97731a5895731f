// Opportunity episodes with several writers on one store (issue 18, items 7 and 8): episodes are
// merged by opportunity id across writers; a writer never closes what it merely did not see;
// a recorder starting up closes what a killed one left open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../../src/store/sqlite.js';
import { BatchRecorder } from '../../../src/app/watch/recorder.js';
import type { Opportunity } from '../../../src/core/types.js';

const T0 = 1_700_000_000_000;
const opp = (id: string, profit = 1): Opportunity =>
  ({ id, kind: 'cross-spot', symbol: 'BTC/USDT', quote: 'USDT', size: 1, netSpreadPct: profit / 10, netProfit: profit, legs: [], buy: { venue: 'a' }, sell: { venue: 'b' } }) as unknown as Opportunity;
const episodes = (s: SqliteStore) =>
  s.db.prepare('SELECT opp_key, first_seen - ? AS first, last_seen - ? AS last, closed, close_reason AS reason, best_net_profit AS best FROM opportunities ORDER BY id').all(T0, T0);

function twoWriters(t: { after(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-episodes-'));
  const path = join(dir, 'e.db');
  const a = new SqliteStore(path);
  const b = new SqliteStore(path);
  t.after(() => {
    a.close();
    b.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { a, b };
}

test('a cron scan that does not see a watch recorder\'s opportunity leaves its episode open', (t) => {
  const { a: watch, b: scan } = twoWriters(t);
  watch.recordOpportunities([opp('x')], T0, 2_000);
  scan.recordOpportunities([], T0 + 700, 300_000); // scans other venues: x is not in its batch
  watch.recordOpportunities([opp('x')], T0 + 1_000, 2_000);
  watch.recordOpportunities([opp('x')], T0 + 1_500, 2_000);
  assert.deepEqual(episodes(watch), [{ opp_key: 'x', first: 0, last: 1_500, closed: 0, reason: null, best: 1 }]);
});

test('two recorders seeing one opportunity in turn make one episode, with the best of both', (t) => {
  const { a, b } = twoWriters(t);
  // Each writer's batch has x only every other flush; a has the better figure once.
  for (let i = 0; i < 10; i++) (i % 2 ? b : a).recordOpportunities([opp('x', i === 4 ? 9 : 1)], T0 + i * 500, 2_000);
  // A slower writer's older sighting never moves last_seen back.
  b.recordOpportunities([opp('x')], T0 + 3_000, 2_000);
  assert.deepEqual(episodes(a), [{ opp_key: 'x', first: 0, last: 4_500, closed: 0, reason: null, best: 9 }]);
  // Nobody sees x for longer than its gap: the next write by either closes it.
  b.recordOpportunities([], T0 + 6_501, 2_000);
  assert.deepEqual(episodes(a), [{ opp_key: 'x', first: 0, last: 4_500, closed: 1, reason: 'gap', best: 9 }]);
});

test('a scan\'s longer gap keeps a shared episode open between scans (gap = the largest of its writers)', (t) => {
  const { a: watch, b: scan } = twoWriters(t);
  scan.recordOpportunities([opp('x')], T0, 300_000);
  watch.recordOpportunities([opp('x')], T0 + 1_000, 2_000);
  watch.recordOpportunities([], T0 + 10_000, 2_000); // watch no longer sees it, but the scan's 5 min gap holds
  scan.recordOpportunities([opp('x')], T0 + 240_000, 300_000); // next cron run: same episode
  assert.deepEqual(episodes(scan), [{ opp_key: 'x', first: 0, last: 240_000, closed: 0, reason: null, best: 1 }]);
});

test('a recorder killed with episodes open: the next recorder closes them on start (recorder-stopped); live ones stay open', async (t) => {
  const { a: killed, b: other } = twoWriters(t);
  other.recordOpportunities([opp('y')], T0 - 1_000, 300_000); // a cron scan's episode: 5 min gap
  killed.recordOpportunities([opp('x')], T0, 2_000); // then kill -9: x stays open, nobody writes again
  const warnings: string[] = [];
  const restarted = new SqliteStore(killed.path);
  const rec = new BatchRecorder(restarted, { flushMs: 60_000, maxBuffered: 100, gapMs: 2_000, withDepth: false, clock: () => T0 + 10_000, warn: (m) => warnings.push(m) });
  await rec.close();
  assert.deepEqual(
    episodes(killed).map((e) => [e.opp_key, e.last, e.closed, e.reason]),
    [['y', -1_000, 0, null], ['x', 0, 1, 'recorder-stopped']],
  );
  assert.match(warnings.join('\n'), /closed 1 opportunity episode left open by a recorder that stopped/);
});
