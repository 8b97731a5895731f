import { Box, Text } from 'ink';
import type { BookLevel, Quote } from '../core/types.js';
import type { TrackedOpportunity } from '../engine/live-ranker.js';
import { cell, fmtAge, fmtNum, fmtPrice, fmtProfit, fmtSize } from '../core/format.js';
import { legMarket, rowSymbol } from './columns.js';
import { tint } from './theme.js';
import { assumptionLine } from './assumptions.js';

export interface DetailPaneProps {
  readonly tracked: TrackedOpportunity;
  /** Latest book of each leg's instrument, by `venue\u0000symbol`. */
  readonly book: (venue: string, symbol: string) => Quote | undefined;
  /** Book levels listed per side (what fits on screen). */
  readonly levels: number;
  /** Lines the pane may take, borders included: the pane never grows past its share. */
  readonly height: number;
}

type Walked = { price: number; size: number; cum: number; taken: number };

/** Cumulative walk of one side up to the opportunity's size: which levels the trade takes. */
export function walkSide(levels: readonly BookLevel[], size: number, n: number): Walked[] {
  const out = [];
  let cum = 0;
  for (const [p, s] of levels.slice(0, n)) {
    const taken = Math.max(0, Math.min(s, size - cum));
    cum += s;
    out.push({ price: p, size: s, cum, taken });
  }
  return out;
}

/**
 * The depth walk of the selected opportunity, one column per leg: a buy leg walks its venue's
 * asks, a sell leg its bids, showing what the trade takes at each level. Two columns for a
 * cross-venue trade; one per outcome for a binary set (every leg a buy of the same shares).
 * Levels that do not fit are counted in a closing "… N more levels" line.
 */
export function DetailPane({ tracked, book, levels, height }: DetailPaneProps) {
  const o = tracked.opp;
  const cols = o.legs.map((l) => {
    const q = book(l.venue, l.market);
    const side = (l.side === 'buy' ? q?.asks : q?.bids) ?? [];
    const title = `${l.side} ${l.venue} ${l.side === 'buy' ? 'asks' : 'bids'}`;
    return { leg: l, title, w: Math.max(12, title.length), total: side.length, walk: walkSide(side, l.size || o.size, levels) };
  });
  const lines = Math.max(0, ...cols.map((c) => c.walk.length));
  const hidden = Math.max(0, ...cols.map((c) => c.total - c.walk.length));
  const row = (x: Walked | undefined, w: number) =>
    x ? `${cell(fmtPrice(x.price), w, 'right')} ${cell(fmtSize(x.size), 8, 'right')} ${cell(x.taken > 0 ? fmtSize(x.taken) : '', 8, 'right')}` : ' '.repeat(w + 18);
  const legs = o.legs.map((l) => `${l.side} ${l.venue}${legMarket(l) ? ' ' + legMarket(l) : ''} vwap ${fmtPrice(l.vwap)} (fee ${fmtNum(l.fee, 2)})`).join(' · ');
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1} height={height} overflowY="hidden">
      <Text bold wrap="truncate-end">
        {rowSymbol(o, false)} <Text dimColor>{o.id}</Text>
      </Text>
      <Text wrap="truncate-end">
        size {fmtSize(o.size)} · {legs} · gross {fmtNum(o.grossSpreadPct, 3)}% · net <Text color={tint(o.netSpreadPct > 0 ? 'green' : 'red')}>{fmtNum(o.netSpreadPct, 3)}%</Text> = {fmtProfit(o)} · age {fmtAge(o.ageMs)} · life{' '}
        {fmtAge(tracked.lifetimeMs)}
      </Text>
      <Text dimColor wrap="truncate-end">{assumptionLine(o)}</Text>
      <Text dimColor wrap="truncate-end">
        {cols.map((c) => `${cell(c.title, c.w)} ${cell('size', 8, 'right')} ${cell('taken', 8, 'right')}`).join(' │ ')}
      </Text>
      {Array.from({ length: lines }, (_, i) => (
        <Text key={i} wrap="truncate-end">
          {cols.map((c, j) => (
            <Text key={j} color={tint(c.walk[i]?.taken ? 'green' : undefined)} bold={!!c.walk[i]?.taken && !tint('green')}>
              {j > 0 ? ' │ ' : ''}
              {row(c.walk[i], c.w)}
            </Text>
          ))}
        </Text>
      ))}
      {hidden > 0 ? <Text dimColor>… {hidden} more level{hidden === 1 ? '' : 's'}</Text> : null}
      {lines === 0 ? <Text dimColor>no book for these legs yet</Text> : null}
    </Box>
  );
}
