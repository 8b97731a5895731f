import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { WebSocket } from 'ws';
// @ts-expect-error: the package ships no type declarations
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { arblens } from '../../helpers/cli.js';
import { startServeCli } from '../../helpers/serve-cli.js';

interface PromFamily {
  name: string;
  type: string;
  metrics: { value?: string; labels?: Record<string, string>; buckets?: Record<string, string>; count?: string }[];
}

/** The first WS message: the snapshot; resolves with the socket and the first events after it. */
function firstEvents(url: string, n: number): Promise<{ ws: WebSocket; events: Record<string, unknown>[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const events: Record<string, unknown>[] = [];
    ws.on('message', (m) => {
      for (const l of String(m).split('\n')) events.push(JSON.parse(l));
      if (events.length >= n) resolve({ ws, events });
    });
    ws.on('error', reject);
  });
}

test('serve --demo: REST, WS, SSE and metrics from the built CLI', { timeout: 60_000 }, async () => {
  const s = await startServeCli(['--demo', '--port', '0']);
  try {
    // The demo feed needs a few ticks before its first crossing books.
    let opps: Record<string, unknown>[] = [];
    for (let i = 0; i < 50 && opps.length === 0; i++) {
      opps = await (await fetch(`${s.url}/api/v1/opportunities?top=5`)).json();
      if (opps.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(opps.length > 0 && opps.length <= 5);
    for (let i = 1; i < opps.length; i++) assert.ok((opps[i - 1].netProfitValue as number) >= (opps[i].netProfitValue as number), 'ranked by profit');
    const one = await (await fetch(`${s.url}/api/v1/opportunities/${encodeURIComponent(opps[0].id as string)}`)).json();
    assert.equal(one.id, opps[0].id);
    assert.ok(Array.isArray(one.legs) && one.assumptions);
    const bad = await fetch(`${s.url}/api/v1/opportunities?top=many`);
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).parameter, 'top');
    const health = await (await fetch(`${s.url}/health`)).json();
    assert.equal(health.status, 'ok');
    assert.ok(Object.keys(health.venues).length >= 2);
    assert.ok((await (await fetch(`${s.url}/api/v1/venues`)).json()).length >= 2);

    const { ws, events } = await firstEvents(s.url.replace('http', 'ws') + '/ws/opportunities', 2);
    assert.equal(events[0].event, 'snapshot');
    assert.match(String(events[1].event), /^(open|update|close|venue)$/);
    ws.close();

    const ac = new AbortController();
    const sse = await fetch(`${s.url}/sse/opportunities?kinds=cross-spot`, { signal: ac.signal });
    const reader = sse.body!.getReader();
    let text = '';
    while (!/event: snapshot\ndata: \{/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    ac.abort();

    const families: PromFamily[] = parsePrometheusTextFormat(await (await fetch(`${s.url}/metrics`)).text());
    const byName = new Map(families.map((f) => [f.name, f]));
    for (const name of ['arblens_opportunities_live', 'arblens_events_total', 'arblens_venue_messages_total', 'arblens_venue_up', 'arblens_engine_update_latency_seconds', 'arblens_http_request_duration_seconds', 'arblens_stream_clients', 'arblens_stream_clients_dropped_total', 'process_resident_memory_bytes']) {
      assert.ok(byName.has(name), name);
    }
    const opens = byName.get('arblens_events_total')!.metrics.find((m) => m.labels?.type === 'open');
    assert.ok(Number(opens?.value) > 0);
    assert.ok(byName.get('arblens_venue_up')!.metrics.every((m) => m.value === '1'));
  } finally {
    s.proc.kill('SIGTERM');
    assert.equal(await s.exited, 143);
  }
});

test('serve: token required — 401 without it, 200 with Bearer; the token never appears in output', { timeout: 60_000 }, async () => {
  const token = 'e2e-secret-token-9f8e7d';
  const s = await startServeCli(['--demo', '--port', '0'], { ARBLENS_TOKEN: token });
  try {
    assert.equal((await fetch(`${s.url}/api/v1/opportunities`)).status, 401);
    assert.equal((await fetch(`${s.url}/api/v1/opportunities`, { headers: { authorization: `Bearer ${token}` } })).status, 200);
    assert.equal((await fetch(`${s.url}/metrics?token=${token}`)).status, 200);
    assert.doesNotMatch(await (await fetch(`${s.url}/metrics?token=${token}`)).text(), new RegExp(token));
  } finally {
    s.proc.kill('SIGTERM');
    await s.exited;
  }
  assert.doesNotMatch(s.stderr(), new RegExp(token));
});

test('serve: a non-loopback bind without a token is a usage error (exit 2), before anything listens', () => {
  const r = arblens(['serve', '--demo', '--host', '0.0.0.0', '--port', '0'], { ARBLENS_TOKEN: '' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--host '0\.0\.0\.0' is not loopback.*--token/);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
  const q = arblens(['serve', '--demo', '--port', '70000']);
  assert.equal(q.code, 2);
  assert.match(q.stderr, /--port '70000'/);
});

test('serve: SIGTERM closes WS clients with a 1001 close frame, flushes the recorder, exit 143', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'arblens-serve-'));
  const db = join(dir, 'rec.db');
  try {
    const s = await startServeCli(['--demo', '--record', '--db', db, '--port', '0']);
    const { ws } = await firstEvents(s.url.replace('http', 'ws') + '/ws/opportunities', 2);
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    s.proc.kill('SIGTERM');
    assert.equal(await closed, 1001);
    assert.equal(await s.exited, 143);
    const d = new Database(db, { readonly: true });
    const quotes = (d.prepare('SELECT COUNT(*) AS n FROM quotes').get() as { n: number }).n;
    const open = (d.prepare('SELECT COUNT(*) AS n FROM opportunities WHERE closed = 0').get() as { n: number }).n;
    d.close();
    assert.ok(quotes > 0, 'quotes flushed');
    assert.equal(open, 0, 'every episode closed on shutdown');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
