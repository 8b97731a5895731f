import type { Opportunity, VenueStatusEvent } from '../core/types.js';
import type { TickResult, TrackedOpportunity } from '../engine/live-ranker.js';
import type { WatchSink, WatchSnapshot } from '../app/watch/pipeline.js';
import { eventLine, venueLine } from '../app/watch/ndjson-sink.js';
import { accepts, type OppLine, type OppQuery } from './filter.js';
import { wsTextFrame } from './ws-frame.js';

/** One opportunity as the API shows it: the NDJSON event line without `event`. */
export type Line = OppLine & Record<string, unknown>;

/**
 * One tick's events for a set of clients, framed lazily and at most once: every unfiltered
 * client shares one Batch, so 500 clients cost one join, one UTF-8 encoding and one WebSocket
 * frame, not 500.
 */
export class Batch {
  private joined?: string;
  private bytes?: Buffer;
  private frame?: Buffer;
  private records?: string;

  constructor(readonly lines: readonly string[]) {}

  get size(): number {
    return this.lines.length;
  }

  /** NDJSON: one event per line (a WebSocket message). */
  get text(): string {
    return (this.joined ??= this.lines.join('\n'));
  }

  get buffer(): Buffer {
    return (this.bytes ??= Buffer.from(this.text));
  }

  /** The WebSocket text frame around `buffer` (the same bytes on every connection). */
  get wsFrame(): Buffer {
    return (this.frame ??= wsTextFrame(this.buffer));
  }

  /** Server-Sent Events records, one per event. */
  get sse(): string {
    if (this.records === undefined) {
      let out = '';
      for (const l of this.lines) out += sseRecord(l);
      this.records = out;
    }
    return this.records;
  }
}

/** `{"event":"open",…}` → an SSE record named after the event type. */
export function sseRecord(json: string): string {
  const m = /^\{"event":"([a-z]+)"/.exec(json);
  return `event: ${m ? m[1] : 'message'}\ndata: ${json}\n\n`;
}

/** A WS or SSE client. `deliver` is called once per tick with that client's events. */
export interface Subscriber {
  readonly query: OppQuery;
  /** True when the query filters nothing: such clients share one pre-built batch. */
  readonly all: boolean;
  /** Ids this client was sent an open/update for (so it gets their close, and only theirs). */
  readonly seen: Set<string>;
  /** Hands over a tick's events; the transport frames them and enforces its buffer bound. */
  deliver(batch: Batch): void;
}

/** What the hub tells the metrics. */
export interface HubObserver {
  event(type: string, n: number): void;
  venue(s: VenueStatusEvent): void;
  tick(t: TickResult, snap: WatchSnapshot): void;
}

interface Trail {
  /** [tsMs, netProfit] per tick on which the figures moved: the detail view's sparkline. */
  readonly points: [number, number][];
  closed?: Line;
}

const TRAIL_POINTS = 120;
const CLOSED_KEPT = 1000;

/**
 * The pipeline's sink for `serve`: keeps the live set, venue rows and a short profit trail per
 * opportunity, and fans each tick's events out to subscribers. Work per tick is one JSON string
 * per event, shared by every client; a client never makes the pipeline wait (transports drop
 * clients whose buffers pass their bound instead of awaiting them).
 */
export class ServeHub implements WatchSink {
  private readonly subs = new Set<Subscriber>();
  private snap?: WatchSnapshot;
  private rows?: Line[];
  private readonly trails = new Map<string, Trail>();
  private readonly closed: string[] = [];

  /** `alert` marks events crossing --alert-net (with its cooldown), as `watch --ndjson` does. */
  constructor(private readonly observer?: HubObserver, private readonly alert?: (opp: Opportunity, now: number) => boolean) {}

  get clients(): number {
    return this.subs.size;
  }

  subscribe(s: Subscriber): () => void {
    this.subs.add(s);
    return () => void this.subs.delete(s);
  }

  /** The live set in rank order (built at most once per tick, on demand). */
  live(): Line[] {
    if (!this.rows) this.rows = (this.snap?.live ?? []).map(lineOf);
    return this.rows;
  }

  snapshot(): WatchSnapshot | undefined {
    return this.snap;
  }

  /** One opportunity, live or recently closed, with its profit trail. */
  find(id: string): { line: Line; status: 'live' | 'closed'; trail: readonly [number, number][] } | undefined {
    const t = this.trails.get(id);
    const live = this.live().find((l) => l.id === id);
    if (live) return { line: live, status: 'live', trail: t?.points ?? [] };
    if (t?.closed) return { line: t.closed, status: 'closed', trail: t.points };
    return undefined;
  }

  onVenueStatus(s: VenueStatusEvent): void {
    this.observer?.venue(s);
    const batch = new Batch([JSON.stringify(venueLine(s))]);
    for (const c of this.subs) c.deliver(batch);
  }

  /** Bumped on every tick: responses built from the live set are valid until it moves. */
  version = 0;

  onTick(t: TickResult, snap: WatchSnapshot): void {
    this.snap = snap;
    this.rows = undefined;
    this.version++;
    this.observer?.tick(t, snap);
    if (t.events.length === 0) return;
    const texts: string[] = new Array(t.events.length);
    const lines: Record<string, unknown>[] = new Array(t.events.length);
    const counts = { open: 0, update: 0, close: 0 };
    for (let i = 0; i < t.events.length; i++) {
      const e = t.events[i];
      counts[e.event]++;
      lines[i] = eventLine(e, t.now, this.alert);
      texts[i] = JSON.stringify(lines[i]);
      this.remember(e.tracked, e.event === 'close' ? (lines[i] as Line) : undefined);
    }
    for (const [k, n] of Object.entries(counts)) if (n > 0) this.observer?.event(k, n);
    const shared = new Batch(texts);
    for (const c of this.subs) c.deliver(c.all ? shared : new Batch(this.pick(c, t, lines, texts)));
  }

  /** Events one filtered client should get: matches of its filter, and closes of what it saw. */
  private pick(c: Subscriber, t: TickResult, lines: Record<string, unknown>[], texts: string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < t.events.length; i++) {
      const e = t.events[i];
      const id = e.tracked.opp.id;
      if (e.event === 'close') {
        if (c.seen.delete(id)) out.push(texts[i]);
      } else if (c.seen.has(id) || accepts(c.query, lines[i] as unknown as OppLine)) {
        c.seen.add(id);
        out.push(texts[i]);
      }
    }
    return out;
  }

  private remember(tr: TrackedOpportunity, closedLine?: Line): void {
    const id = tr.opp.id;
    let trail = this.trails.get(id);
    if (!trail) this.trails.set(id, (trail = { points: [] }));
    if (closedLine) {
      trail.closed = withoutEvent(closedLine);
      this.closed.push(id);
      // Closed opportunities stay viewable for a while; the oldest are forgotten first.
      while (this.closed.length > CLOSED_KEPT) {
        const old = this.closed.shift()!;
        if (this.trails.get(old)?.closed) this.trails.delete(old);
      }
      return;
    }
    trail.closed = undefined;
    trail.points.push([tr.opp.tsMs, tr.opp.netProfit]);
    if (trail.points.length > TRAIL_POINTS) trail.points.splice(0, trail.points.length - TRAIL_POINTS);
  }
}

function withoutEvent(l: Record<string, unknown>): Line {
  const { event: _e, ...rest } = l;
  return rest as Line;
}

/** A live opportunity as the API lists it: the NDJSON line of an `update`, minus `event`. */
export function lineOf(t: TrackedOpportunity): Line {
  return withoutEvent(eventLine({ event: 'update', tracked: t }, t.firstSeenMs + t.lifetimeMs));
}
