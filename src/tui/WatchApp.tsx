import { Box, Text, useStdout } from 'ink';
import { useMemo, useRef, useState } from 'react';
import type { Quote } from '../core/types.js';
import type { AlertTracker } from '../app/watch/alerts.js';
import { DetailPane } from './DetailPane.js';
import { Header } from './Header.js';
import { KeyHelp } from './KeyHelp.js';
import { OpportunityTable } from './OpportunityTable.js';
import type { SnapshotFeed } from '../app/watch/snapshot-feed.js';
import { useSnapshot } from './use-snapshot.js';
import { useWatchKeys } from './use-watch-keys.js';
import { VenuePanel } from './VenuePanel.js';
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
  /** Terminal size override (tests); defaults to the real terminal. */
  readonly rows?: number;
  readonly columns?: number;
}

/** The `watch` screen: header, ranked table, optional detail pane, venue panel, key help. */
export function WatchApp(p: WatchAppProps) {
  const { stdout } = useStdout();
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

  if (!snap) return <Text dimColor>arblens watch · {p.label} · connecting…</Text>;
  const termRows = p.rows ?? stdout?.rows ?? 40;
  const width = p.columns ?? stdout?.columns ?? 120;
  const selected = keys.detail ? rows.find((r) => r.opp.id === selectedId) ?? rows[0] : undefined;
  const detailLevels = 8;
  // Everything but the table has a fixed height; the table gets the rest, so the frame never
  // outgrows the terminal (Ink then clears the screen on every frame, which is the flicker).
  const fixed = 2 + 1 + 2 + snap.venues.length + 1 + (selected ? detailLevels + 5 : 0) + 2;
  const perSec = snap.venues.reduce((s, v) => s + v.perSec, 0);
  return (
    <Box flexDirection="column">
      <Header
        label={p.label}
        filters={p.filters}
        now={snap.now}
        live={snap.live.length}
        stale={snap.staleCount}
        perSec={perSec}
        sortLabel={SORT_LABEL[keys.sort]}
        paused={keys.paused}
        filter={keys.filter}
        editingFilter={keys.editingFilter}
      />
      <OpportunityTable rows={rows} selectedId={selectedId ?? rows[0]?.opp.id} hot={hot} maxRows={termRows - fixed} />
      {selected ? <DetailPane tracked={selected} book={p.book} levels={detailLevels} /> : null}
      <VenuePanel venues={snap.venues} width={width} />
      <KeyHelp editingFilter={keys.editingFilter} />
    </Box>
  );
}
