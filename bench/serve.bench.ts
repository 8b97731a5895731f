// arblens serve figures: WebSocket fan-out lag, REST requests/s, start-to-first-event.
//   node --expose-gc --import tsx bench/serve.bench.ts
// (the third figure runs the built CLI: `npx tsc -p .` first; BENCH_FANOUT_ONLY=1 runs the first
// figure alone; BENCH_WS_CLIENTS, BENCH_SECONDS, BENCH_CLIENT_PROCS change its load)
import { Worker } from 'node:worker_threads';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { availableParallelism, loadavg } from 'node:os';
import WebSocket from 'ws';
import { opp, tick, tracked, testServe, venueRow } from '../test/helpers/serve-fixture.js';
import type { LiveEvent } from '../src/engine/live-ranker.js';

const WS_CLIENTS = Number(process.env.BENCH_WS_CLIENTS ?? 500);
const EVENTS_PER_S = 1000;
const TICK_MS = 100;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENT_PROCS = Number(process.env.BENCH_CLIENT_PROCS ?? 2);
const WARMUP_MS = 1000;

const now = () => performance.timeOrigin + performance.now();
const pct = (a: number[], p: number) => {
  if (a.length === 0) return NaN;
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const mb = (b: number) => (b / 1024 / 1024).toFixed(0);

/** Messages from a load generator (worker thread or child process), in order. */
function inbox(on: (listener: (m: any) => void) => void): () => Promise<any> {
  const queue: any[] = [];
  const waiting: ((m: any) => void)[] = [];
  on((m) => (waiting.length ? waiting.shift()!(m) : queue.push(m)));
  return () => new Promise((r) => (queue.length ? r(queue.shift()) : waiting.push(r)));
}

function worker(data: Record<string, unknown>): { w: Worker; next: () => Promise<any> } {
  const w = new Worker(new URL('./serve-clients.mjs', import.meta.url), { workerData: data });
  return { w, next: inbox((l) => w.on('message', l)) };
}

function clientProcess(data: Record<string, unknown>): { p: ChildProcess; next: () => Promise<any> } {
  const p = fork(fileURLToPath(new URL('./serve-clients.mjs', import.meta.url)), [JSON.stringify(data)], { serialization: 'advanced', execArgv: [] });
  return { p, next: inbox((l) => p.on('message', l)) };
}

/**
 * 500 clients, each receiving every event: 100 events per 100 ms tick = 1,000 events/s. The
 * clients run in child processes (BENCH_CLIENT_PROCS, default 2: one per core of this machine),
 * so the server's CPU time and the load generator's are measured apart — on 2 cores they compete.
 */
async function fanOut(): Promise<void> {
  const s = await testServe({ maxClientBufferBytes: 8 << 20 });
  const base = await s.server.app.listen({ host: '127.0.0.1', port: 0 });
  const procs = Array.from({ length: CLIENT_PROCS }, (_, k) =>
    clientProcess({ mode: 'ws', url: base.replace('http', 'ws') + '/ws/opportunities', clients: Math.floor(WS_CLIENTS / CLIENT_PROCS) + (k < WS_CLIENTS % CLIENT_PROCS ? 1 : 0), seconds: SECONDS }),
  );
  await Promise.all(procs.map((c) => c.next())); // ready
  const perTick = (EVENTS_PER_S * TICK_MS) / 1000;
  let sent = 0;
  let maxRss = 0;
  const tickCost: number[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = now();
  for (let k = 0; now() - t0 < SECONDS * 1000; k++) {
    const at = now();
    const events: LiveEvent[] = [];
    for (let i = 0; i < perTick; i++) {
      const o = opp(`cross-spot:S${i}/USDT:okx>binance`, { netPct: 0.1 + i / 1000, profit: 10 + k, symbol: `S${i}/USDT`, ts: Math.floor(at) });
      // The emission time rides in each line; the client reads the first with one byte search.
      const t = tracked({ ...o, emitMs: Math.round(at) } as typeof o, t0, at);
      events.push({ event: k === 0 ? 'open' : 'update', tracked: t });
    }
    const c0 = performance.now();
    tick(s.hub, at, events.map((e) => e.tracked), events, [venueRow('okx', 'connected'), venueRow('binance', 'connected')]);
    tickCost.push(performance.now() - c0);
    sent += perTick;
    maxRss = Math.max(maxRss, process.memoryUsage().rss);
    const wait = t0 + (k + 1) * TICK_MS - now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  const cpu = process.cpuUsage(cpu0);
  const ticks = tickCost.length;
  const parts = await Promise.all(procs.map((c) => c.next()));
  // The first second is warm-up (JIT, first large buffers on both sides): reported on its own.
  const warm = t0 + WARMUP_MS;
  const lags: number[] = [];
  const warmup: number[] = [];
  for (const p of parts) for (let i = 0; i < p.lags.length; i++) (p.emitted[i] >= Math.round(warm) ? lags : warmup).push(p.lags[i]);
  const counts = parts.flatMap((p) => p.counts as number[]);
  const clientCpu = parts.reduce((a, p) => a + p.cpu.userMs + p.cpu.systemMs, 0);
  const full = counts.filter((c) => c === sent).length;
  const dropped = await s.ctx.metrics.registry.getSingleMetricAsString('arblens_stream_clients_dropped_total');
  console.log(`WS fan-out: ${WS_CLIENTS} clients × ${EVENTS_PER_S} events/s for ${SECONDS} s (one message per ${TICK_MS} ms tick per client)`);
  console.log(`  delivery lag p50 ${pct(lags, 50).toFixed(1)} ms · p99 ${pct(lags, 99).toFixed(1)} ms · max ${pct(lags, 100).toFixed(1)} ms (${lags.length} messages after ${WARMUP_MS / 1000} s of warm-up)`);
  console.log(`  warm-up: p50 ${pct(warmup, 50).toFixed(1)} ms · p99 ${pct(warmup, 99).toFixed(1)} ms · max ${pct(warmup, 100).toFixed(1)} ms (${warmup.length} messages)`);
  console.log(`  every event received by ${full}/${WS_CLIENTS} clients (${sent} events each); dropped: ${/ws"} (\d+)/.exec(dropped)?.[1]}`);
  console.log(`  server tick fan-out p50 ${pct(tickCost, 50).toFixed(2)} ms · p99 ${pct(tickCost, 99).toFixed(2)} ms · server RSS max ${mb(maxRss)} MB`);
  console.log(
    `  CPU per tick: server ${((cpu.user + cpu.system) / 1000 / ticks).toFixed(1)} ms (kernel ${(cpu.system / 1000 / ticks).toFixed(1)}) · clients ${(clientCpu / ticks).toFixed(1)} ms in ${CLIENT_PROCS} process${CLIENT_PROCS === 1 ? '' : 'es'} · load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`,
  );
  for (const c of procs) c.p.kill();
  await s.server.close();
}

/** GET /api/v1/opportunities?top=20 over 200 live opportunities, 32 keep-alive connections. */
async function rest(): Promise<void> {
  const s = await testServe({ rateLimit: 0 });
  const T = 1_700_000_000_000;
  const live = Array.from({ length: 200 }, (_, i) => tracked(opp(`o${i}`, { netPct: 1 - i / 1000, profit: 1000 - i, symbol: `S${i}/USDT` }), T, T));
  tick(s.hub, T, live, live.map((t) => ({ event: 'open' as const, tracked: t })), []);
  const base = await s.server.app.listen({ host: '127.0.0.1', port: 0 });
  const w = worker({ mode: 'http', url: `${base}/api/v1/opportunities?top=20`, connections: 32, seconds: 5 });
  const r = await w.next();
  console.log(`REST: GET /api/v1/opportunities?top=20 (200 live), 32 keep-alive connections, 5 s`);
  console.log(`  ${(r.lat.length / r.seconds).toFixed(0)} requests/s · p50 ${pct(r.lat, 50).toFixed(2)} ms · p99 ${pct(r.lat, 99).toFixed(2)} ms · errors ${r.errors}`);
  await w.w.terminate();
  await s.server.close();
}

/** `serve --demo` (built CLI): process start → listening → snapshot → first event on a WebSocket. */
async function startToFirstEvent(): Promise<void> {
  const bin = fileURLToPath(new URL('../bin/arblens.js', import.meta.url));
  const runs: { listen: number; snapshot: number; event: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = now();
    const p = spawn(process.execPath, [bin, 'serve', '--demo', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const url = await new Promise<string>((resolve, reject) => {
      p.stderr!.on('data', (d) => {
        err += d;
        const m = / on (http:\/\/\S+) —/.exec(err);
        if (m) resolve(m[1]);
      });
      p.once('exit', () => reject(new Error(err)));
    });
    const listen = now() - t0;
    const times = await new Promise<{ snapshot: number; event: number }>((resolve) => {
      const ws = new WebSocket(url.replace('http', 'ws') + '/ws/opportunities');
      let snapshot = 0;
      ws.on('message', (m) => {
        if (!snapshot) snapshot = now() - t0;
        else if (/"event":"(open|update)"/.test(String(m))) {
          resolve({ snapshot, event: now() - t0 });
          ws.terminate();
        }
      });
    });
    runs.push({ listen, ...times });
    p.kill('SIGTERM');
    await new Promise((r) => p.once('exit', r));
  }
  const med = (k: 'listen' | 'snapshot' | 'event') => pct(runs.map((r) => r[k]), 50).toFixed(0);
  console.log(`serve --demo start (median of 3): listening ${med('listen')} ms · WS snapshot ${med('snapshot')} ms · first open/update event ${med('event')} ms`);
}

await fanOut();
global.gc?.();
if (!process.env.BENCH_FANOUT_ONLY) await rest();
if (!process.env.BENCH_FANOUT_ONLY) await startToFirstEvent();
