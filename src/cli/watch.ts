import { Option, type Command } from 'commander';
import { EXIT, UsageError } from '../core/errors.js';
import { UNIFIED_SYMBOL } from '../core/symbols.js';
import { WATCH_KINDS, WATCH_MARKETS, type WatchRequest } from '../app/watch/run.js';
import { durationOption, number } from './parse.js';
import { addFilterOptions, LIVE_FILTER_DEFAULTS } from './filter-options.js';
import { addNotifyOptions } from './serve.js';

/** The watch request plus how to show it. */
export interface WatchOptions extends WatchRequest {
  ndjson?: boolean;
  fps: number;
}

/** `--speed 20`, `--speed max` / `Infinity`. */
function speed(v: string): number {
  if (/^(max|inf|infinity)$/i.test(v.trim())) return Infinity;
  return number('--speed', 'use a factor such as 20, or max', { min: 0.001 })(v);
}

export function registerWatch(program: Command): void {
  const cmd = program.command('watch').description('live streams → opportunities ranked as they open and close (Ink TUI, or NDJSON when piped)');
  addFilterOptions(cmd, { kinds: WATCH_KINDS, ...LIVE_FILTER_DEFAULTS })
    .addOption(new Option('--market <type>', 'markets to follow').choices(WATCH_MARKETS).default('all'))
    .addOption(new Option('--feed <kind>', 'full order books, or best bid/ask only (lighter)').choices(['books', 'tops']).default('books'))
    .option('--ndjson', 'NDJSON events on stdout (the default when stdout is not a terminal)')
    .option('--record', 'also write quotes, funding and opportunities to the store, in batches')
    .option('--store <url>', 'where --record writes: a SQLite path (sqlite:<path>) or clickhouse://user:pass@host:8123/db (default $ARBLENS_STORE, else --db)')
    .option('--publish <url>', 'also publish quotes, opportunity events and venue states to NATS (nats://host:4222[?retention=1h&max-bytes=20GB&opps=figures&resend=30s])')
    .option('--source <url>', 'read quotes from NATS instead of the venues (nats://host:4222[?replay=15m|all])')
    .option('--replay <db>', 'replay quotes recorded in a store through the same pipeline')
    .option('--speed <factor>', 'replay speed: 20 = 20× real time, max = as fast as possible', speed, 1)
    .option('--demo', 'offline: a simulated feed seeded from data/demo (synthetic data)')
    .option('--alert-net <pct>', 'ring the bell and highlight when net spread ≥ pct', number('--alert-net', 'use a percentage such as 0.3'))
    .addOption(durationOption('--cooldown <duration>', 'quiet period per opportunity after an alert', 30_000, '30s'))
    .addOption(durationOption('--tick <duration>', 'ranking period (the TUI draws at most 10 frames/s)', 100, '100ms'))
    .option('--fps <n>', 'TUI frames per second, at most 10 (lower uses less CPU)', number('--fps', 'use 1 to 10', { min: 1, max: 10 }), 4)
    .addOption(durationOption('--stall-timeout <duration>', 'reconnect a feed that sends nothing for this long', 30_000, '30s'))
    .addOption(durationOption('--funding-poll <duration>', 'how often funding rates of live perps are fetched over REST (0 = never)', 60_000, '60s'))
    .addHelpText(
      'after',
      `
Examples:
  arblens watch --demo
  arblens watch --venues binance,okx,bybit --symbols BTC/USDT:USDT,ETH/USDT:USDT --min-net 0.02
  arblens watch --record
  arblens watch --record --store clickhouse://localhost:8123/arblens
  arblens watch --publish nats://localhost:4222
  arblens watch --source nats://localhost:4222 --ndjson
  arblens watch --ndjson | jq -c 'select(.event=="open")'
  arblens watch --replay ~/.local/share/arblens/arblens.db --speed 20
  arblens watch --notify discord:https://discord.com/api/webhooks/… --alert-net 0.3

Keys: q quit · p pause · s sort · / filter · ↑/↓ select · Enter detail · Esc back
NDJSON events: open, update, close (with lifetimeMs and reason), venue (state changes).`,
    )
    .action(async (o: WatchOptions) => {
      process.exitCode = await runWatch(o);
    });
  addNotifyOptions(cmd);
}

export async function runWatch(o: WatchOptions): Promise<number> {
  if (o.demo && o.replay) throw new UsageError('--replay: cannot be used with --demo — pick one source');
  if (o.source && (o.demo || o.replay)) throw new UsageError(`--source: cannot be used with ${o.demo ? '--demo' : '--replay'} — pick one source`);
  if (o.source && !/^nats:\/\//i.test(o.source.trim())) throw new UsageError(`--source '${o.source.replace(/:[^:@/]*@/, ':***@')}': only NATS is supported — use nats://localhost:4222`);
  if (o.store !== undefined && !o.record) throw new UsageError('--store: names where --record writes — add --record');
  if (o.record && o.replay) throw new UsageError('--record: cannot be used with --replay — a replay is already recorded');
  if (o.tick < 10) throw new UsageError(`--tick: '${o.tick}ms' is too short — use 100ms (or at least 10ms)`);
  const symbols = o.symbols?.map((s) => (s.includes('/') ? s.toUpperCase() : s));
  for (const s of symbols ?? []) {
    if (s.includes('/') && !UNIFIED_SYMBOL.test(s)) {
      throw new UsageError(`--symbols: '${s}' is not a unified symbol — use BASE/QUOTE for spot (BTC/USDT) or BASE/QUOTE:SETTLE for a perp (BTC/USDT:USDT)`);
    }
  }
  const ndjson = !!o.ndjson || !process.stdout.isTTY;
  const warn = (m: string) => {
    if (!o.quiet) process.stderr.write(ndjson ? JSON.stringify({ level: 'warning', message: m, ts: new Date().toISOString() }) + '\n' : `warning: ${m}\n`);
  };

  const { openWatch } = await import('../app/watch/run.js');
  const opened = await openWatch(o, symbols, {
    warn,
    ndjson: ndjson ? (text) => void process.stdout.write(text) : undefined,
    note: (m) => !ndjson && !o.quiet && process.stderr.write(`${m}\n`),
  });
  if ('exitCode' in opened) {
    process.stderr.write(`arblens: ${opened.message}\n`);
    return opened.exitCode;
  }
  const { pipeline, alerts, label } = opened;

  let signalled: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    signalled = sig;
    void pipeline.stop();
  };
  // `on`, not `once`: Ink's signal-exit re-raises a signal nobody else listens to, which would
  // kill the process before the terminal is restored and the recorder flushed.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A closed pipe (`| head`) ends the session quietly instead of crashing on EPIPE.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') void pipeline.stop();
  });
  try {
    if (ndjson) await pipeline.run();
    else {
      // React's development build is several times slower per frame; a CLI runs production.
      process.env.NODE_ENV ??= 'production';
      // Ink keeps every string it ever measured; bounded before Ink loads (a day-long session).
      (await import('../tui/bound-ink-caches.js')).boundInkCaches();
      const { runTui } = await import('../tui/run-tui.js');
      await runTui(pipeline, { label, alerts, maxAgeMs: o.maxAge, filters: describeFilters(o), frameMs: Math.round(1000 / o.fps) });
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (signalled === 'SIGINT') return 130;
  if (signalled === 'SIGTERM') return 143;
  return EXIT.ok;
}

function describeFilters(o: WatchOptions): string {
  const parts = [`market ${o.market}`, `min-net ${o.minNet}%`, `max-age ${o.maxAge / 1000}s`];
  if (o.minProfit) parts.push(`min-profit ${o.minProfit}`);
  if (o.kinds) parts.push(`kinds ${o.kinds.join(',')}`);
  if (o.alertNet !== undefined) parts.push(`alert ≥ ${o.alertNet}%`);
  return parts.join(' · ');
}
