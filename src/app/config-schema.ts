import { didYouMean } from '../core/suggest.js';

/**
 * The config file's schema, checked when the file is read (before any network call): types,
 * ranges, and unknown keys named with a suggestion. A fee outside [0, 0.1] is an error — a
 * negative taker fee once ranked a fake +64,294 USDT basis, a non-numeric one ranked
 * `netProfit: null` first. Each problem is `<path>: <what> — <fix>`.
 */

type Check = (v: unknown) => string | undefined;

const FEE_FIX = 'use a fraction in [0, 0.1], e.g. 0.001 for 0.1 %';
const fee: Check = (v) => (typeof v !== 'number' || !Number.isFinite(v) ? `${show(v)} is not a number — ${FEE_FIX}` : v < 0 || v > 0.1 ? `${v} is outside [0, 0.1] — ${FEE_FIX}` : undefined);
const text: Check = (v) => (typeof v === 'string' && v.trim() !== '' ? undefined : `${show(v)} is not a non-empty string — quote the value, e.g. "abc123"`);
const url: Check = (v) => {
  if (typeof v !== 'string') return `${show(v)} is not a URL — use e.g. "https://proxy.example/binance"`;
  try {
    const u = new URL(v);
    return /^(https?|wss?):$/.test(u.protocol) ? undefined : `'${v}' is not an http(s) or ws(s) URL — use e.g. "https://proxy.example/binance"`;
  } catch {
    return `'${v}' is not a URL — use e.g. "https://proxy.example/binance"`;
  }
};
const bool: Check = (v) => (typeof v === 'boolean' ? undefined : `${show(v)} is not true or false — write true or false without quotes`);
const positiveInt: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 1_000_000 ? undefined : `${show(v)} is not a whole number from 1 to 1000000 — use e.g. 500`);
const object: Check = (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : `${show(v)} is not an object — use {"key": value}`);

/** Keys of `venues.<id>`, and what each must be. */
const VENUE_KEYS: Readonly<Record<string, Check>> = {
  url,
  wsUrl: url,
  taker: fee,
  maker: fee,
  feeRate: fee,
  apiKey: text,
  secret: text,
  password: text,
  appKey: text,
  session: text,
  filter: object,
  maxMarkets: positiveInt,
  verbose: bool,
};

const KEEPA_KEYS: Readonly<Record<string, Check>> = { key: text, url };

const TOP_KEYS = ['$schema', 'venues', 'defaults', 'keepa'];

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? s.slice(0, 37) + '…' : s;
}

function unknownKey(path: string, key: string, known: readonly string[]): string {
  const guess = didYouMean(key, known);
  return `${path ? path + '.' : ''}${key}: unknown key — ${guess ? `did you mean '${guess}'?` : `allowed: ${known.join(', ')}`}`;
}

function checkKeys(path: string, obj: Record<string, unknown>, keys: Readonly<Record<string, Check>>, out: string[]): void {
  for (const [k, v] of Object.entries(obj)) {
    const check = keys[k];
    if (!check) out.push(unknownKey(path, k, Object.keys(keys)));
    else {
      const problem = check(v);
      if (problem) out.push(`${path}.${k}: ${problem}`);
    }
  }
}

/** Every problem of a parsed config file, in file order; empty when it is valid. `venues` are the known venue ids. */
export function configProblems(cfg: unknown, venues: readonly string[]): string[] {
  const out: string[] = [];
  if (object(cfg)) return ['the file is not a JSON object — write {"venues": {…}}'];
  for (const [k, v] of Object.entries(cfg as Record<string, unknown>)) {
    if (!TOP_KEYS.includes(k)) {
      out.push(unknownKey('', k, TOP_KEYS));
      continue;
    }
    if (k === '$schema') continue;
    const problem = object(v);
    if (problem) {
      out.push(`${k}: ${problem}`);
      continue;
    }
    if (k === 'keepa') checkKeys('keepa', v as Record<string, unknown>, KEEPA_KEYS, out);
    if (k === 'venues') {
      for (const [id, vc] of Object.entries(v as Record<string, unknown>)) {
        if (!venues.includes(id)) {
          const guess = didYouMean(id, venues);
          out.push(`venues.${id}: unknown venue — ${guess ? `did you mean '${guess}'?` : 'run `arblens venues` for the list'}`);
          continue;
        }
        const p = object(vc);
        if (p) out.push(`venues.${id}: ${p}`);
        else checkKeys(`venues.${id}`, vc as Record<string, unknown>, VENUE_KEYS, out);
      }
    }
  }
  return out;
}
