import { UsageError } from '../../core/errors.js';
import { parseDurationMs } from '../../core/units.js';

/**
 * `nats://[user:pass@]host:4222[?retention=1h&max-bytes=20GB&replay=15m&opps=figures&resend=30s]`: the server,
 * credentials (never shown: `display` masks the password) and the options arblens reads from the
 * query.
 */
export interface NatsSpec {
  readonly servers: string;
  readonly user?: string;
  readonly pass?: string;
  readonly display: string;
  /** JetStream stream retention window (ms): how far back a late subscriber can replay. */
  readonly retentionMs: number;
  /** The stream's size cap in bytes (`?max-bytes=20GB`; the oldest messages go first); -1: none. */
  readonly maxBytes: number;
  /** A consumer starts this far back (ms); undefined: the newest quote per instrument, then live. */
  readonly replayMs?: number;
  /** The JetStream stream's name (`?stream=`, default ARBLENS). */
  readonly stream: string;
  /** Opportunity updates and closes as short lines (`figures`, default) or whole (`?opps=whole`). */
  readonly opps: 'figures' | 'whole';
  /** Each live opportunity's whole line again at least this often (`?resend=30s`; 0: only on open). */
  readonly resendMs: number;
  /** First subject token (`?subject=`, default arblens): a stream owns its subjects, so two buses on one server need two roots. */
  readonly root: string;
}

export const DEFAULT_RETENTION_MS = 3_600_000;
export const DEFAULT_RESEND_MS = 30_000;


const SIZE = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB)?$/i;
const SIZE_UNIT: Record<string, number> = { B: 1, KB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40 };

/** A size: bytes, or KB/MB/GB/TB (powers of 1024). */
function size(flag: string, key: string, v: string): number {
  const m = SIZE.exec(v.trim());
  if (!m || Number(m[1]) <= 0) throw new UsageError(`${flag}: ${key}=${v} is not a size — use e.g. 500MB, 20GB`);
  return Math.round(Number(m[1]) * SIZE_UNIT[(m[2] ?? 'B').toUpperCase()]);
}

/** A duration with its unit (a bare number is refused: 60 what?). */
function duration(flag: string, key: string, v: string): number {
  const ms = /[a-z]\s*$/i.test(v) ? parseDurationMs(v) : undefined;
  if (ms === undefined) throw new UsageError(`${flag}: ${key}=${v} is not a duration — use e.g. 90s, 15m, 1h, 7d`);
  return ms;
}

export function isNatsUrl(v: string | undefined): boolean {
  return !!v && /^nats:\/\//i.test(v.trim());
}

export function parseNatsUrl(raw: string, flag: string): NatsSpec {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new UsageError(`${flag}: '${raw.replace(/:[^:@/]*@/, ':***@')}' is not a URL — use nats://localhost:4222`);
  }
  if (u.protocol !== 'nats:') throw new UsageError(`${flag}: only nats:// URLs are supported — use nats://localhost:4222`);
  if (!u.hostname) throw new UsageError(`${flag}: no host — use nats://localhost:4222`);
  const port = u.port || '4222';
  const user = u.username ? decodeURIComponent(u.username) : undefined;
  const pass = u.password ? decodeURIComponent(u.password) : undefined;
  const retention = u.searchParams.get('retention');
  const replay = u.searchParams.get('replay');
  const stream = u.searchParams.get('stream') ?? 'ARBLENS';
  if (!/^[A-Za-z0-9_-]+$/.test(stream)) throw new UsageError(`${flag}: stream=${stream} — a stream name uses letters, digits, _ and - only`);
  const root = u.searchParams.get('subject') ?? 'arblens';
  if (!/^[A-Za-z0-9_-]+$/.test(root)) throw new UsageError(`${flag}: subject=${root} — a subject root uses letters, digits, _ and - only`);
  const opps = u.searchParams.get('opps') ?? 'figures';
  if (opps !== 'figures' && opps !== 'whole') throw new UsageError(`${flag}: opps=${opps} — use opps=figures (short updates, the default) or opps=whole (every event's whole line)`);
  const resend = u.searchParams.get('resend');
  const maxBytes = u.searchParams.get('max-bytes');
  return {
    servers: `${u.hostname}:${port}`,
    user,
    pass,
    display: `nats://${user ? `${user}${pass ? ':***' : ''}@` : ''}${u.hostname}:${port}`,
    retentionMs: retention ? duration(flag, 'retention', retention) : DEFAULT_RETENTION_MS,
    maxBytes: maxBytes ? size(flag, 'max-bytes', maxBytes) : -1,
    replayMs: replay ? (replay === 'all' ? Infinity : duration(flag, 'replay', replay)) : undefined,
    stream,
    root,
    opps,
    resendMs: resend === null ? DEFAULT_RESEND_MS : resend.trim() === '0' ? 0 : duration(flag, 'resend', resend),
  };
}
