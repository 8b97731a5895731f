// Issue 18, items 1 and 2, end to end: `scan --timeout 3s` with two healthy venues (local servers
// in Binance's and OKX's wire formats), one that trickles its body a byte at a time forever
// (bitget) and one that answers every request with a 1 GiB gzip bomb (gate, ~1 MiB on the wire).
// Before: the scan printed and never exited (killed after 45 s); the bomb took RSS past 1 GB and
// the healthy venues "timed out". Now the process exits by itself, the healthy venues are ranked,
// the broken two are reported on stderr as their own failures, exit 3 (some venues failed).
// `data download` against a trickling venue ends with exit 1 and a one-line error.
// Build first (`npx tsc -p .`): these run bin/arblens.js.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVenueServer, type VenueServer } from '../../helpers/venue-server.js';
import { ROUTES } from '../../helpers/venue-routes.js';
import { gzipBomb, startBombServer, startTrickleServer, type HostileServer } from '../../helpers/hostile-http.js';
import { arblensAsync } from '../../helpers/cli-async.js';

const good: VenueServer[] = [];
let trickle: HostileServer;
let bomb: HostileServer;
const env: Record<string, string> = { XDG_CONFIG_HOME: '/nonexistent-arblens-test', ARBLENS_MARKET_CACHE_TTL: '0' };

before(async () => {
  for (const id of ['binance', 'okx']) {
    const s = await startVenueServer(ROUTES[id]());
    good.push(s);
    env[`ARBLENS_${id.toUpperCase()}_URL`] = s.url;
  }
  trickle = await startTrickleServer(100);
  bomb = await startBombServer(gzipBomb(64));
  env.ARBLENS_BITGET_URL = trickle.url;
  env.ARBLENS_GATE_URL = bomb.url;
});
after(async () => {
  await Promise.all([...good.map((s) => s.close()), trickle.close(), bomb.close()]);
});

test('scan --timeout 3s exits by itself: healthy venues ranked, the trickling and the bombing venue failed alone', { timeout: 90_000 }, async (t) => {
  const r = await arblensAsync(['scan', '--venues', 'binance,okx,bitget,gate', '--json', '--top', '0', '--timeout', '3s'], env, 45_000);
  t.diagnostic(`scan exited after ${r.ms} ms (code ${r.code})`);
  assert.equal(r.killed, false, 'the scan did not exit within 45 s');
  assert.equal(r.code, 3, r.stderr);
  const opps = JSON.parse(r.stdout) as { legs: { venue: string }[] }[];
  assert.ok(opps.length > 0, 'no opportunity from the healthy venues');
  const venues = new Set(opps.flatMap((o) => o.legs.map((l) => l.venue)));
  assert.ok(venues.has('binance') && venues.has('okx'), [...venues].join(','));
  assert.ok(!venues.has('bitget') && !venues.has('gate'));
  const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { venue?: string; message: string });
  const of = (v: string) => lines.filter((l) => l.venue === v).map((l) => l.message).join(' | ');
  assert.match(of('bitget'), /timed out|not complete within|no answer within/, r.stderr);
  assert.match(of('gate'), /cap/, r.stderr);
  assert.equal(of('binance'), '', 'a healthy venue was reported failing');
  assert.equal(of('okx'), '');
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

test('data download from a venue that trickles its candles ends with exit 1 and one line', { timeout: 90_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-dl-trickle-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = await arblensAsync(['data', 'download', '--venue', 'binance', '--symbol', 'BTC/USDT', '--from', '2024-01-01', '--quiet'], { ...env, ARBLENS_DB: join(dir, 's.db'), ARBLENS_BINANCE_URL: trickle.url }, 60_000);
  t.diagnostic(`download exited after ${r.ms} ms (code ${r.code})`);
  assert.equal(r.killed, false, 'data download never returned');
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /binance/);
  assert.match(r.stderr, /not complete within 20000 ms|timed out/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});
