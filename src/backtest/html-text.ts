/** Text helpers shared by the self-contained HTML reports (backtest and arbitrage replay). */

/** A figure for a person: thousands separators, decimals by magnitude; non-finite as given. */
export function fmt(v: number, nonFinite?: string): string {
  if (!Number.isFinite(v)) return nonFinite ?? String(v);
  const a = Math.abs(v);
  return v.toLocaleString('en-US', { maximumFractionDigits: a >= 1000 ? 0 : a >= 1 ? 2 : 6 });
}

/** ISO-8601 UTC, without milliseconds when they are zero. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Escapes text for HTML content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
