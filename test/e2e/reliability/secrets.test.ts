// Issue 18, item 13: no configured secret reaches stdout or stderr, whatever the source. Marker
// credentials go to every kind of venue — a ccxt exchange (Binance: the key and a signed query,
// sent only for account fees), a JsonClient venue (Betfair: app key and session token as
// headers), Kalshi's signed websocket handshake — and each venue's local server quotes the
// headers and URL it received back inside an error. The test first checks the server did receive
// the markers (so an unscrubbed message would carry them), then that no output line does.
// Build first (`npx tsc -p .`): these run bin/arblens.js.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { startVenueServer, type VenueServer } from '../../helpers/venue-server.js';
import { ROUTES } from '../../helpers/venue-routes.js';
import { startEchoServer, type HostileServer } from '../../helpers/hostile-http.js';
import { startWsServer } from '../../helpers/watch-ws.js';
import { arblensAsync } from '../../helpers/cli-async.js';

const MARK = {
  binanceKey: 'MARKER-binance-key-7f3a',
  binanceSecret: 'MARKER-binance-secret-91c2',
  betfairKey: 'MARKER-betfair-appkey-55d1',
  betfairSession: 'MARKER-betfair-session-0b9e',
  kalshiKey: 'MARKER-kalshi-keyid-2c4f',
};
const servers: (VenueServer | HostileServer)[] = [];
const seen: IncomingMessage['headers'][] = [];
const dir = mkdtempSync(join(tmpdir(), 'arblens-secrets-'));
const env: Record<string, string> = { XDG_CONFIG_HOME: '/nonexistent-arblens-test', ARBLENS_MARKET_CACHE_TTL: '0', ARBLENS_PAIRS: join(dir, 'no-pairs.json') };

before(async () => {
  // Binance: public routes healthy; the signed account-fee read answers 500 quoting what it got.
  const binance = await startVenueServer({
    ...ROUTES.binance(),
    '/sapi/v1/asset/tradeFee': (req) => {
      seen.push(req.headers);
      throw new Error(`refused ${req.url} headers=${JSON.stringify(req.headers)}`);
    },
  });
  const okx = await startVenueServer(ROUTES.okx());
  const betfair = await startEchoServer(401);
  servers.push(binance, okx, betfair);
  Object.assign(env, {
    ARBLENS_BINANCE_URL: binance.url,
    ARBLENS_OKX_URL: okx.url,
    ARBLENS_BINANCE_API_KEY: MARK.binanceKey,
    ARBLENS_BINANCE_SECRET: MARK.binanceSecret,
    ARBLENS_BETFAIR_URL: betfair.url,
    ARBLENS_BETFAIR_API_KEY: MARK.betfairKey,
    ARBLENS_BETFAIR_SESSION: MARK.betfairSession,
  });
});
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

function assertClean(text: string, where: string): void {
  for (const [name, v] of Object.entries(MARK)) assert.ok(!text.includes(v), `${where} carries ${name}:\n${text}`);
  assert.doesNotMatch(text, /signature=[0-9a-f]{16,}/i, `${where} carries a signature`);
}

test('scan: a ccxt venue echoing its key and signed URL — nothing of them on stdout or stderr', { timeout: 90_000 }, async () => {
  const r = await arblensAsync(['scan', '--venues', 'binance,okx', '--json', '--top', '0', '--timeout', '5s'], env);
  // The server did receive the key: an unscrubbed message would have carried it.
  assert.ok(seen.some((h) => h['x-mbx-apikey'] === MARK.binanceKey), 'binance never received the key');
  // And the venue's complaint did reach stderr, scrubbed.
  assert.match(r.stderr, /account fees unavailable[^\n]*\*\*\*/, r.stderr);
  assertClean(r.stdout, 'stdout');
  assertClean(r.stderr, 'stderr');
});

test('scan: a JsonClient venue (Betfair) echoing its app key and session token — scrubbed', { timeout: 90_000 }, async () => {
  const betfair = servers[2] as HostileServer;
  const r = await arblensAsync(['scan', '--venues', 'betfair', '--market', 'prediction', '--json', '--timeout', '5s'], env);
  assert.ok(betfair.requests.length > 0, 'betfair was never asked');
  assert.match(r.stderr, /"venue":"betfair"[^\n]*\*\*\*/, r.stderr);
  assertClean(r.stdout, 'stdout');
  assertClean(r.stderr, 'stderr');
});

test('watch --ndjson: Kalshi echoing its signed handshake headers in an error frame — the venue event is scrubbed', { timeout: 90_000 }, async () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  let got: IncomingMessage['headers'] | undefined;
  const ws = await startWsServer((sock, req) => {
    got = req.headers;
    sock.send(JSON.stringify({ id: 1, type: 'error', msg: { code: 6, msg: `auth rejected: ${JSON.stringify(req.headers)}` } }));
  });
  servers.push(ws as unknown as HostileServer);
  const r = await arblensAsync(
    ['watch', '--venues', 'kalshi', '--symbols', 'KX-1', '--ndjson'],
    { ...env, ARBLENS_KALSHI_WS_URL: ws.url, ARBLENS_KALSHI_URL: 'http://127.0.0.1:1', ARBLENS_KALSHI_API_KEY: MARK.kalshiKey, ARBLENS_KALSHI_SECRET: pem },
    6_000,
  );
  assert.equal(got?.['kalshi-access-key'], MARK.kalshiKey, 'the handshake never reached the server');
  assert.match(r.stdout, /"venue":"kalshi"[^\n]*kalshi error 6: auth rejected/, r.stdout);
  assertClean(r.stdout, 'stdout');
  assertClean(r.stderr, 'stderr');
  // The signature is derived, not configured: redacted by its header name.
  assert.ok(!r.stdout.includes(String(got?.['kalshi-access-signature'])), 'the signature reached stdout');
  for (const line of pem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) assert.ok(!r.stdout.includes(line));
});
