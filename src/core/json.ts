const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * Numbers in JSON stay numbers; this trims float noise (0.1 + 0.2) without losing precision that
 * matters: `Number(x.toPrecision(12))`, the 12-significant-digit value.
 *
 * It runs on every number of every NDJSON line, bus message and trade list, so the common case
 * avoids the string round trip: with 10^e ≤ |x| < 10^(e+1) and k = 11 − e in 0..22, y = |x|·10^k
 * lies in [10^11, 10^12) and is off the exact product by at most 1.2·10^-4 (one rounding of a
 * number below 2^40), so Math.round(y) is toPrecision's digit string unless y's fraction is
 * within that of ½ — then, and for exponents outside the table, the string path decides.
 * Integer ÷ exact power of ten rounds once, as Number() of the digits does (Clinger's fast
 * path), so both give the same double (test/unit/core/tidy.test.ts checks millions of values).
 */
export function tidy(x: number): number {
  if (!Number.isFinite(x) || Number.isInteger(x)) return x;
  const a = x < 0 ? -x : x;
  const k = 11 - Math.floor(Math.log10(a));
  if (k >= 0 && k <= 22) {
    const y = a * POW10[k];
    const f = y - Math.floor(y);
    if (y >= 1e11 && y < 1e12 && (f < 0.499 || f > 0.501)) {
      const r = Math.round(y) / POW10[k];
      return x < 0 ? -r : r;
    }
  }
  return Number(x.toPrecision(12));
}

/** `tidy` on every number of a JSON-like value; undefined fields are left out. */
export function tidyDeep<T>(v: T): T {
  if (typeof v === 'number') return tidy(v) as T;
  if (v === null || typeof v !== 'object') return v;
  // Plain loops, no Object.entries arrays: this runs on every NDJSON line and bus message.
  if (Array.isArray(v)) {
    const arr = new Array(v.length);
    for (let i = 0; i < v.length; i++) arr[i] = tidyDeep(v[i]);
    return arr as T;
  }
  const out: Record<string, unknown> = {};
  const src = v as Record<string, unknown>;
  for (const k in src) {
    const x = src[k];
    if (x !== undefined) out[k] = tidyDeep(x);
  }
  return out as T;
}

/** A payload number given as number or decimal string; undefined for anything else (NaN, '', null). */
export function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}
