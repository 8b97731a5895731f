import { connect, DiscardPolicy, RetentionPolicy, StorageType, type NatsConnection } from 'nats';
import { ArblensError } from '../../core/errors.js';
import type { NatsSpec } from './nats-url.js';

/** Connects, naming the server (password masked) and the fix when it cannot. */
export async function connectNats(spec: NatsSpec, name: string): Promise<NatsConnection> {
  try {
    return await connect({ servers: spec.servers, user: spec.user, pass: spec.pass, name, timeout: 5000, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
  } catch (err) {
    throw new ArblensError(`connecting to ${spec.display} failed: ${scrub(String((err as Error).message ?? err), spec)} — is nats-server running (with -js for JetStream)? check --publish / --source`);
  }
}

/**
 * The JetStream stream holding every arblens subject for the retention window (max_age, and
 * under max_bytes when the URL sets one), so a subscriber that starts late can replay. Messages
 * are published with core NATS publish (no per-message acknowledgement: the throughput path);
 * JetStream captures them by subject. Created when missing; its window and cap updated when the
 * URL asks for others.
 */
export async function ensureStream(nc: NatsConnection, spec: NatsSpec): Promise<void> {
  try {
    const jsm = await nc.jetstreamManager();
    const config = {
      name: spec.stream,
      subjects: [`${spec.root}.>`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      max_age: Math.round(spec.retentionMs * 1e6), // nanoseconds
      // A busy desk fills a disk within the window: with a cap the oldest messages go first.
      max_bytes: spec.maxBytes,
      max_msgs_per_subject: -1,
    };
    try {
      const info = await jsm.streams.info(spec.stream);
      if (info.config.max_age !== config.max_age || info.config.max_bytes !== config.max_bytes) await jsm.streams.update(spec.stream, { ...info.config, max_age: config.max_age, max_bytes: config.max_bytes });
    } catch (err) {
      if (!/stream not found/i.test(String((err as Error).message))) throw err;
      await jsm.streams.add(config);
    }
  } catch (err) {
    const m = scrub(String((err as Error).message ?? err), spec);
    const fix = /overlap/i.test(m)
      ? `another stream already holds ${spec.root}.> — add ?stream=<that stream's name> or ?subject=<another root> to the URL`
      : /jetstream not enabled|503|no responders|timeout/i.test(m)
        ? 'start nats-server with -js (JetStream)'
        : 'check the server and the URL';
    throw new ArblensError(`setting up the JetStream stream ${spec.stream} on ${spec.display} failed: ${m} — ${fix}`);
  }
}

function scrub(m: string, spec: NatsSpec): string {
  return spec.pass ? m.split(spec.pass).join('***') : m;
}

/**
 * Calls `change(false)` when the client loses the server and `change(true)` once it has
 * reconnected (each only on a change), until the connection closes. The publisher holds what it
 * publishes meanwhile; a reader reports the bus as a venue.
 */
export function onConnectionChange(nc: NatsConnection, change: (up: boolean) => void): void {
  let up = true;
  void (async () => {
    for await (const s of nc.status()) {
      const now: boolean = s.type === 'disconnect' ? false : s.type === 'reconnect' ? true : up;
      if (now !== up) change((up = now));
    }
  })().catch(() => undefined);
}
