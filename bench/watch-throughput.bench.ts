// Stream messages per second from local ws servers (in worker threads) through parsing, books,
// the incremental engine and ranking every 100 ms — the watch pipeline without the TUI.
//   node --expose-gc --import tsx bench/watch-throughput.bench.ts
import { Worker } from 'node:worker_threads';
import ccxt from 'ccxt';
import { proportionalFee } from '../src/core/fees.js';
import { OpportunityEngine } from '../src/engine/engine.js';
import { NdjsonSink } from '../src/app/watch/ndjson-sink.js';
import { WatchPipeline, type WatchSink } from '../src/app/watch/pipeline.js';
import type { MarketEvent } from '../src/core/types.js';
import { ccxtStream, type ProExchange } from '../src/venues/ccxt/stream.js';
import { polymarketStream } from '../src/venues/polymarket/stream.js';
import type { VenueStream } from '../src/venues/types.js';

const survival = { backoffBaseMs: 100, backoffMaxMs: 1000, noMessageMs: 30_000, connectTimeoutMs: 5000 };
const BASES = Array.from({ length: 20 }, (_, i) => `C${i}`);

async function blaster(kind: 'binance' | 'polymarket', total: number, symbols: string[]) {
  const w = new Worker(new URL('./watch-ws-blaster.mjs', import.meta.url), { workerData: { total, kind, symbols } });
  const port = await new Promise<number>((r) => w.once('message', (m) => r(m.port)));
  return { w, url: `ws://127.0.0.1:${port}` };
}

interface Run { messages: number; engineUpdates: number; seconds: number; events: number }

async function runPipeline(streams: VenueStream[], expectMessages: () => number, done: () => boolean, extra?: WatchSink): Promise<Run> {
  const engine = new OpportunityEngine({ fees: () => proportionalFee(0.0005) });
  let events = 0;
  const pipeline = new WatchPipeline({ engine, streams, rank: {}, maxAgeMs: 60_000, tickMs: 100, clock: Date.now, sinks: [new NdjsonSink((s) => void (events += s.length)), ...(extra ? [extra] : [])] });
  const running = pipeline.run();
  let t0 = 0;
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (!t0 && expectMessages() > 0) t0 = performance.now();
      if (done()) {
        clearInterval(poll);
        resolve();
      }
    }, 1);
  });
  const seconds = (performance.now() - t0) / 1000;
  const engineUpdates = pipeline.snapshot?.messages ?? 0;
  await pipeline.stop();
  await running;
  return { messages: expectMessages(), engineUpdates, seconds, events };
}

async function ccxtRun(perVenue: number): Promise<Run> {
  const symbols = BASES.map((b) => `${b}USDT`);
  const markets = Object.fromEntries(BASES.map((b) => [`${b}/USDT`, { id: `${b}USDT`, lowercaseId: `${b.toLowerCase()}usdt`, symbol: `${b}/USDT`, base: b, quote: 'USDT', baseId: b, quoteId: 'USDT', type: 'spot', spot: true, swap: false, future: false, option: false, contract: false, active: true, taker: 0.0005, maker: 0.0005, precision: { price: 0.0001, amount: 0.0001 }, limits: {} }]));
  markets['END/USDT'] = { ...markets['C0/USDT'], id: 'ENDUSDT', lowercaseId: 'endusdt', symbol: 'END/USDT', base: 'END', baseId: 'END' };
  const servers = [await blaster('binance', perVenue, symbols), await blaster('binance', perVenue, symbols)];
  let handled = 0;
  let ended = 0;
  const factory = async (id: string, options: Record<string, unknown>) => {
    const ex = new (ccxt.pro as unknown as Record<string, new (o: unknown) => ProExchange & { setMarkets(m: unknown): void }>)[id](options);
    ex.setMarkets(markets);
    const orig = ex.handleMessage.bind(ex);
    // Count every frame ccxt parsed and applied (ccxt conflates what it hands to the loop).
    ex.handleMessage = (c: unknown, m: unknown) => {
      handled++;
      if ((m as { s?: string })?.s === 'ENDUSDT') ended++;
      return orig(c, m);
    };
    return ex;
  };
  const streams = servers.map((s, i) => ccxtStream({ id: `v${i}`, spot: 'binance', defaultFees: {} }, { config: { wsUrl: s.url }, symbols: [...BASES.map((b) => `${b}/USDT`), 'END/USDT'], markets: new Set(['spot']), depth: 1, feed: 'tops', survival, now: Date.now }, factory));
  const r = await runPipeline(streams, () => handled, () => ended >= 2);
  for (const s of servers) await s.w.terminate();
  return r;
}

async function polymarketRun(perVenue: number): Promise<Run> {
  const tokens = BASES.map((b) => `tok-${b}`);
  const server = await blaster('polymarket', perVenue, tokens);
  let ended = false;
  let seen = 0;
  const stream = polymarketStream({ config: { wsUrl: server.url }, symbols: [...tokens, 'END'], markets: new Set(['binary']), depth: 10, feed: 'books', survival, now: Date.now });
  // A counting sink (on the pipeline's hot path, like the recorder's buffer push).
  const counter = {
    onMarketEvent(e: MarketEvent) {
      if (e.type !== 'quote') return;
      seen++;
      if (e.symbol === 'END' && e.bids[0]?.[0] === 0.999) ended = true;
    },
  };
  const r = await runPipeline([stream], () => seen, () => ended, counter);
  await server.w.terminate();
  return r;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
// `… watch-throughput.bench.ts polymarket` runs one part only.
const only = process.argv[2];
const c = only === 'polymarket' ? { messages: 0, seconds: 1, engineUpdates: 0, events: 0 } : await ccxtRun(300_000);
if (only !== 'polymarket') console.log(`watch ccxt.pro (binance bookTicker, 2 venues × 20 symbols): ${fmt(c.messages / c.seconds)} stream messages/s (${fmt(c.messages)} frames parsed and applied in ${c.seconds.toFixed(2)} s; ccxt conflated them into ${fmt(c.engineUpdates)} engine updates; ranking every 100 ms)`);
const p = only === 'ccxt' ? { messages: 0, seconds: 1, engineUpdates: 0, events: 0 } : await polymarketRun(400_000);
if (only !== 'ccxt') console.log(`watch polymarket (price_change frames, 20 tokens): ${fmt(p.messages / p.seconds)} stream messages/s (${fmt(p.messages)} frames → books → engine, every one, in ${p.seconds.toFixed(2)} s)`);
console.log(`target: ≥ 200,000 messages/s → ${c.messages / c.seconds >= 200_000 ? 'met' : 'NOT met'} (ccxt), ${p.messages / p.seconds >= 200_000 ? 'met' : 'NOT met'} (polymarket)`);
process.exit(0);
