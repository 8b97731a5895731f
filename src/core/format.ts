/** Number formatting for every table (scan's and the TUI's): fixed decimals so rows line up and frames do not jitter. */

export function fmtPrice(x: number): string {
  if (!Number.isFinite(x)) return '-';
  const digits = x >= 1000 ? 2 : x >= 1 ? 4 : 6;
  return x.toFixed(digits);
}

/** Fixed decimals with thousands separators (toLocaleString is ~50× slower; this runs per cell per frame). */
export function fmtNum(x: number, digits: number): string {
  if (!Number.isFinite(x)) return '-';
  const s = Math.abs(x).toFixed(digits);
  const dot = s.indexOf('.');
  const int = dot < 0 ? s : s.slice(0, dot);
  let out = '';
  for (let i = 0; i < int.length; i++) {
    if (i > 0 && (int.length - i) % 3 === 0) out += ',';
    out += int[i];
  }
  return (x < 0 && Number(s) !== 0 ? '-' : '') + out + (dot < 0 ? '' : s.slice(dot));
}

/**
 * A money amount with the decimals its size needs: 5,800.00 · 12.34 · 0.004900 — so 0.0049 BTC
 * never prints as "0.00".
 */
export function fmtMoney(x: number): string {
  if (!Number.isFinite(x)) return '-';
  const a = Math.abs(x);
  return fmtNum(x, a >= 1 || a === 0 ? 2 : a >= 0.01 ? 4 : 6);
}

/** Net profit as a table cell: in the valuation currency, with the native figure beside it when they differ. */
export function fmtProfit(o: { netProfit: number; quote: string; netProfitValue?: unknown; valueCurrency?: unknown }): string {
  const native = `${fmtMoney(o.netProfit)} ${o.quote}`;
  if (typeof o.netProfitValue !== 'number' || o.valueCurrency === o.quote) return native;
  const valued = `${fmtMoney(o.netProfitValue)} ${String(o.valueCurrency)}`;
  // Dollar stablecoins at par read the same in USD: show one figure.
  return Math.abs(o.netProfitValue - o.netProfit) < 1e-9 * Math.max(1, Math.abs(o.netProfit)) ? native : `${valued} (${native})`;
}

/** 950 → "950ms", 12_300 → "12.3s", 754_000 → "12m34s", 4h → "4h00m". */
export function fmtAge(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;
  return `${Math.floor(ms / 3_600_000)}h${String(Math.floor((ms % 3_600_000) / 60_000)).padStart(2, '0')}m`;
}

export function fmtRate(perSec: number): string {
  if (perSec >= 10_000) return `${(perSec / 1000).toFixed(0)}k`;
  if (perSec >= 1000) return `${(perSec / 1000).toFixed(1)}k`;
  return perSec.toFixed(perSec < 10 ? 1 : 0);
}

export function fmtClock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19) + 'Z';
}

/** Pads or truncates to exactly `w` characters (… marks a cut). */
export function cell(s: string, w: number, align: 'left' | 'right' = 'left'): string {
  if (s.length > w) return w <= 1 ? s.slice(0, w) : s.slice(0, w - 1) + '…';
  return align === 'left' ? s.padEnd(w) : s.padStart(w);
}

/** Base-unit sizes: 0.1234, 12.35, 12.3k, 3.47M — short enough for a fixed column. */
export function fmtSize(x: number): string {
  if (!Number.isFinite(x)) return '-';
  const a = Math.abs(x);
  if (a >= 1e9) return (x / 1e9).toFixed(2) + 'G';
  if (a >= 1e6) return (x / 1e6).toFixed(2) + 'M';
  if (a >= 1e4) return (x / 1e3).toFixed(1) + 'k';
  if (a >= 100) return x.toFixed(1);
  return x.toFixed(4);
}

/** Compact amounts for narrow cells: 950.00 · 12.3k · 3.47M — money columns of the tables. */
export function fmtCompact(x: number): string {
  if (!Number.isFinite(x)) return '-';
  const a = Math.abs(x);
  if (a >= 1e9) return (x / 1e9).toFixed(2) + 'G';
  if (a >= 1e6) return (x / 1e6).toFixed(2) + 'M';
  if (a >= 1e4) return (x / 1e3).toFixed(1) + 'k';
  return fmtMoney(x);
}

/** Percent with a sign only when negative, fixed decimals: 0.125 → "0.125". */
export function fmtPct(x: number, digits = 3): string {
  return fmtNum(x, digits);
}
