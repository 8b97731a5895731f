import type { Opportunity, VenueStatusEvent } from '../../core/types.js';
import type { LiveEvent, TickResult } from '../../engine/live-ranker.js';
import { tidyDeep } from '../../core/json.js';
import type { WatchSink } from './pipeline.js';
import { scrub } from '../../core/scrub.js';

/**
 * One JSON object per line on `out` (stdout): `open` / `update` / `close` per opportunity and
 * `venue` status changes. Fields of the opportunity are flattened into the event (the output
 * contract of README "JSON schema") plus `event`, `firstSeen`, `firstSeenMs`, `lifetimeMs`, and
 * on `close` the `reason`. One write per tick keeps it prompt without a syscall per line.
 */
export class NdjsonSink implements WatchSink {
  private readonly write: (chunk: string) => void;
  constructor(
    write: (chunk: string) => void,
    private readonly alert?: (opp: Opportunity, now: number) => boolean,
  ) {
    // Venue messages quote what venues send back, credentials included: scrubbed before written.
    this.write = (chunk) => write(scrub(chunk));
  }

  onVenueStatus(s: VenueStatusEvent): void {
    this.write(JSON.stringify(venueLine(s)) + '\n');
  }

  onTick(t: TickResult): void {
    if (t.events.length === 0) return;
    let out = '';
    for (const e of t.events) out += JSON.stringify(eventLine(e, t.now, this.alert)) + '\n';
    this.write(out);
  }
}

export function venueLine(s: VenueStatusEvent): Record<string, unknown> {
  return { event: 'venue', venue: s.venue, state: s.state, ...(s.message ? { message: s.message } : {}), ts: new Date(s.localTs).toISOString(), tsMs: s.localTs };
}

export function eventLine(e: LiveEvent, now: number, alert?: (opp: Opportunity, now: number) => boolean): Record<string, unknown> {
  const t = e.tracked;
  const base = tidyDeep(t.opp) as unknown as Record<string, unknown>;
  // A multi-outcome opportunity's `event` (the venue event's title) would overwrite the event
  // type: in NDJSON it is called `eventTitle`.
  if (base.event !== undefined) {
    base.eventTitle = base.event;
    delete base.event;
  }
  const line: Record<string, unknown> = { event: e.event, ...base, firstSeen: new Date(t.firstSeenMs).toISOString(), firstSeenMs: t.firstSeenMs, lifetimeMs: t.lifetimeMs };
  if (e.event === 'close') {
    line.reason = e.reason;
    line.ts = new Date(e.closedMs).toISOString();
    line.tsMs = e.closedMs;
  } else if (alert?.(t.opp, now)) line.alert = true;
  return line;
}
