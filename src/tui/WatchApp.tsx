import { Box, Text } from 'ink';
import { useMemo, useRef, useState } from 'react';
import type { Quote } from '../core/types.js';
import type { AlertTracker } from '../app/watch/alerts.js';
import { ABSENT, FAILING } from '../app/watch/venue-stats.js';
import { DetailPane } from './DetailPane.js';
import { Header } from './Header.js';
import { KeyHelp } from './KeyHelp.js';
import { OpportunityTable } from './OpportunityTable.js';
import type { SnapshotFeed } from '../app/watch/snapshot-feed.js';
import { useSnapshot } from './use-snapshot.js';
import { useTerminalSize } from './use-terminal-size.js';
import { useWatchKeys } from './use-watch-keys.js';
import { VenuePanel } from './VenuePanel.js';
import { chooseColumns } from './columns.js';
import { planScreen } from './layout.js';
import { moveSelection, SORT_LABEL, viewRows } from '../app/watch/view-model.js';

export interface WatchAppProps {
  /** Pipeline ticks. */
  readonly feed: SnapshotFeed;
  /** Latest book of an instrument, for the detail pane. */
  readonly book: (venue: string, symbol: string) => Quote | undefined;
  /** LIVE / DEMO / REPLAY line of the header. */
  readonly label: string;
  /** Active filters in words. */
  readonly filters: string;
  readonly alerts: AlertTracker;
  /** Rings the terminal bell (injected so tests can count rings). */
  readonly bell: () => void;
  readonly onQuit: () => void;
  /** Minimum ms between frames (100 = 10 frames/s at most). */
  readonly frameMs?: number;
  /** --max-age: colours the venues' message ages (amber past half, red past it). */
  readonly maxAgeMs?: number;
  /** Terminal size override (tests); defaults to the real terminal, followed on resize. */
  readonly rows?: number;
  readonly columns?: number;
}

/**
 * The `watch` screen: a fixed header, the ranked table (columns chosen for the width), the
 * detail pane (lower part, or instead of the table on short terminals), the venue panel (or a
 * one-line strip when space is short) and a fixed key line at the bottom.
 */
export function WatchApp(p: WatchAppProps) {
  const size = useTerminalSize(p.rows, p.columns);
  const [selectedId, setSelectedId] = useState<string | undefined>(undefined);
  const rowsRef = useRef<ReturnType<typeof viewRows>>([]);
  const keys = useWatchKeys({
    quit: p.onQuit,
    move: (d) => setSelectedId((id) => moveSelection(rowsRef.current, id, d)),
  });
  const snap = useSnapshot(p.feed, p.frameMs ?? 100, keys.paused, (s) => {
    if (p.alerts.check(s.live.map((t) => t.opp), s.now).length > 0) p.bell();
  });
  const rows = useMemo(() => (snap ? viewRows(snap.live, keys.sort, keys.filter) : []), [snap, keys.sort, keys.filter]);
  rowsRef.current = rows;
  const hot = useMemo(() => new Set(rows.filter((r) => p.alerts.hot(r.opp)).map((r) => r.opp.id)), [rows, p.alerts]);
  const columns = useMemo(() => chooseColumns(size.columns, rows), [size.columns, rows]);

  if (!snap) return <Text dimColor>arblens watch · {p.label} · connecting…</Text>;
  const selected = keys.detail ? rows.find((r) => r.opp.id === selectedId) ?? rows[0] : undefined;
  const plan = planScreen(size.rows, snap.venues.length, !!selected);
  const asked = snap.venues.filter((v) => !ABSENT.has(v.state));
  const down = asked.filter((v) => FAILING.has(v.state)).length;
  const perSec = snap.venues.reduce((s, v) => s + v.perSec, 0);
  return (
    <Box flexDirection="column" height={plan.frame} width={size.columns} overflowY="hidden">
      <Header
        label={p.label}
        filters={p.filters}
        now={snap.now}
        live={snap.live.length}
        stale={snap.staleCount}
        venuesDown={down}
        venuesTotal={asked.length}
        perSec={perSec}
        sortLabel={SORT_LABEL[keys.sort]}
        paused={keys.paused}
        filter={keys.filter}
        editingFilter={keys.editingFilter}
      />
      <Box flexDirection="column" flexGrow={1} overflowY="hidden">
        {plan.showTable ? <OpportunityTable rows={rows} columns={columns} selectedId={selectedId ?? rows[0]?.opp.id} hot={hot} maxRows={plan.tableRows} /> : null}
        <Box flexGrow={1} />
        {selected ? <DetailPane tracked={selected} book={p.book} levels={plan.detailLevels} height={plan.detailLines} /> : null}
        <VenuePanel venues={snap.venues} width={size.columns} maxAgeMs={p.maxAgeMs ?? 10_000} strip={plan.venues === 'strip'} />
      </Box>
      <KeyHelp editingFilter={keys.editingFilter} width={size.columns} />
    </Box>
  );
}
