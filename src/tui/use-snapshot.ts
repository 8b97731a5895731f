import { useEffect, useRef, useState } from 'react';
import type { WatchSnapshot } from '../app/watch/pipeline.js';
import type { SnapshotFeed } from '../app/watch/snapshot-feed.js';

/**
 * The latest pipeline snapshot, re-rendered at most once per `frameMs` (≤ 10 frames/s keeps the
 * terminal steady and the CPU idle). While `paused`, the shown snapshot stays frozen.
 * `onFrame` runs once per new frame (alerts ring there, not in a render).
 */
export function useSnapshot(feed: SnapshotFeed, frameMs: number, paused: boolean, onFrame?: (s: WatchSnapshot) => void): WatchSnapshot | undefined {
  const [snap, setSnap] = useState<WatchSnapshot | undefined>(feed.current);
  const pending = useRef<WatchSnapshot | undefined>(undefined);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const onFrameRef = useRef(onFrame);
  onFrameRef.current = onFrame;

  useEffect(() => {
    const off = feed.subscribe((s) => {
      pending.current = s;
    });
    const timer = setInterval(() => {
      if (pausedRef.current || !pending.current) return;
      const next = pending.current;
      pending.current = undefined;
      setSnap(next);
      onFrameRef.current?.(next);
    }, Math.max(100, frameMs));
    return () => {
      off();
      clearInterval(timer);
    };
  }, [feed, frameMs]);
  return snap;
}
