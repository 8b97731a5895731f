import { Box, Text } from 'ink';
import type { BookLevel, Quote } from '../core/types.js';
import type { TrackedOpportunity } from '../engine/live-ranker.js';
import { cell, fmtAge, fmtNum, fmtPrice, fmtProfit, fmtSize } from '../core/format.js';

export interface DetailPaneProps {
  readonly tracked: TrackedOpportunity;
  /** Latest book of each leg's instrument, by `venue\u0000symbol`. */
  readonly book: (venue: string, symbol: string) => Quote | undefined;
  /** Book levels listed per side. */
  readonly levels: number;
}

/** Cumulative walk of one side up to the opportunity's size: which levels the trade takes. */
export function walkSide(levels: readonly BookLevel[], size: number, n: number): { price: number; size: number; cum: number; taken: number }[] {
  const out = [];
  let cum = 0;
  for (const [p, s] of levels.slice(0, n)) {
    const taken = Math.max(0, Math.min(s, size - cum));
    cum += s;
    out.push({ price: p, size: s, cum, taken });
  }
  return out;
}

type Walked = { price: number; size: number; cum: number; taken: number };

/**
 * The depth walk of the selected opportunity, one column per leg: a buy leg walks its venue's
 * asks, a sell leg its bids, showing what the trade takes at each level. Two columns for a
 * cross-venue trade; one per outcome for a binary set (every leg a buy of the same shares).
 */
export function DetailPane({ tracked, book, levels }: DetailPaneProps) {
  const o = tracked.opp;
  const cols = o.legs.map((l) => {
    const q = book(l.venue, l.market);
    return { leg: l, walk: walkSide((l.side === 'buy' ? q?.asks : q?.bids) ?? [], l.size || o.size, levels) };
  });
  const lines = Math.max(0, ...cols.map((c) => c.walk.length));
  const side = (x: Walked | undefined) =>
    x ? `${cell(fmtPrice(x.price), 20, 'right')} ${cell(fmtSize(x.size), 10, 'right')} ${cell(x.taken > 0 ? fmtSize(x.taken) : '', 10, 'right')}` : ' '.repeat(42);
  const legs = o.legs.map((l) => `${l.side} ${l.venue} vwap ${fmtPrice(l.vwap)} (fee ${fmtNum(l.fee, 2)})`).join(' · ');
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1}>
      <Text bold>{o.id}</Text>
      <Text wrap="truncate-end">
        size {fmtSize(o.size)} · {legs} · gross {fmtNum(o.grossSpreadPct, 3)}% · net {fmtNum(o.netSpreadPct, 3)}% = {fmtProfit(o)} · age{' '}
        {fmtAge(o.ageMs)} · life {fmtAge(tracked.lifetimeMs)}
      </Text>
      <Text dimColor wrap="truncate-end">
        {cols.map((c) => `${cell(`${c.leg.side} ${c.leg.venue} ${c.leg.side === 'buy' ? 'asks' : 'bids'}`, 20)} ${cell('size', 10, 'right')} ${cell('taken', 10, 'right')}`).join(' │ ')}
      </Text>
      {Array.from({ length: lines }, (_, i) => (
        <Text key={i} wrap="truncate-end">
          {cols.map((c, j) => (
            <Text key={j} color={c.walk[i]?.taken ? 'green' : undefined}>
              {j > 0 ? ' │ ' : ''}
              {side(c.walk[i])}
            </Text>
          ))}
        </Text>
      ))}
      {lines === 0 ? <Text dimColor>no book for these legs yet</Text> : null}
    </Box>
  );
}
