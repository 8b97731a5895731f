import { Box, Text } from 'ink';
import type { TrackedOpportunity } from '../engine/live-ranker.js';
import { headerLine, rowSegs, type Placed, type Seg } from './columns.js';
import { tint } from './theme.js';

export interface OpportunityTableProps {
  /** Rows in display order (already filtered and sorted). */
  readonly rows: readonly TrackedOpportunity[];
  /** Columns chosen for the terminal width (see chooseColumns). */
  readonly columns: readonly Placed[];
  /** Id of the selected row (↑/↓), drawn inverted. */
  readonly selectedId?: string;
  /** Ids at or above --alert-net, drawn highlighted. */
  readonly hot: ReadonlySet<string>;
  /** Lines for rows (the "… N more" line included), so the frame never scrolls. */
  readonly maxRows: number;
}

/** The ranked table: only live (fresh) opportunities; stale ones never appear here. */
export function OpportunityTable({ rows, columns, selectedId, hot, maxRows }: OpportunityTableProps) {
  const room = Math.max(1, maxRows);
  const shown = rows.length > room ? rows.slice(0, Math.max(0, room - 1)) : rows;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{headerLine(columns)}</Text>
      {rows.length === 0 ? <Text dimColor>  no live opportunity above the filters yet</Text> : null}
      {shown.map((t, i) => {
        const selected = t.opp.id === selectedId;
        const isHot = hot.has(t.opp.id);
        const segs = rowSegs(t, i, columns);
        return (
          <Box key={t.opp.id}>
            {asciiRuns(segs).map((s, j, all) => (
              // An alert row is yellow throughout; otherwise net % and profit carry their sign's colour.
              <Text key={j} wrap="truncate-end" inverse={selected} bold={isHot} color={tint(isHot ? 'yellow' : selected ? undefined : s.color)}>
                {j === all.length - 1 ? s.text.trimEnd() : s.text}
              </Text>
            ))}
          </Box>
        );
      })}
      {rows.length > shown.length ? <Text dimColor>  … {rows.length - shown.length} more (filter with /)</Text> : null}
    </Box>
  );
}

/** Segments cut where printable ASCII starts or stops: Ink measures an all-ASCII text by its length, any other by grapheme segmentation (most of a frame's cost when every row carries a ⇄). */
function asciiRuns(segs: readonly Seg[]): Seg[] {
  const out: Seg[] = [];
  for (const s of segs) for (const m of s.text.match(/[\x20-\x7e]+|[^\x20-\x7e]+/g) ?? []) out.push({ text: m, color: s.color });
  return out;
}
