// NATS figures on loopback (needs ARBLENS_TEST_NATS_URL, as .ci/run sets it; else skipped with a
// message): opportunity events published as `watch --publish` sends them (per tick, one NDJSON
// message per subject arblens.opps.<kind>.<symbol>), with 20 subscribers each receiving every
// one. Subscribers count events (lines), not messages.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { connect } from 'nats';
import { openPublisher } from '../src/app/bus/open.js';
import { parseNatsUrl } from '../src/app/bus/nats-url.js';
import type { LiveEvent, TickResult } from '../src/engine/live-ranker.js';

const URL_ENV = process.env.ARBLENS_TEST_NATS_URL;
if (!URL_ENV) {
  console.log('nats: skipped — ARBLENS_TEST_NATS_URL is not set (start nats-server -js, see .ci/run)');
  process.exit(0);
}
const EVENTS = Number(process.env.ARBLENS_BENCH_EVENTS ?? 200_000);
const SUBSCRIBERS = 20;
const PER_TICK = 1_000;
const id = randomBytes(3).toString('hex');
const url = `${URL_ENV}?stream=B${id}&subject=b${id}&retention=1m`;
const spec = parseNatsUrl(url, 'bench');

const pub = await openPublisher(url, 'bench');
// The 20 subscribers live in a worker thread with a connection each, so their reading does not
// share the publisher's thread (as separate gateways would not).
const worker = new Worker(
  `const { parentPort, workerData: w } = require('node:worker_threads');
   const { connect } = require(w.nats);
   (async () => {
     const counts = [];
     const ncs = [];
     for (let k = 0; k < w.subscribers; k++) {
       const nc = await connect({ servers: w.servers });
       counts.push(0);
       // One event per NDJSON line: count the line ends of each message.
       nc.subscribe(w.root + '.opps.>', { callback: (_err, m) => {
         const d = m.data;
         let n = 0;
         for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) n++;
         const before = counts[k];
         counts[k] += n;
         if (before < w.events && counts[k] >= w.events) parentPort.postMessage({ done: k });
       } });
       await nc.flush();
       ncs.push(nc);
     }
     parentPort.postMessage({ ready: true });
     parentPort.on('message', async () => { parentPort.postMessage({ counts }); for (const nc of ncs) await nc.close(); process.exit(0); });
   })();`,
  { eval: true, workerData: { nats: createRequire(import.meta.url).resolve('nats'), servers: spec.servers, root: spec.root, subscribers: SUBSCRIBERS, events: EVENTS } },
);
let finished = 0;
let allDone!: () => void;
const delivered$ = new Promise<void>((r) => (allDone = r));
let countsOf!: (c: number[]) => void;
const counts$ = new Promise<number[]>((r) => (countsOf = r));
await new Promise<void>((ready) =>
  worker.on('message', (m: { ready?: boolean; done?: number; counts?: number[] }) => {
    if (m.ready) ready();
    if (m.done !== undefined && ++finished === SUBSCRIBERS) allDone();
    if (m.counts) countsOf(m.counts);
  }),
);
// Events shaped like the engine's (an opportunity with legs, ~700 bytes of JSON each).
const opp = (i: number) => ({
  id: `cross-spot:S${i % 300}/USDT:okx>binance`, kind: 'cross-spot', symbol: `S${i % 300}/USDT`, quote: 'USDT', size: 0.5, netProfit: 36.8, netSpreadPct: 0.115, grossSpreadPct: 0.135,
  buy: { venue: 'okx', price: 64010.1, vwap: 64012.3, fee: 3.2 }, sell: { venue: 'binance', price: 64102, vwap: 64098.7, fee: 3.2 },
  legs: [{ side: 'buy', venue: 'okx', market: 'BTC/USDT', price: 64010.1, vwap: 64012.3, size: 0.5, fee: 3.2 }, { side: 'sell', venue: 'binance', market: 'BTC/USDT', price: 64102, vwap: 64098.7, size: 0.5, fee: 3.2 }],
  ageMs: 120, ts: '2026-11-21T10:00:00.000Z', tsMs: 1763719200000,
});
const ticks: TickResult[] = [];
for (let i = 0; i < EVENTS; i += PER_TICK) {
  const events = Array.from({ length: PER_TICK }, (_, k) => ({ event: 'update', tracked: { opp: opp(i + k), firstSeenMs: 1763719200000, lifetimeMs: 1000 } }) as unknown as LiveEvent);
  ticks.push({ now: 1763719200000 + i, events, live: [], stale: [] } as TickResult);
}
const t = performance.now();
for (const tick of ticks) {
  pub.sink.onTick(tick);
  // Let the client's buffer go out between ticks, as the pipeline's 100 ms ticks would.
  await new Promise((r) => setImmediate(r));
}
// Published = the server has every message (a PING/PONG after the last), not just the client's buffer.
await pub.sink.flush();
const published = (performance.now() - t) / 1000;
await Promise.race([delivered$, new Promise((r) => setTimeout(r, 120_000).unref())]);
const delivered = (performance.now() - t) / 1000;
worker.postMessage('stop');
const counts = await counts$;
console.log(`nats: ${Math.round(EVENTS / published).toLocaleString('en-US')} opportunity events/s published (${EVENTS.toLocaleString('en-US')} events in ${published.toFixed(2)} s)`);
console.log(`nats: ${SUBSCRIBERS} subscribers each received ${Math.min(...counts).toLocaleString('en-US')}–${Math.max(...counts).toLocaleString('en-US')} of ${EVENTS.toLocaleString('en-US')} events (in ${pub.sink.published.toLocaleString('en-US')} messages); all delivered after ${delivered.toFixed(2)} s: ${Math.round(EVENTS / delivered).toLocaleString('en-US')} events/s received by every subscriber (${Math.round((EVENTS * SUBSCRIBERS) / delivered).toLocaleString('en-US')} event deliveries/s)`);
await pub.sink.close();
const nc = await connect({ servers: spec.servers });
await (await nc.jetstreamManager()).streams.delete(spec.stream);
await nc.close();
