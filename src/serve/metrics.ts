import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { VenueStatusEvent } from '../core/types.js';
import type { TickResult } from '../engine/live-ranker.js';
import type { WatchSnapshot } from '../app/watch/pipeline.js';
import type { HubObserver } from './hub.js';

/** What the metrics read of one notify queue (app/notify's NotifyQueue). */
export interface NotifyCounts {
  readonly target: { readonly kind: string };
  readonly dropped: number;
  readonly delivered: number;
  readonly failed: number;
}

const UP_STATES = new Set(['connected', 'connecting']);

/**
 * A counter over the notify queues' own running totals, read when scraped and summed per target
 * kind: labels name the kind only, as a target's URL or token is a secret.
 */
function notifyCounter(registry: Registry, name: string, help: string, field: 'dropped' | 'delivered' | 'failed', queues: () => readonly NotifyCounts[]): Counter<'target'> {
  return new Counter({
    name,
    help: `${help}, per target kind`,
    labelNames: ['target'],
    registers: [registry],
    collect() {
      this.reset();
      for (const q of queues()) this.inc({ target: q.target.kind }, q[field]);
    },
  });
}

/**
 * Prometheus metrics of one server, in its own registry (no global state, so tests and the
 * benchmark can run several servers). Labels carry venue ids and kinds only: never a token,
 * a URL or a credential.
 */
export class ServeMetrics implements HubObserver {
  readonly registry = new Registry();
  private readonly live = new Gauge({ name: 'arblens_opportunities_live', help: 'Live opportunities by kind', labelNames: ['kind'], registers: [this.registry] });
  private readonly events = new Counter({ name: 'arblens_events_total', help: 'Events emitted by type (open, update, close, venue)', labelNames: ['type'], registers: [this.registry] });
  private readonly messages = new Counter({ name: 'arblens_venue_messages_total', help: 'Market-data messages received per venue', labelNames: ['venue'], registers: [this.registry] });
  private readonly reconnects = new Counter({ name: 'arblens_venue_reconnects_total', help: 'Reconnect attempts per venue', labelNames: ['venue'], registers: [this.registry] });
  private readonly up = new Gauge({ name: 'arblens_venue_up', help: '1 when the venue is connected and fresh, else 0', labelNames: ['venue'], registers: [this.registry] });
  private readonly age = new Histogram({
    name: 'arblens_engine_update_latency_seconds',
    help: "Age of an opportunity's oldest quote when it was ranked (quote receipt to open/update event)",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly http = new Histogram({
    name: 'arblens_http_request_duration_seconds',
    help: 'HTTP request durations by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly clients = new Gauge({ name: 'arblens_stream_clients', help: 'Connected stream clients by transport', labelNames: ['transport'], registers: [this.registry] });
  readonly dropped = new Counter({ name: 'arblens_stream_clients_dropped_total', help: 'Stream clients dropped because their buffer passed the bound', labelNames: ['transport'], registers: [this.registry] });
  private readonly seenMessages = new Map<string, number>();
  private notifyQueues: readonly NotifyCounts[] = [];
  readonly notifyDropped = notifyCounter(this.registry, 'arblens_notify_dropped_total', 'Notifications dropped because their target queue was full (oldest first)', 'dropped', () => this.notifyQueues);
  readonly notifyDelivered = notifyCounter(this.registry, 'arblens_notify_delivered_total', 'Notifications delivered', 'delivered', () => this.notifyQueues);
  readonly notifyFailed = notifyCounter(this.registry, 'arblens_notify_failed_total', 'Notifications given up on after their last attempt', 'failed', () => this.notifyQueues);

  constructor(processMetrics = true) {
    if (processMetrics) collectDefaultMetrics({ register: this.registry });
    for (const t of ['ws', 'sse']) {
      this.clients.set({ transport: t }, 0);
      this.dropped.inc({ transport: t }, 0);
    }
  }

  /** The --notify queues whose totals the arblens_notify_* counters report. */
  watchNotify(queues: readonly NotifyCounts[]): void {
    this.notifyQueues = queues;
  }

  event(type: string, n: number): void {
    this.events.inc({ type }, n);
  }

  venue(s: VenueStatusEvent): void {
    this.events.inc({ type: 'venue' });
    if (s.state === 'reconnecting') this.reconnects.inc({ venue: s.venue });
  }

  tick(t: TickResult, snap: WatchSnapshot): void {
    const byKind = new Map<string, number>();
    for (const x of t.live) byKind.set(x.opp.kind, (byKind.get(x.opp.kind) ?? 0) + 1);
    this.live.reset();
    for (const [kind, n] of byKind) this.live.set({ kind }, n);
    for (const e of t.events) if (e.event !== 'close') this.age.observe(e.tracked.opp.ageMs / 1000);
    for (const v of snap.venues) {
      // Venue rows carry running totals: the counter moves by the difference since last tick.
      const before = this.seenMessages.get(v.venue) ?? 0;
      if (v.messages > before) this.messages.inc({ venue: v.venue }, v.messages - before);
      this.seenMessages.set(v.venue, v.messages);
      this.up.set({ venue: v.venue }, UP_STATES.has(v.state) ? 1 : 0);
    }
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
