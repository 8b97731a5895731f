import { Option, type Command } from 'commander';
import { EXIT, UsageError } from '../core/errors.js';
import { UNIFIED_SYMBOL } from '../core/symbols.js';
import { WATCH_KINDS, WATCH_MARKETS } from '../app/watch/run.js';
import type { ServeRequest } from '../serve/run.js';
import { durationOption, integer, list, number } from './parse.js';
import { addFilterOptions, LIVE_FILTER_DEFAULTS } from './filter-options.js';

/** What commander hands over: the request's fields under their flag names. */
type ServeFlags = Omit<ServeRequest, 'cors' | 'token' | 'bodyLimit' | 'maxClientBufferBytes' | 'heartbeatMs'> & {
  cors?: string[];
  token?: string;
  clientBuffer: number;
  heartbeat: number;
};

/** Notification flags shared by `watch` and `serve` (targets are parsed by app/notify). */
export function addNotifyOptions(cmd: Command): Command {
  return cmd
    .option('--notify <target>', 'send alerts to webhook:<url>, discord:<url>, slack:<url>, telegram:<bot token>@<chat id>, ntfy:<topic url> or exec:<command> (repeatable)', (v: string, acc: string[] = []) => [...acc, v])
    .option('--notify-secret <secret>', 'sign webhook bodies with HMAC-SHA256 (header X-Arblens-Signature-256; default $ARBLENS_NOTIFY_SECRET)')
    .option('--alert-profit <amount>', 'alert when net profit (valuation currency) ≥ amount', number('--alert-profit', 'use an amount such as 25'));
}

export function registerServe(program: Command): void {
  const cmd = program.command('serve').description('live opportunities over HTTP, WebSocket and SSE, a web dashboard and Prometheus metrics');
  addFilterOptions(cmd, { kinds: WATCH_KINDS, ...LIVE_FILTER_DEFAULTS })
    .option('--host <address>', 'address to listen on (anything but loopback needs --token)', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0 = any free port)', integer('--port', 'use a port such as 8420', 0), 8420)
    .option('--token <token>', 'API token required on every request (default $ARBLENS_TOKEN)')
    .option('--cors <origins>', 'allow these browser origins (comma-separated, or *); CORS is off without it', list)
    .option('--rate-limit <n>', 'requests per second per client address, bursts of twice that (0 = no limit)', number('--rate-limit', 'use e.g. 100, or 0 for no limit', { min: 0 }), 100)
    .option('--client-buffer <bytes>', 'bytes a WS/SSE client may fall behind before it is dropped (close code 4008)', integer('--client-buffer', 'use e.g. 1048576', 1024), 1 << 20)
    .addOption(durationOption('--heartbeat <duration>', 'WebSocket ping / SSE comment period', 15_000, '15s'))
    .addOption(new Option('--market <type>', 'markets to follow').choices(WATCH_MARKETS).default('all'))
    .addOption(new Option('--feed <kind>', 'full order books, or best bid/ask only (lighter)').choices(['books', 'tops']).default('books'))
    .option('--record', 'also write quotes, funding and opportunities to the store, in batches')
    .option('--replay <db>', 'serve a replay of quotes recorded in a store')
    .option('--speed <factor>', 'replay speed factor', number('--speed', 'use a factor such as 20', { min: 0.001 }), 1)
    .option('--demo', 'offline: a simulated feed seeded from data/demo (synthetic data)')
    .option('--strategies <dir>', 'folder of strategy files POST /api/v1/backtests may run by name (built-ins always)')
    .option('--alert-net <pct>', 'mark events (and notify) when net spread ≥ pct', number('--alert-net', 'use a percentage such as 0.3'))
    .addOption(durationOption('--cooldown <duration>', 'quiet period per opportunity (and per notify target) after an alert', 30_000, '30s'))
    .addOption(durationOption('--tick <duration>', 'ranking period', 100, '100ms'))
    .addOption(durationOption('--stall-timeout <duration>', 'reconnect a feed that sends nothing for this long', 30_000, '30s'))
    .addOption(durationOption('--funding-poll <duration>', 'how often funding rates of live perps are fetched over REST (0 = never)', 60_000, '60s'))
    .addHelpText(
      'after',
      `
Examples:
  arblens serve --demo                                  # http://127.0.0.1:8420 (offline)
  arblens serve --venues binance,okx,bybit --record
  arblens serve --demo --alert-net 0.3 --notify ntfy:https://ntfy.sh/my-topic
  ARBLENS_TOKEN=s3cret arblens serve --host 0.0.0.0
  curl -s 'localhost:8420/api/v1/opportunities?kinds=cross-spot&top=5'
  websocat ws://localhost:8420/ws/opportunities
  curl -N localhost:8420/sse/opportunities

Endpoints: / · /health · /metrics · /openapi.json · /api/v1/opportunities[/{id}] · /api/v1/venues
           /ws/opportunities · /sse/opportunities (snapshot, then open/update/close/venue events)`,
    )
    .action(async (o: ServeFlags) => {
      process.exitCode = await runServe(o);
    });
  addNotifyOptions(cmd);
}

export async function runServe(o: ServeFlags): Promise<number> {
  const token = o.token ?? (process.env.ARBLENS_TOKEN || undefined);
  const { isLoopback } = await import('../serve/auth.js');
  if (!isLoopback(o.host) && !token) {
    throw new UsageError(`--host '${o.host}' is not loopback — anyone who can reach it could read the API: set --token <token> or ARBLENS_TOKEN, or bind 127.0.0.1`);
  }
  if (token !== undefined && token.length < 8) throw new UsageError('--token is shorter than 8 characters — use a long random string (e.g. `openssl rand -hex 16`)');
  if (o.demo && o.replay) throw new UsageError('--demo and --replay are exclusive — pick one source');
  if (o.record && o.replay) throw new UsageError('--record and --replay are exclusive — a replay is already recorded');
  if (o.tick < 10) throw new UsageError(`--tick '${o.tick}ms' is too short — use 100ms (or at least 10ms)`);
  if (o.port > 65535) throw new UsageError(`--port '${o.port}' is not a port — use 1 to 65535 (or 0 for any free port)`);
  const symbols = o.symbols?.map((s) => (s.includes('/') ? s.toUpperCase() : s));
  for (const s of symbols ?? []) {
    if (s.includes('/') && !UNIFIED_SYMBOL.test(s)) throw new UsageError(`--symbols: '${s}' is not a unified symbol — use BASE/QUOTE (BTC/USDT) or BASE/QUOTE:SETTLE (BTC/USDT:USDT)`);
  }
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const warn = (m: string) => {
    if (!o.quiet) log(`warning: ${m}`);
  };
  const { startServe } = await import('../serve/run.js');
  let handle;
  try {
    handle = await startServe({ ...o, token, bodyLimit: 64 * 1024, maxClientBufferBytes: o.clientBuffer, heartbeatMs: o.heartbeat }, symbols, { warn, note: log, log });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new UsageError(`--port ${o.port}: the address is in use — pick another port, or 0 for any free one`);
    if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') throw new UsageError(`--host '${o.host}': no such local address — use 127.0.0.1 or 0.0.0.0`);
    throw err;
  }
  if ('exitCode' in handle) {
    process.stderr.write(`arblens: ${handle.message}\n`);
    return handle.exitCode;
  }
  const h = handle;
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    if (signalled) return;
    signalled = sig;
    void h.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await h.done;
    await h.stop();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (signalled === 'SIGINT') return 130;
  if (signalled === 'SIGTERM') return 143;
  return EXIT.ok;
}
