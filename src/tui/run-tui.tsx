import { render } from 'ink';
import type { AlertTracker } from '../app/watch/alerts.js';
import { SnapshotFeed } from '../app/watch/snapshot-feed.js';
import type { WatchPipeline } from '../app/watch/pipeline.js';
import { WatchApp } from './WatchApp.js';

export interface TuiOptions {
  readonly label: string;
  readonly filters: string;
  readonly alerts: AlertTracker;
  readonly maxAgeMs: number;
  /** Minimum ms between frames (100 = 10 frames/s). */
  readonly frameMs: number;
}

// Alternate screen: the session does not scroll the user's shell history away; leaving it
// restores the screen exactly as it was.
const ENTER = '\x1b[?1049h\x1b[H';
const LEAVE = '\x1b[?25h\x1b[?1049l';

/**
 * Runs the Ink TUI over a pipeline until `q`, Ctrl-C, SIGINT/SIGTERM (handled by the caller,
 * which stops the pipeline) or an error; the terminal is restored on every one of those paths.
 */
export async function runTui(pipeline: WatchPipeline, o: TuiOptions): Promise<void> {
  const feed = new SnapshotFeed();
  pipeline.addSink(feed);
  const out = process.stdout;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    out.write(LEAVE);
    if (process.stdin.isTTY) process.stdin.setRawMode?.(false);
  };
  const onCrash = (err: unknown) => {
    try {
      instance.unmount();
    } catch {
      /* already unmounted */
    }
    restore();
    // A stack trace only under --debug (main sets ARBLENS_DEBUG).
    const detail = err instanceof Error ? (process.env.ARBLENS_DEBUG ? err.stack : err.message) : String(err);
    process.stderr.write(`arblens: unexpected error: ${detail}\n`);
    process.exit(1);
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  process.on('exit', restore);
  out.write(ENTER);
  const instance = render(
    <WatchApp
      feed={feed}
      book={(v, s) => pipeline.book(v, s)}
      label={o.label}
      filters={o.filters}
      alerts={o.alerts}
      bell={() => out.write('\x07')}
      onQuit={() => void pipeline.stop()}
      frameMs={o.frameMs}
      maxAgeMs={o.maxAgeMs}
    />,
    { exitOnCtrlC: false, patchConsole: true },
  );
  try {
    await pipeline.run();
  } finally {
    instance.unmount();
    await instance.waitUntilExit().catch(() => undefined);
    restore();
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    process.off('exit', restore);
  }
}
