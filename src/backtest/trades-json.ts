/**
 * The `--json` trade list. A year of minute bars makes 10,000+ trades: sending them through
 * tidyDeep and JSON.stringify as objects took a third of the command's time, and the objects were
 * most of what the collector copied. Here the indented text is written straight from the trade
 * columns — the same text JSON.stringify(tidyDeep(…), null, 2) gives (same keys and order,
 * numbers trimmed by `tidy`, non-finite numbers null), with no object per trade.
 */
import { tidy } from '../core/json.js';
import type { Trade, TradeColumns } from './types.js';

/** ISO times for many nearby timestamps: the date part is formatted once per UTC day. */
let lastDay = NaN;
let dayText = '';
/** "HH:MM" of each minute of the day, made on first use. */
let MINUTES: string[] | undefined;
const pad = (x: number, w: number) => String(x).padStart(w, '0');
function iso(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  // Outside years 1970–9999, or fractional ms: the platform's own formatter.
  if (!(day >= 0 && day <= 2_932_896) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  if (day !== lastDay) (lastDay = day), (dayText = new Date(day * 86_400_000).toISOString().slice(0, 11));
  MINUTES ??= Array.from({ length: 1440 }, (_, m) => `${pad(Math.floor(m / 60), 2)}:${pad(m % 60, 2)}`);
  const inDay = ms - day * 86_400_000;
  const rest = inDay % 60_000;
  // Bars on whole minutes (the usual case) need no seconds or milliseconds formatted.
  const tail = rest === 0 ? ':00.000Z' : `:${pad(Math.floor(rest / 1000), 2)}.${pad(rest % 1000, 3)}Z`;
  return dayText + MINUTES[Math.floor(inDay / 60_000)] + tail;
}

/** JSON text of a number as tidyDeep + JSON.stringify write it (non-finite → null). */
const numText = (x: number) => (Number.isFinite(x) ? String(tidy(x)) : 'null');

/** Trade objects as columns (the engine's trades are columns already: BacktestResult.tradeColumns). */
export function tradeColumnsOf(trades: readonly Trade[]): TradeColumns {
  const col = (f: (t: Trade) => number) => Float64Array.from(trades, f);
  return {
    long: col((t) => (t.side === 'long' ? 1 : 0)),
    size: col((t) => t.size),
    entryBar: col((t) => t.entryBar),
    exitBar: col((t) => t.exitBar),
    entryTs: col((t) => t.entryTs),
    exitTs: col((t) => t.exitTs),
    entryPrice: col((t) => t.entryPrice),
    exitPrice: col((t) => t.exitPrice),
    pnl: col((t) => t.pnl),
    returnPct: col((t) => t.returnPct),
    commission: col((t) => t.commission),
    closedAtEnd: col((t) => (t.closedAtEnd ? 1 : 0)),
  };
}

/**
 * The trade list's text exactly as `JSON.stringify(tradesForJson(trades), null, 2)` lays it out
 * when the list is a property at depth 1 (the CLI's `--json` record): `[]` when empty, else one
 * object per trade, keys in the same order, 4 and 6 spaces of indentation.
 */
export function tradesJsonText(trades: TradeColumns): string {
  return [...tradesJsonChunks(trades)].join('');
}

/**
 * The same text in pieces of `per` trades, each a flat string, for writing as they are made —
 * read straight from the columns, with no object per trade: held all at once, the ~30 string
 * pieces of each trade outlived several collections and were copied by each.
 */
export function* tradesJsonChunks(t: TradeColumns, per = 256): Generator<string> {
  const n = t.pnl.length;
  if (n === 0) {
    yield '[]';
    return;
  }
  for (let a = 0; a < n; a += per) {
    const b = Math.min(n, a + per);
    const parts: string[] = new Array(b - a);
    for (let k = a; k < b; k++) parts[k - a] = tradeText(t, k);
    const body = parts.join(',\n');
    yield (a === 0 ? '[\n' : ',\n') + body + (b === n ? '\n  ]' : '');
  }
}

function tradeText(t: TradeColumns, k: number): string {
  return (
    '    {\n      "side": "' + (t.long[k] ? 'long' : 'short') +
    '",\n      "size": ' + numText(t.size[k]) +
    ',\n      "entryBar": ' + numText(t.entryBar[k]) +
    ',\n      "exitBar": ' + numText(t.exitBar[k]) +
    ',\n      "entryTs": ' + numText(t.entryTs[k]) +
    ',\n      "exitTs": ' + numText(t.exitTs[k]) +
    ',\n      "entryPrice": ' + numText(t.entryPrice[k]) +
    ',\n      "exitPrice": ' + numText(t.exitPrice[k]) +
    ',\n      "pnl": ' + numText(t.pnl[k]) +
    ',\n      "returnPct": ' + numText(t.returnPct[k]) +
    ',\n      "commission": ' + numText(t.commission[k]) +
    ',\n      "closedAtEnd": ' + (t.closedAtEnd[k] ? 'true' : 'false') +
    ',\n      "entryTime": "' + iso(t.entryTs[k]) +
    '",\n      "exitTime": "' + iso(t.exitTs[k]) +
    '"\n    }'
  );
}
