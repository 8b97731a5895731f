// End-to-end: the built CLI (`node bin/arblens.js scan`) with ARBLENS_<VENUE>_URL pointing each
// venue at a local server speaking its wire format, plus three broken venues (garbage body,
// HTTP 500, a hang past --timeout). `npm test` builds first; alone: `npx tsc -p .` then run.
// The CLI runs as an async child process: the servers live in this process and must keep
// answering while it runs (spawnSync would block them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startVenueServer, type Fault, type VenueServer } from '../../helpers/venue-server.js';
import { ROUTES } from '../../helpers/venue-routes.js';
import { BIN, hasCommand, ROOT } from '../../helpers/cli.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(kill);
      resolve({ code, stdout, stderr });
    });
  });
}

const servers: VenueServer[] = [];
const env: Record<string, string> = {};
const GOOD = ['binance', 'okx', 'bybit', 'kucoin', 'coindcx'];

before(async () => {
  for (const id of GOOD) {
    const s = await startVenueServer(ROUTES[id]());
    servers.push(s);
    env[`ARBLENS_${id.toUpperCase()}_URL`] = s.url;
  }
  const broken: [string, Fault][] = [
    ['GATE', { garbage: '<html><body>502 Bad Gateway</body></html>' }],
    ['MEXC', { status: 500 }],
    ['BITGET', { hang: true }],
  ];
  for (const [id, fault] of broken) {
    const s = await startVenueServer({}, fault);
    servers.push(s);
    env[`ARBLENS_${id}_URL`] = s.url;
  }
  // No config file of the developer's may leak in.
  env.XDG_CONFIG_HOME = '/nonexistent-arblens-test';
});

after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

interface Opp {
  id: string;
  kind: string;
  symbol: string;
  size: number;
  netProfit: number;
  legs: { venue: string; market: string; size: number }[];
}

test('scan --json over five healthy and three broken venues: opportunities on stdout, failures as JSON lines on stderr, exit 3', async () => {
  const r = await run(process.execPath, [BIN, 'scan', '--venues', [...GOOD, 'gate', 'mexc', 'bitget'].join(','), '--json', '--top', '0', '--timeout', '2s'], env);
  assert.equal(r.code, 3, r.stderr);
  const opps = JSON.parse(r.stdout) as Opp[];
  assert.ok(opps.length >= 8, `only ${opps.length} opportunities`);
  // basis and cross-perp are whole round trips now (exit at today's opposite side): in these
  // fixtures none survives its exit; funding (carried by the rate spread) and cross-spot do.
  for (const k of ['cross-spot', 'funding']) assert.ok(opps.some((o) => o.kind === k), `no ${k}`);
  // Every healthy venue took part in something; no broken one did.
  const venues = new Set(opps.flatMap((o) => o.legs.map((l) => l.venue)));
  for (const v of GOOD) assert.ok(venues.has(v), `${v} missing from the opportunities`);
  for (const v of ['gate', 'mexc', 'bitget']) assert.ok(!venues.has(v), `${v} should have failed`);
  // Sizes come from real depth (the second pass): more than any one level of the fixtures' books.
  const spot = opps.find((o) => o.id === 'cross-spot:BTC/USDT:binance>okx');
  assert.ok(spot, 'cross-spot binance>okx missing');
  assert.equal(spot.size, 9.25);

  const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { level: string; venue?: string; message: string });
  const errors = new Map(lines.filter((l) => l.level === 'error').map((l) => [l.venue, l.message]));
  assert.deepEqual([...errors.keys()].sort(), ['bitget', 'gate', 'mexc']);
  assert.match(errors.get('gate')!, /unreadable response/);
  assert.match(errors.get('mexc')!, /500/);
  assert.match(errors.get('bitget')!, /timed out after 2000 ms/);
});

test('scan --symbols with few instruments fetches books straight away; table mode prints plain warnings', async () => {
  const r = await run(process.execPath, [BIN, 'scan', '--venues', 'binance,okx,coindcx', '--symbols', 'BTC/USDT', '--market', 'spot'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /cross-spot/);
  assert.match(r.stdout, /okx/);
  assert.match(r.stderr, /^warning: coindcx: /m);
});

test('an unknown symbol is a usage error (exit 2) with a suggestion', async () => {
  const r = await run(process.execPath, [BIN, 'scan', '--venues', 'binance,okx', '--symbols', 'BTC/USDTT', '--json'], env);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /no venue lists 'BTC\/USDTT'.*did you mean 'BTC\/USDT'/);
});

test('scan --json | jq', async (t) => {
  if (!hasCommand('jq')) return t.skip('jq is not installed');
  const cmd = `"${process.execPath}" "${BIN}" scan --venues binance,okx,bybit --json | jq -r '[.[] | select(.kind == "cross-spot")] | .[0].buy.venue + ">" + .[0].sell.venue'`;
  const r = await run('sh', ['-c', cmd], env);
  assert.equal(r.code, 0, r.stderr);
  // Best cross-spot: buy BTC on binance (ask 64000.01), sell on okx (bid 64300).
  assert.equal(r.stdout.trim(), 'binance>okx');
});
