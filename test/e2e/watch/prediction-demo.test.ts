// watch --demo over the synthetic prediction sample: offline, every binary kind live.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN } from '../../helpers/cli.js';

const run = (args: string[]) => spawnSync('timeout', ['-s', 'TERM', '4', process.execPath, BIN, 'watch', '--demo', '--ndjson', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
const events = (out: string) => out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { event: string; kind?: string; legs?: { venue: string; feeSource?: string }[] });

test('watch --demo --market prediction streams binary sets offline, with their fees', () => {
  const r = run(['--market', 'prediction']);
  const opens = events(r.stdout).filter((e) => e.event === 'open');
  const kinds = new Set(opens.map((e) => e.kind));
  for (const k of ['binary-complement', 'binary-intra', 'multi-outcome']) assert.ok(kinds.has(k), `${k} missing: ${[...kinds].join(', ')}`);
  const odd = opens.flatMap((e) => e.legs!.filter((l) => l.feeSource !== 'venue-market-data').map((l) => `${e.kind} ${l.venue}: ${l.feeSource}`));
  assert.deepEqual(odd, [], `legs whose fee is not the venue's market data (stderr: ${r.stderr.slice(0, 500)})`);
});

test('watch --demo --venues polymarket,kalshi: only those venues; an unknown one is a usage error', () => {
  const r = run(['--venues', 'polymarket,kalshi']);
  const opens = events(r.stdout).filter((e) => e.event === 'open');
  assert.ok(opens.length > 0, r.stderr);
  assert.ok(opens.every((e) => e.legs!.every((l) => l.venue === 'polymarket' || l.venue === 'kalshi')));
  assert.ok(opens.some((e) => e.kind === 'binary-complement'));
  const bad = spawnSync(process.execPath, [BIN, 'watch', '--demo', '--ndjson', '--market', 'prediction', '--venues', 'polymarkt'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /polymarkt.*did you mean 'polymarket'/);
});
