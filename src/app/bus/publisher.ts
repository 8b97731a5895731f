import type { NatsConnection } from 'nats';
import type { MarketEvent, VenueStatusEvent } from '../../core/types.js';
import type { LiveEvent, TickResult } from '../../engine/live-ranker.js';
import type { WatchSink } from '../watch/pipeline.js';
import { eventLine } from '../watch/ndjson-sink.js';
import { closeLine, figuresLine } from './opp-lines.js';
import { DEFAULT_RESEND_MS } from './nats-url.js';
import { fundingSubject, oppSubject, quoteSubject, venueSubject } from './subjects.js';

export interface PublisherOptions {
  /** `figures` (default): short update and close lines; `whole`: every event's whole NDJSON line. */
  readonly opps?: 'figures' | 'whole';
  /** Each live opportunity's whole line at least this often (ms); 0: only on open. */
  readonly resendMs?: number;
}

/**
 * `watch --publish nats://…`: every quote and funding rate as it arrives and venue states, one
 * JSON message each on its subject; opportunity events (open / update / close, the NDJSON shape)
 * once per engine tick: one message per subject `arblens.opps.<kind>.<symbol>` holding that
 * tick's events for it as NDJSON (one JSON object per line, each ending in '\n'). A busy tick
 * has thousands of events on a few hundred subjects: a message per event would make the server
 * route, store and fan out, and every subscriber parse, several times as many messages.
 *
 * An `open` is the whole NDJSON line; an `update` and a `close` are short lines (opp-lines.ts),
 * and each live opportunity's whole line is sent again as an update at least every `resendMs`,
 * so a subscriber that joins late knows every opportunity in full within that time.
 * `opps: 'whole'` sends every event's whole line instead.
 * Core NATS publish buffers in the client and writes in large chunks, so the hot path stays a
 * push; `close` drains what is buffered.
 */
export class NatsPublisher implements WatchSink {
  /** Messages handed to the client. */
  published = 0;
  /** Opportunity events inside them (one per NDJSON line). */
  events = 0;
  /** Payload bytes handed to the client. */
  bytes = 0;

  /** When each live opportunity's whole line last went out (tick time), by id. */
  private readonly wholeAt = new Map<string, number>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly root = 'arblens',
    private readonly o: PublisherOptions = {},
  ) {}

  onMarketEvent(e: MarketEvent): void {
    if (e.type === 'quote') this.send(quoteSubject(e.venue, e.symbol, this.root), JSON.stringify(e));
    else if (e.type === 'funding') this.send(fundingSubject(e.venue, e.symbol, this.root), JSON.stringify(e));
  }

  onVenueStatus(s: VenueStatusEvent): void {
    this.send(venueSubject(s.venue, this.root), JSON.stringify(s));
  }

  onTick(t: TickResult): void {
    if (t.events.length === 0) return;
    // Lines gathered per subject, in event order; a Map keeps the subjects in first-seen order.
    const bodies = new Map<string, string>();
    for (const e of t.events) {
      const subject = this.oppSubjectOf(e.tracked.opp.kind, e.tracked.opp.symbol);
      const line = this.lineOf(e, t.now) + '\n';
      const body = bodies.get(subject);
      if (body === undefined) bodies.set(subject, line);
      else if (body.length + line.length <= this.maxChars) bodies.set(subject, body + line);
      else (this.send(subject, body), bodies.set(subject, line));
    }
    for (const [subject, body] of bodies) this.send(subject, body);
    this.events += t.events.length;
  }

  private lineOf(e: LiveEvent, now: number): string {
    if (this.o.opps === 'whole') return JSON.stringify(eventLine(e, now));
    const id = e.tracked.opp.id;
    if (e.event === 'close') {
      this.wholeAt.delete(id);
      return closeLine(e);
    }
    const resend = this.o.resendMs ?? DEFAULT_RESEND_MS;
    if (e.event === 'update') {
      const at = this.wholeAt.get(id);
      // The first line sent for an opportunity is whole, even an update (opened before this
      // publisher started).
      if (at !== undefined && (resend <= 0 || now - at < resend)) return figuresLine(e);
    }
    this.wholeAt.set(id, now);
    return JSON.stringify(eventLine(e, now));
  }

  /**
   * Longest body in UTF-16 units: a quarter of the server's max_payload (1 MiB by default), so
   * even all-non-ASCII text (at most 3 UTF-8 bytes per unit) fits. A subject whose lines in one
   * tick exceed it goes out as several messages, each whole lines.
   */
  private get maxChars(): number {
    return Math.floor((this.nc.info?.max_payload ?? 1_048_576) / 4);
  }

  /** Subjects of opportunity events, built once per kind and symbol (they repeat every tick). */
  private readonly oppSubjects = new Map<string, string>();
  private oppSubjectOf(kind: string, symbol: string): string {
    const key = kind + '\u0000' + symbol;
    let s = this.oppSubjects.get(key);
    if (s === undefined) this.oppSubjects.set(key, (s = oppSubject(kind, symbol, this.root)));
    return s;
  }

  /** Resolves once the server has received everything published so far (a PING/PONG round trip). */
  async flush(): Promise<void> {
    await this.nc.flush();
  }

  async close(): Promise<void> {
    if (this.nc.isClosed()) return;
    await this.nc.drain();
  }

  private send(subject: string, body: string): void {
    const data = Buffer.from(body);
    this.nc.publish(subject, data);
    this.published++;
    this.bytes += data.length;
  }
}
