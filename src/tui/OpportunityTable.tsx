import { Box, Text } from 'ink';
import type { TrackedOpportunity } from '../engine/live-ranker.js';
import { cell, fmtAge, fmtNum, fmtPrice, fmtProfit, fmtSize } from '../core/format.js';

export interface OpportunityTableProps {
  /** Rows in display order (already filtered and sorted). */
  readonly rows: readonly TrackedOpportunity[];
  /** Id of the selected row (↑/↓), drawn inverted. */
  readonly selectedId?: string;
  /** Ids at or above --alert-net, drawn highlighted. */
  readonly hot: ReadonlySet<string>;
  /** Rows that fit on screen; the rest is summarised in one line so the frame never scrolls. */
  readonly maxRows: number;
}

const W = { n: 3, kind: 10, sym: 16, leg: 24, size: 11, pct: 8, profit: 14, age: 7, life: 7 };

export function header(): string {
  return [
    cell('#', W.n, 'right'),
    cell('kind', W.kind),
    cell('symbol', W.sym),
    cell('buy @ vwap', W.leg),
    cell('sell @ vwap', W.leg),
    cell('size', W.size, 'right'),
    cell('net %', W.pct, 'right'),
    cell('net profit', W.profit, 'right'),
    cell('age', W.age, 'right'),
    cell('life', W.life, 'right'),
  ].join(' ');
}

export function row(t: TrackedOpportunity, i: number): string {
  const o = t.opp;
  // A binary set buys every leg and sells none: its legs use both leg columns.
  const set = o.legs.length > 1 && o.legs.every((x) => x.side === 'buy');
  const leg = (side: 'buy' | 'sell') => {
    const l = o.legs.find((x) => x.side === side);
    return l ? `${l.venue} @ ${fmtPrice(l.vwap)}` : '';
  };
  const legCells = set
    ? [cell(o.legs.map((l) => `${l.venue} ${fmtNum(l.vwap, 3)}`).join(' + ') + ` → pays ${fmtNum(o.size, 0)}`, W.leg * 2 + 1)]
    : [cell(leg('buy'), W.leg), cell(leg('sell'), W.leg)];
  return [
    cell(String(i + 1), W.n, 'right'),
    cell(o.kind, W.kind),
    // ⇄: this row takes from book levels another row also counts on (see sharesDepthWith).
    cell(Array.isArray(o.sharesDepthWith) ? `⇄ ${o.symbol}` : o.symbol, W.sym),
    ...legCells,
    cell(fmtSize(o.size), W.size, 'right'),
    cell(fmtNum(o.netSpreadPct, 3), W.pct, 'right'),
    cell(fmtProfit(o), W.profit, 'right'),
    cell(fmtAge(o.ageMs), W.age, 'right'),
    cell(fmtAge(t.lifetimeMs), W.life, 'right'),
  ].join(' ');
  // (no trailing padding: Ink styles every character of every frame, spaces included)
}

/** The ranked table: only live (fresh) opportunities; stale ones never appear here. */
export function OpportunityTable({ rows, selectedId, hot, maxRows }: OpportunityTableProps) {
  const shown = rows.slice(0, Math.max(1, maxRows));
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{header()}</Text>
      {rows.length === 0 ? <Text dimColor>  no live opportunity above the filters yet</Text> : null}
      {shown.map((t, i) => (
        <Text key={t.opp.id} wrap="truncate-end" inverse={t.opp.id === selectedId} color={hot.has(t.opp.id) ? 'yellow' : undefined} bold={hot.has(t.opp.id)}>
          {row(t, i)}
        </Text>
      ))}
      {rows.length > shown.length ? <Text dimColor>  … {rows.length - shown.length} more (filter with /)</Text> : null}
    </Box>
  );
}
