import type { TickResult } from '../../engine/live-ranker.js';
import type { WatchSink, WatchSnapshot } from './pipeline.js';

/** Bridges the pipeline's ticks to React: keeps the latest snapshot and notifies subscribers. */
export class SnapshotFeed implements WatchSink {
  private latest?: WatchSnapshot;
  private readonly listeners = new Set<(s: WatchSnapshot) => void>();

  get current(): WatchSnapshot | undefined {
    return this.latest;
  }

  onTick(_t: TickResult, snap: WatchSnapshot): void {
    this.latest = snap;
    for (const l of this.listeners) l(snap);
  }

  subscribe(l: (s: WatchSnapshot) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}
