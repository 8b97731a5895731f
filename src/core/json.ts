/** Numbers in JSON stay numbers; this trims float noise (0.1 + 0.2) without losing precision that matters. */
export function tidy(x: number): number {
  return Number.isFinite(x) && !Number.isInteger(x) ? Number(x.toPrecision(12)) : x;
}

/** `tidy` on every number of a JSON-like value; undefined fields are left out. */
export function tidyDeep<T>(v: T): T {
  if (typeof v === 'number') return tidy(v) as T;
  if (Array.isArray(v)) return v.map(tidyDeep) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = tidyDeep(x);
    return out as T;
  }
  return v;
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
