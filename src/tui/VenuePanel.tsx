import { Box, Text } from 'ink';
import { cell, fmtAge, fmtRate } from '../core/format.js';
import type { VenueRow } from '../app/watch/venue-stats.js';

export interface VenuePanelProps {
  readonly venues: readonly VenueRow[];
  /** Width available for the free-text message column. */
  readonly width: number;
}

const COLOR: Record<string, string> = { connected: 'green', connecting: 'cyan', reconnecting: 'yellow', stale: 'yellow', error: 'red', closed: 'gray', 'not-configured': 'gray', retired: 'gray' };
const LABEL: Record<string, string> = { 'not-configured': 'not configured' };

/** One line per venue: state, messages/s, age of the last message, last remark. */
export function VenuePanel({ venues, width }: VenuePanelProps) {
  const msgWidth = Math.max(10, width - 14 - 16 - 9 - 10 - 4);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold wrap="truncate-end">{[cell('venue', 14), cell('state', 16), cell('msg/s', 9, 'right'), cell('last msg', 10, 'right'), 'note'].join(' ')}</Text>
      {venues.map((v) => (
        <Text key={v.venue} wrap="truncate-end">
          {cell(v.venue, 14)} <Text color={COLOR[v.state]}>{cell(LABEL[v.state] ?? v.state, 16)}</Text> {cell(fmtRate(v.perSec), 9, 'right')}{' '}
          {cell(fmtAge(v.lastMessageAgeMs), 10, 'right')} <Text dimColor>{cell(v.message ?? '', msgWidth).trimEnd()}</Text>
        </Text>
      ))}
    </Box>
  );
}
