import { Box, Text } from 'ink';
import { cell, fmtAge, fmtRate } from '../core/format.js';
import type { VenueRow } from '../app/watch/venue-stats.js';
import { tint } from './theme.js';

export interface VenuePanelProps {
  readonly venues: readonly VenueRow[];
  /** Terminal width: the note column gets what is left. */
  readonly width: number;
  /** --max-age: a message older than half of it is amber, older than it red (the quotes are stale). */
  readonly maxAgeMs: number;
  /** One line for every venue instead of one line each (short terminals). */
  readonly strip?: boolean;
}

const COLOR: Record<string, string> = { connected: 'green', connecting: 'cyan', reconnecting: 'red', stale: 'yellow', error: 'red', closed: 'gray', 'not-configured': 'gray', retired: 'gray' };
const LABEL: Record<string, string> = { 'not-configured': 'not configured' };
/** Markers carry the state without colour (NO_COLOR): ● up, ◌ connecting, ! stale, ✖ down, – absent. */
const MARK: Record<string, string> = { connected: '●', connecting: '◌', reconnecting: '✖', stale: '!', error: '✖', closed: '✖', 'not-configured': '–', retired: '–' };

/** Amber past half of --max-age, red past it. */
export function ageColor(ageMs: number | undefined, maxAgeMs: number): string | undefined {
  if (ageMs === undefined) return undefined;
  return ageMs > maxAgeMs ? 'red' : ageMs > maxAgeMs / 2 ? 'yellow' : undefined;
}

/** "retry 3 · next ≤ 4.0s" — what a down venue is doing about it ('' while it is up). */
export function retryText(v: VenueRow): string {
  if (v.state !== 'reconnecting' && v.state !== 'error') return '';
  const parts = [];
  if (v.retries > 0) parts.push(`retry ${v.retries}`);
  if (v.nextAttemptInMs !== undefined) parts.push(`next ≤ ${fmtAge(v.nextAttemptInMs)}`);
  return parts.join(' · ');
}

/** One line per venue: state (with retries), messages/s, age of the last message, last remark. */
export function VenuePanel({ venues, width, maxAgeMs, strip }: VenuePanelProps) {
  if (strip) {
    return (
      <Text wrap="truncate-end">
        {venues.map((v, i) => (
          <Text key={v.venue}>
            {i > 0 ? ' · ' : ''}
            <Text color={tint(COLOR[v.state])}>{MARK[v.state] ?? '?'} {v.venue}</Text>
            {v.state === 'connected' || v.state === 'stale' ? (
              <Text color={tint(ageColor(v.lastMessageAgeMs, maxAgeMs))}> {fmtAge(v.lastMessageAgeMs)}</Text>
            ) : v.retries > 0 ? (
              <Text color={tint('red')}> r{v.retries}</Text>
            ) : null}
          </Text>
        ))}
      </Text>
    );
  }
  const W = { venue: 13, state: 14, rate: 7, age: 9 };
  const msgWidth = Math.max(10, width - W.venue - W.state - W.rate - W.age - 6);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold wrap="truncate-end">{[cell('venue', W.venue + 2), cell('state', W.state), cell('msg/s', W.rate, 'right'), cell('last msg', W.age, 'right'), 'note'].join(' ')}</Text>
      {venues.map((v) => (
        <Text key={v.venue} wrap="truncate-end">
          <Text color={tint(COLOR[v.state])}>{MARK[v.state] ?? '?'}</Text> {cell(v.venue, W.venue)} <Text color={tint(COLOR[v.state])} bold={v.state === 'error' || v.state === 'reconnecting'}>{cell(LABEL[v.state] ?? v.state, W.state)}</Text> {cell(fmtRate(v.perSec), W.rate, 'right')}{' '}
          <Text color={tint(ageColor(v.lastMessageAgeMs, maxAgeMs))}>{cell(fmtAge(v.lastMessageAgeMs), W.age, 'right')}</Text> <Note v={v} width={msgWidth} />
        </Text>
      ))}
    </Box>
  );
}

/** The note column: retries first (red, they matter most), then the venue's last remark. */
function Note({ v, width }: { v: VenueRow; width: number }) {
  const retry = retryText(v);
  const msg = v.message ?? '';
  const text = cell([retry, msg].filter(Boolean).join(' · '), width).trimEnd();
  if (!retry) return <Text dimColor>{text}</Text>;
  return (
    <Text>
      <Text color={tint('red')}>{text.slice(0, retry.length)}</Text>
      <Text dimColor>{text.slice(retry.length)}</Text>
    </Text>
  );
}
