// The secret scrubber (core/scrub.ts): every configured secret, whatever its source (environment,
// config file, flags, URL passwords), is replaced by *** in text; auth headers and signatures
// that venues echo back are redacted by name. Marker values stand in for real credentials.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { addSecrets, resetSecrets, scrub, secretsFromArgv, secretsFromEnv, secretsFromObject, secretsInUrls } from '../../../src/core/scrub.js';
import { guardOutput } from '../../../src/cli/output.js';

beforeEach(() => resetSecrets());

test('environment: every credential variable is a secret, other variables are not', () => {
  const env = {
    ARBLENS_BINANCE_API_KEY: 'MARK-binance-key',
    ARBLENS_BINANCE_SECRET: 'MARK-binance-secret',
    ARBLENS_OKX_PASSWORD: 'MARK-okx-pass',
    ARBLENS_BETFAIR_SESSION: 'MARK-betfair-session',
    ARBLENS_BETFAIR_API_KEY: 'MARK-betfair-appkey',
    ARBLENS_KEEPA_KEY: 'MARK-keepa',
    ARBLENS_TOKEN: 'MARK-bearer',
    ARBLENS_BINANCE_URL: 'http://127.0.0.1:9999',
    ARBLENS_DB: '/tmp/x.db',
  };
  assert.deepEqual(secretsFromEnv(env).sort(), ['MARK-bearer', 'MARK-betfair-appkey', 'MARK-betfair-session', 'MARK-binance-key', 'MARK-binance-secret', 'MARK-keepa', 'MARK-okx-pass']);
});

test('config file: values under credential-named keys at any depth', () => {
  const cfg = { venues: { okx: { apiKey: 'MARK-okx-key', secret: 'MARK-okx-sec', password: 'MARK-okx-pw', url: 'http://x', taker: 0.001 } }, retail: { keepaKey: 'MARK-keepa-cfg' }, serve: { token: 'MARK-tok' } };
  assert.deepEqual(secretsFromObject(cfg).sort(), ['MARK-keepa-cfg', 'MARK-okx-key', 'MARK-okx-pw', 'MARK-okx-sec', 'MARK-tok']);
});

test('flags and URLs: --token, --secret=…, and the ClickHouse password in a --store URL', () => {
  const argv = ['node', 'arblens', 'serve', '--token', 'MARK-flag-token', '--secret=MARK-eq-secret', '--store', 'clickhouse://arb:MARK%40pw@ch:8123/db'];
  assert.deepEqual(secretsFromArgv(argv).sort(), ['MARK%40pw', 'MARK-eq-secret', 'MARK-flag-token', 'MARK@pw']);
  assert.deepEqual(secretsInUrls(['no url here', 'https://host/path']), []);
});

test('scrub replaces each secret wherever it appears, URL-encoded and JSON-escaped forms too', () => {
  addSecrets(['MARK-key+/=1', '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----']);
  assert.equal(scrub('refused: key MARK-key+/=1 (again MARK-key+/=1)'), 'refused: key *** (again ***)');
  assert.equal(scrub(`GET /x?k=${encodeURIComponent('MARK-key+/=1')}`), 'GET /x?k=***');
  assert.equal(scrub('{"pem":"MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"}'), '{"pem":"***"}');
});

test('scrub redacts auth headers and signatures echoed back, whatever their value', () => {
  const echoed = '401 {"kalshi-access-key":"abc-unconfigured","kalshi-access-signature":"c2lnbmF0dXJl+/==","x-mbx-apikey":"zzz","authorization":"Bearer tttt","accept":"application/json"} GET /api?timestamp=1&signature=deadbeef';
  const out = scrub(echoed);
  assert.equal(out, '401 {"kalshi-access-key":"***","kalshi-access-signature":"***","x-mbx-apikey":"***","authorization":"***","accept":"application/json"} GET /api?timestamp=1&signature=***');
  // The same quoted inside an NDJSON string (escaped quotes).
  assert.equal(scrub(JSON.stringify({ message: '{"kalshi-access-signature":"c2ln+/=="}' })), '{"message":"{\\"kalshi-access-signature\\":\\"***\\"}"}');
});

test('short values are not secrets (they would garble every line), text without secrets is unchanged', () => {
  addSecrets(['abc', 42, undefined]);
  const line = '{"event":"open","id":"cross-spot:BTC/USDT:okx>binance","netProfit":36.8,"kind":"cross-spot"}';
  assert.equal(scrub(line), line);
});

test('guardOutput: strings written to a guarded stream are scrubbed, binary chunks pass untouched', () => {
  const written: unknown[] = [];
  const fake = { write: (c: unknown) => (written.push(c), true) } as unknown as NodeJS.WriteStream;
  guardOutput([fake], ['node', 'arblens', 'serve', '--token', 'MARK-bearer-flag']);
  fake.write('auth failed for MARK-bearer-flag\n');
  const bin = Buffer.from('MARK-bearer-flag');
  fake.write(bin);
  assert.equal(written[0], 'auth failed for ***\n');
  assert.equal(written[1], bin);
});
