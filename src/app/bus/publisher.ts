import type { NatsConnection } from 'nats';
import type { MarketEvent, VenueStatusEvent } from '../../core/types.js';
import type { TickResult } from '../../engine/live-ranker.js';
import type { WatchSink } from '../watch/pipeline.js';
import { eventLine } from '../watch/ndjson-sink.js';
import { fundingSubject, oppSubject, quoteSubject, venueSubject } from './subjects.js';

/**
 * `watch --publish nats://…`: every quote and funding rate as it arrives, every opportunity
 * event (open / update / close, the NDJSON shape) each tick, and venue states, one JSON message
 * each on its subject. Core NATS publish buffers in the client and writes in large chunks, so
 * the hot path stays a push; `close` drains what is buffered.
 */
export class NatsPublisher implements WatchSink {
  published = 0;

  constructor(private readonly nc: NatsConnection, private readonly root = 'arblens') {}

  onMarketEvent(e: MarketEvent): void {
    if (e.type === 'quote') this.send(quoteSubject(e.venue, e.symbol, this.root), e);
    else if (e.type === 'funding') this.send(fundingSubject(e.venue, e.symbol, this.root), e);
  }

  onVenueStatus(s: VenueStatusEvent): void {
    this.send(venueSubject(s.venue, this.root), s);
  }

  onTick(t: TickResult): void {
    for (const e of t.events) this.send(this.oppSubjectOf(e.tracked.opp.kind, e.tracked.opp.symbol), eventLine(e, t.now));
  }

  /** Subjects of opportunity events, built once per kind and symbol (they repeat every tick). */
  private readonly oppSubjects = new Map<string, string>();
  private oppSubjectOf(kind: string, symbol: string): string {
    const key = kind + '\u0000' + symbol;
    let s = this.oppSubjects.get(key);
    if (s === undefined) this.oppSubjects.set(key, (s = oppSubject(kind, symbol, this.root)));
    return s;
  }

  async close(): Promise<void> {
    if (this.nc.isClosed()) return;
    await this.nc.drain();
  }

  private send(subject: string, value: unknown): void {
    this.nc.publish(subject, Buffer.from(JSON.stringify(value)));
    this.published++;
  }
}
