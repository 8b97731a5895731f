import type { Opportunity } from '../core/types.js';
import { COLUMNS, chooseColumns, headerLine, rowSegs } from '../tui/columns.js';

/** How `scan` prints: a terminal table, plain aligned text, TSV for cut/awk, or JSON. */
export const SCAN_FORMATS = ['table', 'plain', 'tsv', 'json', 'ndjson'] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];

/** The watch table's columns, minus lifetime (a scan is one snapshot): one formatter for both screens. */
const SCAN_COLUMNS = COLUMNS.filter((c) => c.id !== 'life');
const ANSI: Record<string, string> = { green: '\x1b[32m', red: '\x1b[31m', yellow: '\x1b[33m' };

/**
 * Aligned columns chosen for `width` (same priorities as `watch`: net profit first), no box
 * and no line between rows. `table` adds a bold header, a rule and colour (when `color`);
 * `plain` is the same text without them.
 */
export function scanTable(opps: readonly Opportunity[], width: number, o: { color: boolean; rule: boolean }): string {
  const tracked = opps.map((opp) => ({ opp, firstSeenMs: opp.tsMs, lifetimeMs: 0, updates: 0 }));
  const cols = chooseColumns(width, tracked, SCAN_COLUMNS);
  const head = headerLine(cols);
  const out = [o.color ? `\x1b[1m${head}\x1b[22m` : head];
  if (o.rule) out.push('─'.repeat(Math.min(width, head.length)));
  tracked.forEach((t, i) => {
    const segs = rowSegs(t, i, cols);
    out.push(
      segs
        .map((s) => (o.color && s.color && ANSI[s.color] ? `${ANSI[s.color]}${s.text}\x1b[39m` : s.text))
        .join('')
        .trimEnd(),
    );
  });
  return out.join('\n');
}

/** One line per opportunity, tab-separated raw values (no thousands separators): for cut, awk, sort. */
export function scanTsv(opps: readonly Opportunity[]): string {
  const head = ['rank', 'kind', 'symbol', 'buyVenue', 'buyMarket', 'buyVwap', 'sellVenue', 'sellMarket', 'sellVwap', 'size', 'quote', 'grossSpreadPct', 'netSpreadPct', 'netProfit', 'netProfitValue', 'valueCurrency', 'ageMs', 'id'];
  const clean = (v: unknown) => (v === undefined || v === null ? '' : String(v).replace(/[\t\n]/g, ' '));
  const rows = opps.map((o, i) => {
    const buy = o.legs.find((l) => l.side === 'buy');
    const sell = o.legs.find((l) => l.side === 'sell');
    return [i + 1, o.kind, o.symbol, buy?.venue, buy?.market, buy?.vwap, sell?.venue, sell?.market, sell?.vwap, o.size, o.quote, o.grossSpreadPct, o.netSpreadPct, o.netProfit, o.netProfitValue, o.valueCurrency, o.ageMs, o.id].map(clean).join('\t');
  });
  return [head.join('\t'), ...rows].join('\n');
}

/** "binance timeout, okx 503": why each venue failed, in a word or a status code. */
export function shortReason(error: string): string {
  if (/time(d)?\s?out|ETIMEDOUT|deadline/i.test(error)) return 'timeout';
  const status = /\b(?:HTTP |status |code )?([45]\d\d)\b/.exec(error);
  if (status) return status[1];
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/.test(error)) return 'DNS lookup failed';
  if (/ECONNREFUSED/.test(error)) return 'connection refused';
  if (/ECONNRESET|socket hang up/i.test(error)) return 'connection reset';
  return error.length > 40 ? error.slice(0, 39) + '…' : error;
}
