// Arbitrage replay speed: 1 M recorded quotes (3 venues × 4 symbols, 5 levels a side), parsed
// once from NDJSON, then replayed through the engine and the matching engine at six latencies
// (the `--latency 0,50,100,250,500,1000ms` sweep). Target ≤ 5 s per latency.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { proportionalFee } from '../src/core/fees.js';
import type { BookLevel } from '../src/core/types.js';
import { ArbReplay } from '../src/backtest/arb-replay.js';
import { summariseArb } from '../src/backtest/arb-summary.js';
import { readNdjsonQuotes } from '../src/app/backtest-arb.js';
import { Recording } from '../src/backtest/arb-recording.js';

const N = Number(process.env.ARB_BENCH_QUOTES ?? 1_000_000);
const LATENCIES = [0, 50, 100, 250, 500, 1000];
const venues = ['binance', 'okx', 'bybit'];
const symbols = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT'];
const base = [60000, 3000, 150, 0.6];
let seed = 42;
const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const dir = mkdtempSync(join(tmpdir(), 'arblens-arb-bench-'));
const file = join(dir, 'quotes.ndjson');
const lines: string[] = [];
// A random walk per symbol; each venue quotes around it with its own noise, so books cross now
// and then (opportunities appear and vanish). One quote every 2 ms.
const mids = [...base];
for (let i = 0; i < N; i++) {
  const s = i % symbols.length;
  const v = Math.floor(i / symbols.length) % venues.length;
  mids[s] *= 1 + (rnd() - 0.5) * 2e-4;
  // ±0.15 % per venue: a few % of quotes cross the other venues by more than two taker fees.
  const m = mids[s] * (1 + (rnd() - 0.5) * 3e-3);
  const tick = base[s] * 1e-5;
  const bids: BookLevel[] = Array.from({ length: 5 }, (_, k) => [m - tick * (k + 1), 0.1 + rnd()] as const);
  const asks: BookLevel[] = Array.from({ length: 5 }, (_, k) => [m + tick * (k + 1), 0.1 + rnd()] as const);
  const t = 1.764e12 + i * 2;
  lines.push(JSON.stringify({ venue: venues[v], symbol: symbols[s], market: 'spot', bids, asks, venueTs: t, localTs: t }));
}
writeFileSync(file, lines.join('\n') + '\n');
lines.length = 0;

globalThis.gc?.();
const t0 = performance.now();
const c0 = process.cpuUsage();
// Parsed once into a Recording (columns); every latency replays it.
const quotes = new Recording();
for (const q of readNdjsonQuotes(file)) quotes.add(q);
const parseMs = performance.now() - t0;
const parseCpu = cpuMs(c0);
rmSync(dir, { recursive: true, force: true });
console.log(`arb-replay: parsed ${quotes.length.toLocaleString('en-US')} quotes from NDJSON once in ${(parseMs / 1000).toFixed(2)} s (CPU ${(parseCpu / 1000).toFixed(2)} s)`);
const fees = () => proportionalFee(0.001);
const times: number[] = [];
const cpus: number[] = [];
for (const latencyMs of LATENCIES) {
  globalThis.gc?.();
  const t = performance.now();
  const c = process.cpuUsage();
  const r = new ArbReplay({ fees, latencyMs, maxAgeMs: 30_000, minProfit: 0, balances: new Map(), defaultBalance: (_v, b, q, mid) => ({ [q]: 1e6, [b]: 1e6 / mid }) });
  for (const q of quotes.events()) if (q.type === 'quote') r.push(q);
  const s = summariseArb(r.finish(), latencyMs);
  const ms = performance.now() - t;
  const cpu = cpuMs(c);
  times.push(ms);
  cpus.push(cpu);
  console.log(`  latency ${String(latencyMs).padStart(4)} ms: ${(ms / 1000).toFixed(2)} s, CPU ${(cpu / 1000).toFixed(2)} s (${Math.round(quotes.length / (ms / 1000)).toLocaleString('en-US')} quotes/s), ${s.opportunitiesActedOn} acted on, caught ${s.caughtPct.toFixed(1)} %, capture ${s.captureRatePct === null ? '—' : s.captureRatePct.toFixed(1)} %, realised ${s.realisedProfit.toFixed(2)}`);
}
// CPU time beside wall time: on a shared machine the wall clock also counts other processes.
function cpuMs(from: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
}
console.log(`arb-replay: slowest latency ${(Math.max(...times) / 1000).toFixed(2)} s (CPU ${(Math.max(...cpus) / 1000).toFixed(2)} s) per ${quotes.length.toLocaleString('en-US')} quotes (target ≤ 5 s); six-latency sweep ${((parseMs + times.reduce((a, b) => a + b, 0)) / 1000).toFixed(2)} s with one parse`);
