// Engine throughput and latency: top-of-book updates over 11 venues × 500 symbols, each update
// recomputing only its own instrument's pairs. Two regimes: a quiet market (venues agree within
// ±3 bps: almost nothing pays after 5 bps fees a side — the usual state) and a busy one (±8 bps:
// thousands of pairs pay, every update walks books). Prints updates/s and update→ranked latency.
import { OpportunityEngine } from '../src/engine/engine.js';
import { proportionalFee } from '../src/core/fees.js';
import type { Quote } from '../src/core/types.js';

const VENUES = 11;
const SYMBOLS = 500;
const UPDATES = 3_000_000;
const RING = 1 << 18;

function scenario(label: string, disagreement: number): void {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const venues = Array.from({ length: VENUES }, (_, i) => `v${i}`);
  const symbols = Array.from({ length: SYMBOLS }, (_, i) => `S${i}/USDT`);
  const mids = symbols.map(() => 1 + rnd() * 1000);
  // Pre-built ring of quotes (a parser allocates one object per message too; here we time the engine).
  const ring: Quote[] = new Array(RING);
  for (let i = 0; i < RING; i++) {
    const s = Math.floor(rnd() * SYMBOLS);
    const v = Math.floor(rnd() * VENUES);
    mids[s] *= 1 + (rnd() - 0.5) * 0.00002;
    const mid = mids[s] * (1 + (rnd() - 0.5) * disagreement);
    const half = mid * 0.00005;
    ring[i] = { type: 'quote', venue: venues[v], symbol: symbols[s], market: 'spot', bids: [[mid - half, 1 + rnd() * 5]], asks: [[mid + half, 1 + rnd() * 5]], venueTs: i, localTs: i };
  }
  const engine = new OpportunityEngine({ fees: () => proportionalFee(0.0005) });
  for (let i = 0; i < RING; i++) engine.update(ring[i], i); // every instrument known, JIT settled

  const t = process.hrtime.bigint();
  for (let i = 0; i < UPDATES; i++) engine.update(ring[i & (RING - 1)], RING + i);
  const rate = UPDATES / (Number(process.hrtime.bigint() - t) / 1e9);

  // Latency: one update followed by the ranked top 20, as watch asks for it.
  const samples = 100_000;
  const lat = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const q = ring[(i * 7919) & (RING - 1)];
    const t0 = process.hrtime.bigint();
    engine.update(q, 1e9 + i);
    engine.ranked(1e9 + i, { top: 20 });
    lat[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  lat.sort();
  const pct = (p: number) => lat[Math.min(samples - 1, Math.floor(samples * p))];
  console.log(`engine (${label}, ${engine.liveCount} live opportunities): ${Math.round(rate).toLocaleString('en-US')} top-of-book updates/s over ${VENUES} venues × ${SYMBOLS} symbols; update→ranked top 20 p50 ${pct(0.5).toFixed(1)} µs, p99 ${pct(0.99).toFixed(1)} µs`);
}

scenario('quiet market, venues within ±3 bps', 0.0006);
scenario('busy market, venues within ±8 bps', 0.0016);
