/** Numbers in JSON stay numbers; this trims float noise (0.1 + 0.2) without losing precision that matters. */
export function tidy(x: number): number {
  return Number.isFinite(x) && !Number.isInteger(x) ? Number(x.toPrecision(12)) : x;
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
