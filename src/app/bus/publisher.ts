import type { NatsConnection } from 'nats';
import type { MarketEvent, VenueStatusEvent } from '../../core/types.js';
import type { LiveEvent, TickResult } from '../../engine/live-ranker.js';
import type { WatchSink } from '../watch/pipeline.js';
import { eventLine } from '../watch/ndjson-sink.js';
import { closeLine, writeFigures } from './opp-lines.js';
import { JsonBytes } from '../../core/json-bytes.js';
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
 * and each live opportunity's whole line is sent again as an update at least every `resendMs`
 * (the first time after half to all of it), so a subscriber that joins late knows every
 * opportunity in full within that time.
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
  /** Messages left out: over the server's max_payload on their own. */
  oversized = 0;

  /** Each live opportunity (by id): when its whole line is due again (tick time), and its id as JSON. */
  private readonly sent = new Map<string, { wholeDue: number; readonly id: Buffer }>();

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
    // Events gathered per subject, in event order; a Map keeps the subjects in first-seen order.
    const bySubject = new Map<string, LiveEvent[]>();
    for (const e of t.events) {
      const subject = this.oppSubjectOf(e.tracked.opp.kind, e.tracked.opp.symbol);
      const list = bySubject.get(subject);
      if (list === undefined) bySubject.set(subject, [e]);
      else list.push(e);
    }
    // One buffer for the tick: each subject's lines written one after another, each message a
    // view of it (a fresh buffer per tick: the client holds the views until it writes them).
    const out = new JsonBytes(t.events.length * 320);
    const limit = this.nc.info?.max_payload ?? 1_048_576;
    for (const [subject, events] of bySubject) {
      let from = out.pos;
      for (const e of events) {
        const line = out.pos;
        this.writeLine(out, e, t.now);
        // Past the server's payload limit: what came before this line is one message. (A single
        // line over the limit goes alone: see sendBytes.)
        if (out.pos - from > limit && line > from) (this.sendBytes(subject, out.view(from, line)), (from = line));
      }
      this.sendBytes(subject, out.view(from));
    }
    this.events += t.events.length;
  }

  private writeLine(out: JsonBytes, e: LiveEvent, now: number): void {
    if (this.o.opps === 'whole') return out.text(JSON.stringify(eventLine(e, now)) + '\n');
    const id = e.tracked.opp.id;
    if (e.event === 'close') {
      this.sent.delete(id);
      return out.text(closeLine(e) + '\n');
    }
    const resend = this.o.resendMs ?? DEFAULT_RESEND_MS;
    const sent = this.sent.get(id);
    // The first line sent for an opportunity is whole, even an update (opened before this
    // publisher started).
    if (e.event === 'update' && sent !== undefined && (resend <= 0 || now < sent.wholeDue)) return writeFigures(out, e, sent.id);
    // The first resend comes between half the interval and the whole of it after the first line
    // (by a hash of the id): opportunities that open together — all of them, at start-up — are
    // not all sent whole again on the same tick, every interval.
    if (sent === undefined) this.sent.set(id, { wholeDue: now + resend - spread(id, resend / 2), id: Buffer.from(JSON.stringify(id)) });
    else sent.wholeDue = now + resend;
    out.text(JSON.stringify(eventLine(e, now)) + '\n');
  }

  /** Subjects of opportunity events, built once per kind and symbol (they repeat every tick). */
  private readonly oppSubjects = new Map<string, Map<string, string>>();
  private oppSubjectOf(kind: string, symbol: string): string {
    let ofKind = this.oppSubjects.get(kind);
    if (ofKind === undefined) this.oppSubjects.set(kind, (ofKind = new Map()));
    let s = ofKind.get(symbol);
    if (s === undefined) ofKind.set(symbol, (s = oppSubject(kind, symbol, this.root)));
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
    this.sendBytes(subject, Buffer.from(body));
  }

  private sendBytes(subject: string, data: Uint8Array): void {
    // The client throws on a message over the server's limit; one oversized line (an opportunity
    // with thousands of legs) is left out and counted, and the watch goes on.
    if (data.length > (this.nc.info?.max_payload ?? Infinity)) {
      this.oversized++;
      return;
    }
    this.nc.publish(subject, data);
    this.published++;
    this.bytes += data.length;
  }
}

/** A share of `range` in [0, range), the same for the same id (FNV-1a of its UTF-16 units). */
function spread(id: string, range: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return Math.floor(((h >>> 0) / 2 ** 32) * range);
}
