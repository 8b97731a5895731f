// The built CLI against real servers, as a desk would run it: one recorder writing to ClickHouse
// and publishing to NATS, a second watch reading the bus instead of the venues, an incremental
// parquet export from ClickHouse, and a SQLite store copied over (twice, without duplicates).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import { arblens, BIN } from '../../helpers/cli.js';
import { ClickHouseStore } from '../../../src/store/clickhouse/store.js';
import { parseClickHouseUrl } from '../../../src/store/clickhouse/url.js';

const CH = process.env.ARBLENS_TEST_CLICKHOUSE_URL;
const NATS = process.env.ARBLENS_TEST_NATS_URL;
const skip = CH && NATS ? false : `${CH ? '' : 'ARBLENS_TEST_CLICKHOUSE_URL '}${NATS ? '' : 'ARBLENS_TEST_NATS_URL '}not set (.ci/run starts both servers)`;
if (skip) process.stderr.write(`# skipping scale-out end-to-end tests: ${skip}\n`);

const id = randomBytes(4).toString('hex');
const chUrl = CH ? CH.replace(/\/[^/?]*$/, `/e2e_${id}`) : '';
const busUrl = NATS ? `${NATS}?stream=E${id}&subject=e${id}` : '';
const password = CH ? parseClickHouseUrl(CH).password : '';
let dir: string;

/** Starts the CLI; `stop()` sends SIGINT and resolves with its exit code and output. */
function start(args: string[]) {
  const p = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } });
  const out = { stdout: '', stderr: '' };
  p.stdout.on('data', (d) => (out.stdout += d));
  p.stderr.on('data', (d) => (out.stderr += d));
  const exited = new Promise<number | null>((r) => p.on('exit', (code) => r(code)));
  return {
    out,
    stop: async () => {
      p.kill('SIGINT');
      return { code: await exited, ...out };
    },
  };
}

/** Polls `cond` every 100 ms up to `ms`. */
async function until(cond: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (await cond()) return true;
  return false;
}

describe('scale-out: ClickHouse store and NATS bus through the CLI', { skip }, () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'arblens-scale-e2e-'));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    const s = await ClickHouseStore.open(parseClickHouseUrl(chUrl));
    await s.conn.exec(`DROP DATABASE IF EXISTS ${s.database}`);
    await s.close();
  });

  it('watch --record --store clickhouse --publish nats, with watch --source nats reading the bus', async () => {
    const rec = start(['watch', '--demo', '--record', '--store', chUrl, '--publish', busUrl, '--ndjson']);
    // The recorder has published once its first quotes are in ClickHouse (the stream exists then).
    const spec = parseClickHouseUrl(chUrl);
    const stored = async () => {
      const s = await ClickHouseStore.open(spec).catch(() => undefined);
      if (!s) return 0;
      const n = Number((await s.conn.text(`SELECT count() FROM ${s.database}.quotes FINAL`).catch(() => '0')).trim());
      await s.close();
      return n;
    };
    assert.ok(await until(async () => (await stored()) > 0, 30_000), `recorder stored quotes (stderr: ${rec.out.stderr.slice(0, 300)})`);
    const reader = start(['watch', '--source', busUrl, '--ndjson']);
    // The bus reader ranks opportunities from quotes it never fetched itself.
    const saw = await until(() => /"event":"open"/.test(reader.out.stdout), 30_000);
    const sub = await reader.stop();
    const r = await rec.stop();
    assert.ok(saw, `bus reader saw opportunities (stderr: ${sub.stderr.slice(0, 300)})`);
    assert.equal(r.code, 130, r.stderr);
    assert.equal(sub.code, 130, sub.stderr);
    assert.ok(!r.stderr.includes(password) && !r.stdout.includes(password), 'password never shown');
    const s = await ClickHouseStore.open(spec);
    const eps = Number((await s.conn.text(`SELECT count() FROM (SELECT 1 FROM ${s.database}.opportunities GROUP BY opp_key, first_seen)`)).trim());
    const open = Number((await s.conn.text(`SELECT count() FROM (SELECT 1 FROM ${s.database}.opportunities GROUP BY opp_key, first_seen HAVING max(closed) = 0)`)).trim());
    await s.close();
    assert.ok(eps > 0, `episodes ${eps}`);
    // A clean stop ends the recorder's episodes (reason end): none left open.
    assert.equal(open, 0);
  });

  it('export --store clickhouse --since last → parquet: every stored quote once, then nothing new', async () => {
    const out = join(dir, 'lake') + '/';
    const r1 = arblens(['export', '--store', chUrl, '--table', 'quotes', '--format', 'parquet', '--since', 'last', '--out', out]);
    assert.equal(r1.code, 0, r1.stderr);
    const files = readdirSync(out).filter((f) => f.endsWith('.parquet'));
    assert.deepEqual(files, ['quotes-000000000001.parquet']);
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = (await duck.runAndReadAll(`SELECT count(*)::INT AS n, count(DISTINCT (recorder, seq, "row"))::INT AS u FROM '${join(out, files[0])}'`)).getRowObjectsJson()[0];
    const s = await ClickHouseStore.open(parseClickHouseUrl(chUrl));
    const stored = Number((await s.conn.text(`SELECT count() FROM ${s.database}.quotes FINAL`)).trim());
    await s.close();
    assert.deepEqual(rows, { n: stored, u: stored });
    const r2 = arblens(['export', '--store', chUrl, '--table', 'quotes', '--format', 'parquet', '--since', 'last', '--out', out]);
    assert.equal(r2.code, 0, r2.stderr);
    assert.match(r2.stderr, /nothing new/);
  });

  it('store copy: a SQLite store into ClickHouse, and again without duplicating', async () => {
    const db = join(dir, 'a.db');
    assert.equal(arblens(['scan', '--demo', '--record', '--db', db, '--json']).code, 0);
    const target = chUrl.replace(/\/[^/]*$/, `/e2e_${id}_copy`);
    const a = arblens(['store', 'copy', '--from', db, '--to', target, '--json']);
    assert.equal(a.code, 0, a.stderr);
    const b = arblens(['store', 'copy', '--from', db, '--to', target, '--json']);
    assert.equal(b.code, 0, b.stderr);
    const quotes = (JSON.parse(a.stdout) as { tables: { table: string; rows: number }[] }).tables.find((t) => t.table === 'quotes')!.rows;
    const s = await ClickHouseStore.open(parseClickHouseUrl(target));
    const stored = Number((await s.conn.text(`SELECT count() FROM ${s.database}.quotes FINAL`)).trim());
    await s.conn.exec(`DROP DATABASE ${s.database}`);
    await s.close();
    assert.ok(quotes > 0);
    assert.equal(stored, quotes);
    assert.ok(!a.stdout.includes(password) && !a.stderr.includes(password));
  });

  it('a wrong password: exit 1, one line naming the store, the password never printed', () => {
    const bad = chUrl.replace(/:\/\/([^:]+):[^@]*@/, '://$1:Not-The-Pw-42@');
    const r = arblens(['export', '--store', bad, '--table', 'quotes', '--format', 'csv', '--out', '-']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(!r.stderr.includes('Not-The-Pw-42'), r.stderr);
    assert.match(r.stderr, /\*\*\*@/);
  });
});
