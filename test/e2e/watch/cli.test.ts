// End-to-end `watch`: the built CLI (`node bin/arblens.js`, needs `npx tsc -p .` first; npm test
// builds). NDJSON on a pipe, recording with SIGTERM and kill -9, replay, usage errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'bin/arblens.js');
const dir = mkdtempSync(join(tmpdir(), 'arblens-watch-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const env = { ...process.env, NO_COLOR: '1', ARBLENS_DB: join(dir, 'default.db') };

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Starts `watch`, collecting stdout; resolves the exit code. */
function start(args: string[]) {
  const child = spawn(process.execPath, [bin, 'watch', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  return { child, exited, out: () => out, err: () => err };
}

async function until(pred: () => boolean, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function rows(db: string, sql: string): number {
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return d.prepare(sql).pluck().get() as number;
  } finally {
    d.close();
  }
}

test('piped: NDJSON only on stdout — venue, open, update, close events; SIGTERM closes everything', async () => {
  const w = start(['--demo']); // stdout is a pipe: NDJSON without --ndjson
  await until(() => (w.out().match(/"event":"open"/g) ?? []).length >= 3, 20_000, 'open events');
  w.child.kill('SIGTERM');
  const { code } = await w.exited;
  assert.equal(code, 143);
  const lines = w.out().trim().split('\n').map((l) => JSON.parse(l)); // every line parses
  const events = new Set(lines.map((l) => l.event));
  for (const e of ['venue', 'open', 'close']) assert.ok(events.has(e), `has ${e}`);
  // Every opened opportunity is closed by the end (reason end on shutdown), with a lifetime.
  const open = new Set(lines.filter((l) => l.event === 'open').map((l) => l.id + '@' + l.firstSeenMs));
  const closed = new Set(lines.filter((l) => l.event === 'close').map((l) => l.id + '@' + l.firstSeenMs));
  assert.deepEqual([...open].filter((k) => !closed.has(k)), []);
  const c = lines.find((l) => l.event === 'close');
  assert.equal(typeof c.lifetimeMs, 'number');
  assert.match(c.reason, /^(gone|stale|venue-down|end)$/);
  assert.equal(w.err(), '');
});

test('pipe into jq: select open events', { skip: spawnSync('jq', ['--version']).error ? 'jq not installed' : false }, () => {
  const r = spawnSync('sh', ['-c', `timeout -s TERM 3 node ${JSON.stringify(bin)} watch --demo --ndjson | jq -c 'select(.event=="open") | .id' | head -n 3`], { cwd: root, encoding: 'utf8', env });
  const ids = r.stdout.trim().split('\n');
  assert.equal(ids.length, 3, r.stderr);
  for (const id of ids) assert.match(id, /^"(cross-spot|cross-perp|basis|funding):/);
});

test('--record: SIGTERM flushes and closes; the store has quotes and opportunity episodes', async () => {
  const db = join(dir, 'rec-term.db');
  const w = start(['--demo', '--record', '--db', db, '--ndjson']);
  await until(() => (w.out().match(/"event":"open"/g) ?? []).length >= 1, 20_000, 'an open event');
  await new Promise((r) => setTimeout(r, 1200));
  w.child.kill('SIGTERM');
  assert.equal((await w.exited).code, 143);
  assert.equal(rows(db, 'PRAGMA integrity_check') as unknown, 'ok');
  assert.ok(rows(db, 'SELECT count(*) FROM quotes') > 50);
  assert.ok(rows(db, 'SELECT count(*) FROM opportunities') > 0);
  assert.ok(rows(db, 'SELECT count(*) FROM quotes WHERE depth IS NOT NULL') > 0, 'books recorded with depth');
  // A clean shutdown leaves no episode open.
  assert.equal(rows(db, 'SELECT count(*) FROM opportunities WHERE closed = 0'), 0);

  // Replay the recording through the same pipeline, as fast as possible.
  const r = cli(['watch', '--replay', db, '--speed', 'max', '--ndjson']);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(lines.some((l) => l.event === 'open'), 'replayed opportunities open');
  const first = rows(db, 'SELECT min(venue_ts) FROM quotes');
  const last = rows(db, 'SELECT max(venue_ts) FROM quotes');
  // Replay runs on the recording's clock, not today's.
  for (const l of lines.filter((x) => x.event === 'open')) assert.ok(l.tsMs >= first && l.tsMs <= last, `${l.tsMs} within [${first}, ${last}]`);
});

test('--record: kill -9 loses at most the last batch and never corrupts the store', async () => {
  const db = join(dir, 'rec-kill.db');
  const w = start(['--demo', '--record', '--db', db, '--ndjson']);
  await until(() => {
    try {
      return rows(db, 'SELECT count(*) FROM quotes') > 100;
    } catch {
      return false;
    }
  }, 20_000, 'recorded quotes');
  w.child.kill('SIGKILL');
  await w.exited;
  assert.equal(rows(db, 'PRAGMA integrity_check') as unknown, 'ok');
  assert.ok(rows(db, 'SELECT count(*) FROM quotes') > 100);
});

test('usage errors exit 2 and name the flag', () => {
  let r = cli(['watch', '--demo', '--replay', join(dir, 'x.db')]);
  assert.equal(r.code, 2);
  assert.match(r.err, /--replay: cannot be used with --demo/);
  r = cli(['watch', '--replay', join(dir, 'missing.db')]);
  assert.equal(r.code, 2);
  assert.match(r.err, /--replay: no store at/);
  r = cli(['watch', '--demo', '--venues', 'binanse']);
  assert.equal(r.code, 2);
  assert.match(r.err, /did you mean 'binance'/);
  r = cli(['watch', '--demo', '--speed', 'fast']);
  assert.equal(r.code, 2);
  assert.match(r.err, /--speed: 'fast'/);
  r = cli(['watch', '--venues', 'nope']);
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown venue 'nope'/);
  assert.equal(r.out, '');
});

test('live prediction venue through the CLI: Polymarket at ARBLENS_POLYMARKET_WS_URL, recorded; Kalshi without keys is not configured', async () => {
  const { startWsServer } = await import('../../helpers/watch-ws.js');
  const server = await startWsServer((ws) =>
    ws.once('message', (m) => {
      const sub = JSON.parse(String(m)) as { assets_ids: string[] };
      for (const id of sub.assets_ids) ws.send(JSON.stringify({ event_type: 'book', asset_id: id, market: '0xabc', bids: [{ price: '0.40', size: '10' }], asks: [{ price: '0.45', size: '12' }], timestamp: String(Date.now()) }));
    }),
  );
  const db = join(dir, 'poly.db');
  const child = spawn(process.execPath, [bin, 'watch', '--venues', 'polymarket,kalshi', '--symbols', 'tok-1,KX-1', '--ndjson', '--record', '--db', db], {
    cwd: root,
    // REST market lists at a closed local port: refused at once, so the venue streams unranked (never the internet).
    env: { ...env, ARBLENS_POLYMARKET_WS_URL: server.url, ARBLENS_POLYMARKET_URL: 'http://127.0.0.1:1', ARBLENS_KALSHI_URL: 'http://127.0.0.1:1', ARBLENS_PAIRS: join(dir, 'no-pairs.json'), ARBLENS_KALSHI_API_KEY: '', ARBLENS_KALSHI_SECRET: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  await until(() => /"venue":"polymarket","state":"connected"/.test(out), 20_000, 'polymarket connected');
  await new Promise((r) => setTimeout(r, 800)); // one recorder batch
  child.kill('SIGTERM');
  assert.equal(await exited, 143);
  await server.close();
  const lines = out.trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(lines.some((l) => l.event === 'venue' && l.venue === 'kalshi' && l.state === 'not-configured'));
  assert.ok(rows(db, "SELECT count(*) FROM quotes q JOIN instruments i ON i.id = q.instrument_id WHERE i.symbol = 'tok-1' AND q.bid = 0.4 AND q.ask = 0.45") >= 1);
});
