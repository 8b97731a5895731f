import type { NatsConnection } from 'nats';
import type { MarketEvent, VenueStatusEvent } from '../../core/types.js';
import type { LiveEvent, TickResult } from '../../engine/live-ranker.js';
import type { WatchSink } from '../watch/pipeline.js';
import { eventLine } from '../watch/ndjson-sink.js';
import { closeLine, writeFigures } from './opp-lines.js';
import { JsonBytes } from '../../core/json-bytes.js';
import { NatsSender, type SenderOptions } from './nats-sender.js';
import { scrub } from '../../core/scrub.js';
import { DEFAULT_RESEND_MS } from './nats-url.js';
import { fundingSubject, oppSubject, quoteSubject, venueSubject } from './subjects.js';

export interface PublisherOptions extends SenderOptions {
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
 * push; how messages reach the client — through outages, limits and closing — is NatsSender's.
 */
export class NatsPublisher implements WatchSink {
  /** Opportunity events published (one per NDJSON line). */
  events = 0;
  /** Hands the messages to the client; its counts say what was published, held and left out. */
  readonly sender: NatsSender;

  /** Each live opportunity (by id): when its whole line is due again (tick time), and its id as JSON. */
  private readonly sent = new Map<string, { wholeDue: number; readonly id: Buffer }>();

  constructor(
    nc: NatsConnection,
    private readonly root = 'arblens',
    private readonly o: PublisherOptions = {},
  ) {
    this.sender = new NatsSender(nc, o);
  }

  onMarketEvent(e: MarketEvent): void {
    if (e.type === 'quote') this.send(quoteSubject(e.venue, e.symbol, this.root), JSON.stringify(e));
    else if (e.type === 'funding') this.send(fundingSubject(e.venue, e.symbol, this.root), JSON.stringify(e));
  }

  onVenueStatus(s: VenueStatusEvent): void {
    // A venue's message may quote what the venue sent back, credentials included (as NDJSON does).
    this.send(venueSubject(s.venue, this.root), scrub(JSON.stringify(s)));
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
    const limit = this.sender.maxPayload;
    for (const [subject, events] of bySubject) {
      let from = out.pos;
      for (const e of events) {
        const line = out.pos;
        this.writeLine(out, e, t.now);
        // Past the server's payload limit: what came before this line is one message. (A single
        // line over the limit goes alone, and is left out: see NatsSender.)
        if (out.pos - from > limit && line > from) (this.sender.send(subject, out.view(from, line)), (from = line));
      }
      this.sender.send(subject, out.view(from));
    }
    this.events += t.events.length;
  }

  private writeLine(out: JsonBytes, e: LiveEvent, now: number): void {
    if (this.o.opps === 'whole') return out.text(wholeLine(e, now));
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
    out.text(wholeLine(e, now));
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
  flush(): Promise<void> {
    return this.sender.flush();
  }

  close(): Promise<void> {
    return this.sender.close();
  }

  private send(subject: string, body: string): void {
    this.sender.send(subject, Buffer.from(body));
  }
}

/** A share of `range` in [0, range), the same for the same id (FNV-1a of its UTF-16 units). */
function spread(id: string, range: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return Math.floor(((h >>> 0) / 2 ** 32) * range);
}

/** An event's whole NDJSON line, scrubbed of secrets as every line arblens writes is (core/scrub.ts). */
function wholeLine(e: LiveEvent, now: number): string {
  return scrub(JSON.stringify(eventLine(e, now))) + '\n';
}
