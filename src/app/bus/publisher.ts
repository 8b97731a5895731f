import type { NatsConnection } from 'nats';
import type { MarketEvent, VenueStatusEvent } from '../../core/types.js';
import type { LiveEvent, TickResult } from '../../engine/live-ranker.js';
import type { WatchSink } from '../watch/pipeline.js';
import { eventLine } from '../watch/ndjson-sink.js';
import { closeLine, writeFigures } from './opp-lines.js';
import { JsonBytes } from '../../core/json-bytes.js';
import { scrub } from '../../core/scrub.js';
import { DEFAULT_RESEND_MS } from './nats-url.js';
import { fundingSubject, oppSubject, quoteSubject, venueSubject } from './subjects.js';

export interface PublisherOptions {
  /** `figures` (default): short update and close lines; `whole`: every event's whole NDJSON line. */
  readonly opps?: 'figures' | 'whole';
  /** Each live opportunity's whole line at least this often (ms); 0: only on open. */
  readonly resendMs?: number;
  /** Told when the server goes away and comes back (the server as shown: password masked). */
  readonly warn?: (message: string) => void;
  readonly display?: string;
  /** Bytes held for the reconnect while the server is away (default OUTAGE_BYTES). */
  readonly outageBytes?: number;
}

/**
 * While the server is unreachable, what is published is held here and sent once the client has
 * reconnected — the client itself (nats.js 2) empties its buffer at every reconnect attempt, so
 * without this an outage loses everything published during it. Up to this many bytes; past it
 * messages are dropped (counted) until the connection is back, so a bus down for an hour costs a
 * bounded amount of memory. Subscribers then catch up on opportunities from their next whole
 * lines (resendMs) and on quotes from the next ones.
 */
export const OUTAGE_BYTES = 64 << 20;

/** How long closing waits for the server to take what is buffered before it gives up. */
const DRAIN_MS = 5_000;

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
  /** Messages dropped: past OUTAGE_BYTES while the server was away, or refused by a closed connection. */
  dropped = 0;
  private down = false;
  private held: { readonly subject: string; readonly data: Uint8Array }[] = [];
  private heldBytes = 0;
  private droppedWhileDown = 0;

  /** Each live opportunity (by id): when its whole line is due again (tick time), and its id as JSON. */
  private readonly sent = new Map<string, { wholeDue: number; readonly id: Buffer }>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly root = 'arblens',
    private readonly o: PublisherOptions = {},
  ) {
    // Ends when the connection closes.
    this.followStatus().catch(() => undefined);
  }

  /** Whether the server is reachable, from the client's status events; what was held goes out on reconnect. */
  private async followStatus(): Promise<void> {
    const server = this.o.display ?? 'the NATS server';
    const budget = `${Math.round((this.o.outageBytes ?? OUTAGE_BYTES) / 2 ** 20)} MB`;
    for await (const s of this.nc.status()) {
      if (s.type === 'disconnect' && !this.down) {
        this.down = true;
        this.droppedWhileDown = 0;
        this.o.warn?.(`--publish: lost ${server}; reconnecting — what is published meanwhile is held (up to ${budget}) and sent when it is back`);
      } else if (s.type === 'reconnect' && this.down) {
        this.down = false;
        const held = this.held;
        this.held = [];
        this.heldBytes = 0;
        for (const m of held) this.publish(m.subject, m.data);
        const dropped = this.droppedWhileDown ? `; ${this.droppedWhileDown} dropped past the ${budget} held` : '';
        this.o.warn?.(`--publish: reconnected to ${server}; ${held.length} messages held meanwhile sent${dropped}`);
      }
    }
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
  async flush(): Promise<void> {
    await this.nc.flush();
  }

  async close(): Promise<void> {
    if (this.held.length) this.o.warn?.(`--publish: ${this.held.length} messages held for ${this.o.display ?? 'the NATS server'} were not sent: it did not come back before the end`);
    if (this.nc.isClosed()) return;
    // Draining needs the server: with it away (or not answering) the watch would never exit.
    if (this.down) return void (await this.nc.close());
    const drained = this.nc.drain().then(() => true, () => true);
    if (!(await Promise.race([drained, new Promise<false>((r) => setTimeout(() => r(false), DRAIN_MS).unref())]))) await this.nc.close();
  }

  private drop(): void {
    this.dropped++;
    if (this.down) this.droppedWhileDown++;
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
    if (this.down) {
      if (this.heldBytes + data.length > (this.o.outageBytes ?? OUTAGE_BYTES)) return this.drop();
      this.held.push({ subject, data });
      this.heldBytes += data.length;
      return;
    }
    this.publish(subject, data);
  }

  private publish(subject: string, data: Uint8Array): void {
    try {
      this.nc.publish(subject, data);
    } catch {
      // A closed connection (after close, or a server that refused us for good): the watch goes on.
      return this.drop();
    }
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

/** An event's whole NDJSON line, scrubbed of secrets as every line arblens writes is (core/scrub.ts). */
function wholeLine(e: LiveEvent, now: number): string {
  return scrub(JSON.stringify(eventLine(e, now))) + '\n';
}
