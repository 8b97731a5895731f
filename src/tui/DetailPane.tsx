import { Box, Text } from 'ink';
import type { BookLevel, Quote } from '../core/types.js';
import type { TrackedOpportunity } from '../engine/live-ranker.js';
import { cell, fmtAge, fmtNum, fmtPrice, fmtSize } from './format.js';

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

/** The depth walk of the selected opportunity: buy asks vs sell bids, level by level, with totals. */
export function DetailPane({ tracked, book, levels }: DetailPaneProps) {
  const o = tracked.opp;
  const buy = o.legs.find((l) => l.side === 'buy');
  const sell = o.legs.find((l) => l.side === 'sell');
  const asks = buy ? walkSide(book(buy.venue, buy.market)?.asks ?? [], o.size, levels) : [];
  const bids = sell ? walkSide(book(sell.venue, sell.market)?.bids ?? [], o.size, levels) : [];
  const lines = Math.max(asks.length, bids.length);
  const side = (x: { price: number; size: number; cum: number; taken: number } | undefined) =>
    x ? `${cell(fmtPrice(x.price), 20, 'right')} ${cell(fmtSize(x.size), 10, 'right')} ${cell(x.taken > 0 ? fmtSize(x.taken) : '', 10, 'right')}` : ' '.repeat(42);
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1}>
      <Text bold>{o.id}</Text>
      <Text wrap="truncate-end">
        size {fmtSize(o.size)} · buy vwap {fmtPrice(buy?.vwap ?? NaN)} (fee {fmtNum(buy?.fee ?? 0, 2)}) · sell vwap {fmtPrice(sell?.vwap ?? NaN)} (fee {fmtNum(sell?.fee ?? 0, 2)}) · gross{' '}
        {fmtNum(o.grossSpreadPct, 3)}% · net {fmtNum(o.netSpreadPct, 3)}% = {fmtNum(o.netProfit, 2)} {o.quote} · age {fmtAge(o.ageMs)} · life {fmtAge(tracked.lifetimeMs)}
      </Text>
      <Text dimColor wrap="truncate-end">
        {cell(`buy ${buy?.venue ?? ''} asks`, 20)} {cell('size', 10, 'right')} {cell('taken', 10, 'right')} │ {cell(`sell ${sell?.venue ?? ''} bids`, 20)} {cell('size', 10, 'right')} {cell('taken', 10, 'right')}
      </Text>
      {Array.from({ length: lines }, (_, i) => (
        <Text key={i} wrap="truncate-end">
          <Text color={asks[i]?.taken ? 'green' : undefined}>{side(asks[i])}</Text> │ <Text color={bids[i]?.taken ? 'green' : undefined}>{side(bids[i])}</Text>
        </Text>
      ))}
      {lines === 0 ? <Text dimColor>no book for these legs yet</Text> : null}
    </Box>
  );
}
