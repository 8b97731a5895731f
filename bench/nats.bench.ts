// NATS figures on loopback (needs ARBLENS_TEST_NATS_URL, as .ci/run sets it; else skipped with a
// message): opportunity events published as `watch --publish` sends them (per tick, one NDJSON
// message per subject arblens.opps.<kind>.<symbol>, into the JetStream stream), with 20
// subscribers each receiving every one. Subscribers count events (lines), not messages.
//
// The events are shaped like the engine's (the demo's cross-venue spot opportunity: legs, fee
// assumptions, valuation — ~1.6 KB as a whole line). 10,000 live opportunities over 300 symbols;
// the first tick opens them all (whole lines), then every tick updates each one with moved
// figures — 10,000 events a tick, what a 100 ms tick carries at 100,000 events/s. The figure is
// the updates' rate (the steady state); the opening tick is timed on its own line, and the
// whole-line option (`?opps=whole`) with ARBLENS_BENCH_OPPS=whole.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { connect } from 'nats';
import { openPublisher } from '../src/app/bus/open.js';
import { parseNatsUrl } from '../src/app/bus/nats-url.js';
import type { Opportunity } from '../src/core/types.js';
import type { LiveEvent, TickResult } from '../src/engine/live-ranker.js';

const URL_ENV = process.env.ARBLENS_TEST_NATS_URL;
if (!URL_ENV) {
  console.log('nats: skipped — ARBLENS_TEST_NATS_URL is not set (start nats-server -js, see .ci/run)');
  process.exit(0);
}
const UPDATES = Number(process.env.ARBLENS_BENCH_EVENTS ?? 200_000);
const OPPS = 10_000;
const SUBSCRIBERS = 20;
const MODE = process.env.ARBLENS_BENCH_OPPS === 'whole' ? 'whole' : 'figures';
const id = randomBytes(3).toString('hex');
const url = `${URL_ENV}?stream=B${id}&subject=b${id}&retention=1m&opps=${MODE}`;
const spec = parseNatsUrl(url, 'bench');

const pub = await openPublisher(url, 'bench');
// The 20 subscribers live in a worker thread with a connection each, so their reading does not
// share the publisher's thread (as separate gateways would not). Each reports when it has
// counted a target number of lines (events).
const worker = new Worker(
  `const { parentPort, workerData: w } = require('node:worker_threads');
   const { connect } = require(w.nats);
   (async () => {
     const counts = [];
     const ncs = [];
     let target = Infinity;
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
         if (before < target && counts[k] >= target) parentPort.postMessage({ reached: k });
       } });
       await nc.flush();
       ncs.push(nc);
     }
     parentPort.postMessage({ ready: true });
     parentPort.on('message', async (m) => {
       if (m.target !== undefined) {
         target = m.target;
         for (let k = 0; k < counts.length; k++) if (counts[k] >= target) parentPort.postMessage({ reached: k });
         return;
       }
       parentPort.postMessage({ counts });
       for (const nc of ncs) await nc.close();
       process.exit(0);
     });
   })();`,
  { eval: true, workerData: { nats: createRequire(import.meta.url).resolve('nats'), servers: spec.servers, root: spec.root, subscribers: SUBSCRIBERS } },
);
let reached = 0;
let onAll: (() => void) | undefined;
let countsOf!: (c: number[]) => void;
const counts$ = new Promise<number[]>((r) => (countsOf = r));
await new Promise<void>((ready) =>
  worker.on('message', (m: { ready?: boolean; reached?: number; counts?: number[] }) => {
    if (m.ready) ready();
    if (m.reached !== undefined && ++reached === SUBSCRIBERS) onAll?.();
    if (m.counts) countsOf(m.counts);
  }),
);
/** Resolves when every subscriber has counted `target` events in all (2 minutes at most). */
function allReach(target: number): Promise<void> {
  reached = 0;
  const p = new Promise<void>((r) => (onAll = r));
  worker.postMessage({ target });
  return Promise.race([p, new Promise<void>((r) => setTimeout(r, 120_000).unref())]);
}

const VENUES = ['binance', 'okx', 'bybit', 'kucoin', 'gate', 'mexc', 'bitget'];
const PAIRS = VENUES.flatMap((a) => VENUES.filter((b) => b !== a).map((b) => [a, b] as const));
const T0 = 1_796_061_528_000;
const assumptionsOf = (buy: string, sell: string, market: string) => ({
  fees: [{ venue: buy, market, takerRate: 0.001, source: 'published' }, { venue: sell, market, takerRate: 0.001, source: 'published' }],
  quoteAgesMs: { buy: 202, sell: 51 },
  fill: 'taker, walk of 20/20 levels',
  exit: 'none: both legs settle at once',
  transfer: 'inventory: quote currency on the buy venue and the asset on the sell venue are assumed in place; rebalancing is not priced',
});
/** Opportunity k at tick `tick`: its prices move a little every tick, as quotes do. */
function opp(k: number, tick: number): Opportunity {
  const symbol = `S${k % 300}/USDT`;
  const [b, s] = PAIRS[Math.floor(k / 300) % PAIRS.length];
  const base = 100 + (k % 300) * 7.3;
  const drift = 1 + Math.sin(k + tick) * 1e-4;
  const buyPrice = base * drift;
  const sellPrice = base * 1.004 * drift;
  const size = 10 + ((k * 7919) % 1000) / 37;
  const buyVwap = buyPrice * 1.0006;
  const sellVwap = sellPrice * 0.9994;
  const buyFee = buyVwap * size * 0.001;
  const sellFee = sellVwap * size * 0.001;
  const netProfit = (sellVwap - buyVwap) * size - buyFee - sellFee;
  const tsMs = T0 + tick * 100;
  return {
    id: `cross-spot:${symbol}:${b}>${s}`, kind: 'cross-spot', symbol,
    buy: { venue: b, price: buyPrice, vwap: buyVwap, fee: buyFee }, sell: { venue: s, price: sellPrice, vwap: sellVwap, fee: sellFee },
    size, quote: 'USDT', grossSpreadPct: ((sellPrice - buyPrice) / buyPrice) * 100, netSpreadPct: (netProfit / (buyVwap * size)) * 100, netProfit,
    legs: [
      { side: 'buy', venue: b, market: symbol, price: buyPrice, vwap: buyVwap, size, fee: buyFee, feeSource: 'published' },
      { side: 'sell', venue: s, market: symbol, price: sellPrice, vwap: sellVwap, size, fee: sellFee, feeSource: 'published' },
    ],
    assumptions: assumptionsOf(b, s, symbol),
    ageMs: 202, ts: new Date(tsMs).toISOString(), tsMs,
    valueCurrency: 'USD', netProfitValue: netProfit, valuationRate: 1, valuation: 'USDT at par with USD (no USDT/USD book seen)', valuationAssumed: true,
    sharesDepthWith: [`cross-spot:${symbol}:okx>${s}`, `cross-spot:${symbol}:gate>${s}`],
  } as Opportunity;
}
// Two states of every opportunity, alternating tick by tick (built before the clock starts).
const states = [0, 1].map((v) => Array.from({ length: OPPS }, (_, k) => opp(k, v)));
const tickOf = (n: number, event: 'open' | 'update'): TickResult => {
  const now = T0 + n * 100;
  const events = states[n % 2].map((o) => ({ event, tracked: { opp: o, firstSeenMs: T0, lifetimeMs: now - T0, updates: n } }) as LiveEvent);
  return { now, events, live: [], stale: [] } as unknown as TickResult;
};
const ticks = Array.from({ length: Math.ceil(UPDATES / OPPS) }, (_, i) => tickOf(i + 1, 'update'));
const updates = ticks.length * OPPS;

/** Publishes the ticks, letting the client's buffer go out between them (as the pipeline's 100 ms ticks would); timed to the server's flush. */
async function publish(list: TickResult[]): Promise<number> {
  const t = performance.now();
  for (const tick of list) {
    pub.sink.onTick(tick);
    await new Promise((r) => setImmediate(r));
  }
  // Published = the server has every message (a PING/PONG after the last), not just the client's buffer.
  await pub.sink.flush();
  return (performance.now() - t) / 1000;
}

const bytes0 = pub.sink.sender.bytes;
const opening = await publish([tickOf(0, 'open')]);
const openBytes = pub.sink.sender.bytes - bytes0;
await allReach(OPPS);
const t = performance.now();
const published = await publish(ticks);
const updateBytes = pub.sink.sender.bytes - bytes0 - openBytes;
await allReach(OPPS + updates);
const delivered = (performance.now() - t) / 1000;
worker.postMessage('stop');
const counts = (await counts$).map((c) => c - OPPS);
const k = (x: number) => Math.round(x).toLocaleString('en-US');
console.log(`nats: ${k(updates / published)} opportunity events/s published (${k(updates)} updates of ${k(OPPS)} live opportunities, ${k(OPPS)} a tick, in ${published.toFixed(2)} s; ${MODE} lines, ${k(updateBytes / updates)} bytes each)`);
console.log(`nats: ${SUBSCRIBERS} subscribers each received ${k(Math.min(...counts))}–${k(Math.max(...counts))} of ${k(updates)} updates; all delivered after ${delivered.toFixed(2)} s: ${k(updates / delivered)} events/s received by every subscriber (${k((updates * SUBSCRIBERS) / delivered)} event deliveries/s)`);
console.log(`nats: the opening tick (${k(OPPS)} whole lines, ${k(openBytes / OPPS)} bytes each) published in ${opening.toFixed(2)} s`);
await pub.sink.close();
const nc = await connect({ servers: spec.servers });
await (await nc.jetstreamManager()).streams.delete(spec.stream);
await nc.close();
