// Cross-venue matching speed: 5,000 × 5,000 synthetic markets (two phrasings of overlapping
// question templates: crypto thresholds, elections, sports, macro indicators, with generated
// names), close dates spread over two years. Target: ≤ 2 s. Prints the time and what came out.
import { suggestMatches } from '../src/engine/match.js';
import type { PredictionMarket } from '../src/core/prediction.js';

const N = 5_000;
let seed = 11;
const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const SYL = ['ka', 'lo', 'mi', 'ran', 'tes', 'vor', 'del', 'sun', 'bri', 'gan', 'hol', 'zen', 'par', 'qui', 'mar', 'ton', 'wel', 'fis', 'jor', 'nek'];
const name = () => { const w = () => { const s = pick(SYL) + pick(SYL) + (rnd() < 0.5 ? pick(SYL) : ''); return s[0].toUpperCase() + s.slice(1); }; return `${w()} ${w()}`; };
const ASSETS = Array.from({ length: 60 }, () => name().split(' ')[0]);
const PEOPLE = Array.from({ length: 600 }, name);
const TEAMS = Array.from({ length: 300 }, () => `${name().split(' ')[0]} ${pick(['United', 'City', 'Rovers', 'Tigers', 'Hawks', 'Giants'])}`);
const OFFICES = ['presidential', 'senate', 'governor', 'mayoral', 'parliamentary'];
const PLACES = Array.from({ length: 80 }, () => name().split(' ')[1]);
const INDICATORS = ['unemployment rate', 'CPI inflation', 'GDP growth', 'core PCE', 'mortgage rate'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const START = Date.UTC(2026, 0, 1);

interface Spec { kind: number; a: string; b: string; n: number; m: number; d: number; y: number; close: number }
function spec(): Spec {
  const close = START + Math.floor(rnd() * 730) * 86_400_000;
  const dt = new Date(close);
  return { kind: Math.floor(rnd() * 4), a: '', b: '', n: Math.round(rnd() * 200) * 500, m: dt.getUTCMonth(), d: dt.getUTCDate(), y: dt.getUTCFullYear(), close };
}
function phrase(s: Spec, style: 0 | 1, who: string, where: string): string {
  const mon = MONTHS[s.m];
  switch (s.kind) {
    case 0: return style ? `${who.split(' ')[0]} above $${s.n.toLocaleString('en-US')} on ${mon.slice(0, 3)} ${s.d}, ${s.y}?` : `Will ${who.split(' ')[0]} reach $${s.n.toLocaleString('en-US')} by ${mon} ${s.d}, ${s.y}?`;
    case 1: return style ? `${where} ${s.y} ${pick(OFFICES)} election winner: ${who}` : `Will ${who} win the ${s.y} ${where} election?`;
    case 2: return style ? `${who} to win the ${where} Cup ${s.y}?` : `Will ${who} win the ${s.y} ${where} Cup?`;
    default: return style ? `${pick(INDICATORS)} above ${(s.n / 10000).toFixed(1)}% in ${mon} ${s.y}?` : `Will the ${pick(INDICATORS)} be above ${(s.n / 10000).toFixed(1)}% in ${mon} ${s.y}?`;
  }
}
const A: PredictionMarket[] = [];
const B: PredictionMarket[] = [];
const mk = (venue: string, i: number, q: string, close: number): PredictionMarket => ({ venue, id: `${venue[0]}${i}`, question: q, yesLabel: 'Yes', noLabel: 'No', currency: 'USD', closeTs: close });
for (let i = 0; i < N; i++) {
  const s = spec();
  const who = s.kind === 0 ? pick(ASSETS) : s.kind === 2 ? pick(TEAMS) : pick(PEOPLE);
  const where = pick(PLACES);
  A.push(mk('polymarket', i, phrase(s, 0, who, where), s.close));
  // A third of B are the same events phrased the other way (close a day apart); the rest are new.
  if (rnd() < 0.33) B.push(mk('kalshi', i, phrase(s, 1, who, where), s.close + 86_400_000));
  else {
    const t = spec();
    B.push(mk('kalshi', i, phrase(t, 1, t.kind === 0 ? pick(ASSETS) : t.kind === 2 ? pick(TEAMS) : pick(PEOPLE), pick(PLACES)), t.close));
  }
}

suggestMatches(A.slice(0, 300), B.slice(0, 300)); // warm-up
const times: number[] = [];
let count = 0;
for (let r = 0; r < 3; r++) {
  const t0 = process.hrtime.bigint();
  count = suggestMatches(A, B, { minScore: 0.5 }).length;
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
times.sort((x, y) => x - y);
console.log(`match: ${N.toLocaleString('en-US')} × ${N.toLocaleString('en-US')} markets in ${Math.round(times[0]).toLocaleString('en-US')} ms (best of 3, median ${Math.round(times[1]).toLocaleString('en-US')} ms; target ≤ 2,000 ms) → ${count.toLocaleString('en-US')} suggestions ≥ 0.5`);
