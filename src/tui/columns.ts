import type { Opportunity, OpportunityLeg } from '../core/types.js';
import type { TrackedOpportunity } from '../engine/live-ranker.js';
import { cell, fmtAge, fmtCompact, fmtMoney, fmtNum, fmtPrice, fmtProfit, fmtSize } from '../core/format.js';

/**
 * The watch table's columns and how they are chosen for a terminal width. Pure: no Ink, so the
 * choice is tested at every width without a terminal.
 */

/** One piece of a rendered cell: text plus an optional colour name (Ink / chalk). */
export interface Seg {
  readonly text: string;
  readonly color?: string;
}

export interface Column {
  readonly id: string;
  readonly title: string;
  /** Widths from the full form to the most abbreviated one; the first that fits is used. */
  readonly widths: readonly number[];
  readonly align: 'left' | 'right';
  /** Lower is more important: columns are admitted in this order while they fit. */
  readonly priority: number;
  /** Extras for wide terminals (fees, gross): admitted only if nothing must be abbreviated for them. */
  readonly extra?: boolean;
  /** Takes the width left over once every admitted column is placed (up to `grow`). */
  readonly grow?: number;
  /** Width of the full form for these rows: the full width shrinks to it (never under the title). */
  readonly measure?: (rows: readonly TrackedOpportunity[]) => number;
  /** Whether the column applies to these rows at all (prediction columns only with binaries). */
  readonly when?: (rows: readonly Opportunity[]) => boolean;
  /** Cell text for a width (abbreviated forms for narrow widths) and its colour. */
  render(t: TrackedOpportunity, width: number): Seg;
}

export interface Placed {
  readonly col: Column;
  readonly width: number;
}

const BINARY = new Set(['binary-complement', 'binary-intra', 'multi-outcome']);
export const isBinary = (o: Opportunity) => BINARY.has(o.kind);
const isSet = (o: Opportunity) => o.legs.length > 1 && o.legs.every((x) => x.side === 'buy');

const KIND_SHORT: Record<string, string> = {
  'cross-spot': 'x-spot',
  'cross-perp': 'x-perp',
  basis: 'basis',
  funding: 'fund',
  'binary-complement': 'bin-cmp',
  'binary-intra': 'bin-in',
  'multi-outcome': 'multi',
};

const VENUE_SHORT: Record<string, string> = { binance: 'bnc', bybit: 'byb', kraken: 'krk', coinbase: 'cb', polymarket: 'poly', kalshi: 'kal', bitmex: 'bmx', betfair: 'bf', manifold: 'mf', gateio: 'gate', kucoin: 'kuc', bitget: 'bgt', coindcx: 'dcx' };

/** binance → bnc, okx → okx: venues abbreviated before a column is dropped. */
export function shortVenue(v: string): string {
  return VENUE_SHORT[v] ?? (v.length <= 4 ? v : v.slice(0, 4));
}

/** Spot or perp, read from the leg's market (a unified perp has a settle currency after ':'). */
export function legMarket(l: OpportunityLeg): 'spot' | 'perp' | undefined {
  if (!l.market.includes('/')) return undefined;
  return l.market.includes(':') ? 'perp' : 'spot';
}

/** BTC/USDT:USDT → BTC/USDT-P when short; prediction rows show their question instead. */
export function rowSymbol(o: Opportunity, short: boolean): string {
  const q = typeof o.question === 'string' ? o.question : typeof o.event === 'string' ? o.event : undefined;
  const base = isBinary(o) && q ? q : o.symbol;
  if (!short) return base;
  const m = /^([^/]+)\/([^:]+)(?::.+)?$/.exec(base);
  return m && !isBinary(o) ? (base.includes(':') ? `${m[1]}-P` : m[1]) : base;
}

/** "buy okx spot @ 100.50": venue, which market, VWAP; short form "okx·S 100.50". */
function legText(l: OpportunityLeg | undefined, short: boolean): string {
  if (!l) return '';
  const m = legMarket(l);
  if (short) return `${shortVenue(l.venue)}${m ? (m === 'perp' ? '·P' : '·S') : ''} ${fmtPrice(l.vwap)}`;
  return `${l.venue}${m ? ' ' + m : ''} @ ${fmtPrice(l.vwap)}`;
}

/** The full leg text when it fits the width, else the abbreviated one. */
function fitLeg(l: OpportunityLeg | undefined, w: number): string {
  const full = legText(l, false);
  return full.length <= w ? full : legText(l, true);
}

/** A binary set's legs in one cell: "kal YES 0.41 + poly NO 0.55". */
function setText(o: Opportunity, short: boolean): string {
  return o.legs
    .map((l) => {
      const out = typeof (l as { outcome?: unknown }).outcome === 'string' ? String((l as { outcome?: unknown }).outcome) : '';
      return `${short ? shortVenue(l.venue) : l.venue} ${out ? out + ' ' : ''}${fmtNum(l.vwap, 3)}`;
    })
    .join(' + ');
}

/** Buy notional (size × buy VWAP, or a binary set's cost) in the valuation currency when a rate is known. */
export function notional(o: Opportunity): { value: number; currency: string } {
  const buy = o.legs.find((l) => l.side === 'buy');
  const native = typeof o.cost === 'number' ? o.cost : isSet(o) ? o.legs.reduce((s, l) => s + l.vwap * l.size, 0) : o.size * (buy?.vwap ?? 0);
  if (typeof o.valuationRate === 'number' && typeof o.valueCurrency === 'string') return { value: native * o.valuationRate, currency: o.valueCurrency };
  return { value: native, currency: o.quote };
}

/** Net profit in the valuation currency only (the narrow form of fmtProfit). */
function profitShort(o: Opportunity): string {
  return typeof o.netProfitValue === 'number' && typeof o.valueCurrency === 'string' ? `${fmtMoney(o.netProfitValue)} ${o.valueCurrency}` : `${fmtMoney(o.netProfit)} ${o.quote}`;
}

const fees = (o: Opportunity) => (typeof o.fees === 'number' ? o.fees : o.legs.reduce((s, l) => s + l.fee, 0));
const signColor = (x: number) => (x > 0 ? 'green' : x < 0 ? 'red' : undefined);
const FLAG_SHORT: Record<string, string> = { 'resolution-gap': 'gap', 'unconfirmed-match': 'unconf', 'close-date-unknown': 'no-date' };

/** Every column the watch table knows, in display order. */
export const COLUMNS: readonly Column[] = [
  {
    id: 'kind',
    title: 'kind',
    widths: [17, 7],
    align: 'left',
    priority: 3,
    measure: (rows) => Math.max(0, ...rows.map((t) => t.opp.kind.length)),
    render: (t, w) => ({ text: t.opp.kind.length <= w ? t.opp.kind : KIND_SHORT[t.opp.kind] ?? t.opp.kind }),
  },
  {
    id: 'symbol',
    title: 'symbol',
    widths: [40, 16, 10],
    grow: 24,
    align: 'left',
    priority: 3,
    measure: (rows) => Math.max(0, ...rows.map((t) => (Array.isArray(t.opp.sharesDepthWith) ? 2 : 0) + rowSymbol(t.opp, false).length)),
    // ⇄: this row takes from book levels another row also counts on (see sharesDepthWith). The
    // marker goes first, so no truncation can cut it.
    render: (t, w) => {
      const mark = Array.isArray(t.opp.sharesDepthWith) ? '⇄ ' : '';
      const full = mark + rowSymbol(t.opp, false);
      return { text: full.length <= w ? full : mark + rowSymbol(t.opp, true) };
    },
  },
  {
    id: 'buy',
    title: 'buy leg @ vwap',
    widths: [44, 17],
    measure: (rows) => Math.max(0, ...rows.map((t) => (isSet(t.opp) ? setText(t.opp, false) : legText(t.opp.legs.find((l) => l.side === 'buy'), false)).length)),
    grow: 8,
    align: 'left',
    priority: 4,
    render: (t, w) => ({ text: isSet(t.opp) ? setText(t.opp, w < setText(t.opp, false).length) : fitLeg(t.opp.legs.find((l) => l.side === 'buy'), w) }),
  },
  {
    id: 'sell',
    title: 'sell leg @ vwap',
    widths: [28, 17],
    measure: (rows) => Math.max(0, ...rows.map((t) => (isSet(t.opp) ? `→ pays ${fmtNum(t.opp.size, 0)} ${t.opp.quote}` : legText(t.opp.legs.find((l) => l.side === 'sell'), false)).length)),
    grow: 8,
    align: 'left',
    priority: 4,
    render: (t, w) => ({ text: isSet(t.opp) ? `→ pays ${fmtNum(t.opp.size, 0)} ${t.opp.quote}` : fitLeg(t.opp.legs.find((l) => l.side === 'sell'), w) }),
  },
  {
    id: 'flags',
    title: 'flags',
    widths: [32, 16, 7],
    measure: (rows) => Math.max(0, ...rows.map((t) => (Array.isArray(t.opp.flags) ? (t.opp.flags as string[]).join(',').length : 0))), align: 'left', priority: 4.5, when: (r) => r.some(isBinary), render: (t, w) => {
      const flags = Array.isArray(t.opp.flags) ? (t.opp.flags as string[]) : [];
      const full = flags.join(',');
      return { text: full.length <= w ? full : flags.map((f) => FLAG_SHORT[f] ?? f).join(','), color: 'yellow' };
    },
  },
  { id: 'size', title: 'size', widths: [10], align: 'right', priority: 6, render: (t) => ({ text: fmtSize(t.opp.size) }) },
  {
    id: 'notional',
    title: 'notional',
    widths: [14, 9],
    align: 'right',
    priority: 7,
    render: (t, w) => {
      const n = notional(t.opp);
      return { text: w >= 14 ? `${fmtCompact(n.value)} ${n.currency}` : fmtCompact(n.value) };
    },
  },
  { id: 'gross', title: 'gross %', widths: [8], align: 'right', priority: 10, extra: true, render: (t) => ({ text: fmtNum(t.opp.grossSpreadPct, 3) }) },
  { id: 'fees', title: 'fees', widths: [9], align: 'right', priority: 9, extra: true, render: (t) => ({ text: fmtCompact(fees(t.opp)) }) },
  { id: 'pct', title: 'net %', widths: [7], align: 'right', priority: 2, render: (t) => ({ text: fmtNum(t.opp.netSpreadPct, 3), color: signColor(t.opp.netSpreadPct) }) },
  {
    id: 'profit',
    title: 'net profit',
    widths: [24, 13, 9],
    align: 'right',
    priority: 1,
    measure: (rows) => Math.max(0, ...rows.map((t) => fmtProfit(t.opp).length)),
    render: (t, w) => {
      const full = fmtProfit(t.opp);
      const text = full.length <= w ? full : w >= profitShort(t.opp).length ? profitShort(t.opp) : fmtMoney(typeof t.opp.netProfitValue === 'number' ? t.opp.netProfitValue : t.opp.netProfit);
      return { text, color: signColor(t.opp.netProfit) };
    },
  },
  { id: 'days', title: 'days', widths: [6], align: 'right', priority: 5.5, when: (r) => r.some(isBinary), render: (t) => ({ text: typeof t.opp.daysToResolution === 'number' ? fmtNum(t.opp.daysToResolution, 1) : '' }) },
  { id: 'ann', title: 'ann %', widths: [8], align: 'right', priority: 5.6, when: (r) => r.some(isBinary), render: (t) => ({ text: typeof t.opp.annualisedPct === 'number' ? fmtNum(t.opp.annualisedPct, 1) : '' }) },
  { id: 'age', title: 'age', widths: [6], align: 'right', priority: 5, render: (t) => ({ text: fmtAge(t.opp.ageMs) }) },
  { id: 'life', title: 'life', widths: [6], align: 'right', priority: 8, render: (t) => ({ text: fmtAge(t.lifetimeMs) }) },
];

/** The row number: always shown, outside the priority game. */
export const NUMBER_WIDTH = 3;

/**
 * Chooses columns for `width` characters: admitted by priority while they fit; a column that
 * does not fit first makes the admitted ones abbreviate (their narrower widths) before it is
 * dropped. Left-over width goes to the growable columns (the symbol, so questions read whole).
 * Returned in display order.
 */
export function chooseColumns(width: number, tracked: readonly TrackedOpportunity[], all: readonly Column[] = COLUMNS): Placed[] {
  const rows = tracked.map((t) => t.opp);
  const applicable = all.filter((c) => !c.when || c.when(rows)).map((c) => fitted(c, tracked));
  const byPriority = [...applicable].sort((a, b) => a.priority - b.priority);
  const chosen = new Map<Column, number>(); // column → index into its widths
  const used = () => NUMBER_WIDTH + [...chosen].reduce((s, [c, i]) => s + 1 + c.widths[i], 0);
  for (const c of byPriority) {
    chosen.set(c, 0);
    if (used() <= width) continue;
    if (c.extra) {
      chosen.delete(c);
      continue;
    }
    // Abbreviate, least important first, until it fits (or nothing more can be shortened).
    for (const a of [...chosen.keys()].sort((x, y) => y.priority - x.priority)) {
      while (used() > width && chosen.get(a)! < a.widths.length - 1) chosen.set(a, chosen.get(a)! + 1);
      if (used() <= width) break;
    }
    if (used() > width) chosen.delete(c);
  }
  // Give back width: un-abbreviate the most important first, then grow.
  for (const c of [...chosen.keys()].sort((a, b) => a.priority - b.priority)) {
    while (chosen.get(c)! > 0 && used() - c.widths[chosen.get(c)!] + c.widths[chosen.get(c)! - 1] <= width) chosen.set(c, chosen.get(c)! - 1);
  }
  const extra = new Map<Column, number>();
  let spare = width - used();
  for (const c of [...chosen.keys()].filter((x) => x.grow).sort((a, b) => a.priority - b.priority)) {
    const g = Math.min(spare, c.grow!);
    extra.set(c, g);
    spare -= g;
  }
  return applicable.filter((c) => chosen.has(c)).map((c) => ({ col: c, width: c.widths[chosen.get(c)!] + (extra.get(c) ?? 0) }));
}

/** A column whose full width is cut down to what these rows need (a table of USDT pairs needs no 24-wide profit). */
function fitted(c: Column, rows: readonly TrackedOpportunity[]): Column {
  if (!c.measure || rows.length === 0) return c;
  const need = Math.max(c.title.length, c.measure(rows));
  const widths = c.widths.filter((w, i) => i === 0 || w < need);
  return { ...c, widths: [Math.min(c.widths[0], need), ...widths.slice(1)] };
}

export function headerLine(cols: readonly Placed[]): string {
  return [cell('#', NUMBER_WIDTH, 'right'), ...cols.map((p) => cell(p.col.title, p.width, p.col.align))].join(' ');
}

/** One row as segments (so net % and profit can be coloured); no trailing padding. */
function rawSegs(t: TrackedOpportunity, i: number, cols: readonly Placed[]): Seg[] {
  const out: Seg[] = [{ text: cell(String(i + 1), NUMBER_WIDTH, 'right') }];
  for (const p of cols) {
    const s = p.col.render(t, p.width);
    out.push({ text: ' ' }, { text: cell(s.text, p.width, p.col.align), color: s.color });
  }
  return out;
}

/**
 * A row's segments with neighbours of one colour merged: most cells are uncoloured, so a row is
 * three or four Ink text nodes instead of two per column (Ink styles and measures each node every
 * frame, which is most of the TUI's CPU).
 */
export function rowSegs(t: TrackedOpportunity, i: number, cols: readonly Placed[]): Seg[] {
  const out: Seg[] = [];
  for (const s of rawSegs(t, i, cols)) {
    const last = out[out.length - 1];
    if (last && last.color === s.color) out[out.length - 1] = { text: last.text + s.text, color: s.color };
    else out.push(s);
  }
  return out;
}

export const rowText = (t: TrackedOpportunity, i: number, cols: readonly Placed[]) => rowSegs(t, i, cols).map((s) => s.text).join('').trimEnd();
