import { Box, Text } from 'ink';
import { fmtClock, fmtRate } from '../core/format.js';
import { tint } from './theme.js';

export interface HeaderProps {
  /** Source of the data: LIVE, DEMO …, REPLAY … */
  readonly label: string;
  /** Active filters, already described in words. */
  readonly filters: string;
  /** Clock of the shown frame (virtual time in replay). */
  readonly now: number;
  readonly live: number;
  readonly stale: number;
  /** Venues asked to stream that are not delivering, out of all asked (not-configured ones excluded). */
  readonly venuesDown: number;
  readonly venuesTotal: number;
  /** Market-data events per second over all venues. */
  readonly perSec: number;
  readonly sortLabel: string;
  readonly paused: boolean;
  readonly filter: string;
  readonly editingFilter: boolean;
}

/**
 * Two lines: what is watched and how the feeds are (a dead feed is the first thing read: red
 * "N/M venues down" right after the title); counts, sort, symbol filter, pause.
 */
export function Header(p: HeaderProps) {
  const down = p.venuesDown > 0;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold color={tint('cyan')}>arblens watch</Text>
        <Text> · </Text>
        {down ? (
          <Text bold color={tint('red')} inverse={!tint('red')}>✖ {p.venuesDown}/{p.venuesTotal} venues down</Text>
        ) : (
          <Text color={tint('green')}>{p.venuesTotal}/{p.venuesTotal} venues up</Text>
        )}
        {p.paused ? <Text color={tint('yellow')} bold> · PAUSED</Text> : null}
        <Text> · {fmtClock(p.now)} · {p.label}</Text>
      </Text>
      <Text wrap="truncate-end">
        <Text color={tint(down && p.live === 0 ? undefined : 'green')}>{p.live} live</Text>
        <Text> · </Text>
        <Text color={tint(p.stale ? 'yellow' : undefined)} dimColor={!p.stale}>{p.stale} stale (hidden)</Text>
        <Text> · {fmtRate(p.perSec)} msg/s · sort: {p.sortLabel}</Text>
        {p.filter || p.editingFilter ? <Text color={tint('magenta')}> · symbol ~ {p.filter}{p.editingFilter ? '▏' : ''}</Text> : null}
        <Text dimColor> · {p.filters}</Text>
      </Text>
    </Box>
  );
}
