import { Box, Text } from 'ink';
import { fmtClock, fmtRate } from '../core/format.js';

export interface HeaderProps {
  /** Source of the data: LIVE, DEMO …, REPLAY … */
  readonly label: string;
  /** Active filters, already described in words. */
  readonly filters: string;
  /** Clock of the shown frame (virtual time in replay). */
  readonly now: number;
  readonly live: number;
  readonly stale: number;
  /** Market-data events per second over all venues. */
  readonly perSec: number;
  readonly sortLabel: string;
  readonly paused: boolean;
  readonly filter: string;
  readonly editingFilter: boolean;
}

/** Two lines: what is watched and with which filters; counts, sort, symbol filter, pause. */
export function Header(p: HeaderProps) {
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold color="cyan">arblens watch</Text>
        <Text> · {p.label} · {fmtClock(p.now)}</Text>
        {p.paused ? <Text color="yellow" bold> · PAUSED</Text> : null}
      </Text>
      <Text wrap="truncate-end">
        <Text color="green">{p.live} live</Text>
        <Text> · </Text>
        <Text color={p.stale ? 'yellow' : undefined} dimColor={!p.stale}>{p.stale} stale (hidden)</Text>
        <Text> · {fmtRate(p.perSec)} msg/s · sort: {p.sortLabel}</Text>
        {p.filter || p.editingFilter ? <Text color="magenta"> · symbol ~ {p.filter}{p.editingFilter ? '▏' : ''}</Text> : null}
        <Text dimColor> · {p.filters}</Text>
      </Text>
    </Box>
  );
}
