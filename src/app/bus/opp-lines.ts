import type { LiveEvent } from '../../engine/live-ranker.js';
import { tidy } from '../../core/json.js';

/**
 * The bus's short lines for opportunity events. A whole line (`watch --ndjson`'s, ~1.6 KB for a
 * cross-venue spot opportunity, ~3 KB for a funding one) repeats on every update what an update
 * cannot change — ids, venues, markets, fee sources, the assumptions' prose — and 20 subscribers
 * receive each byte 20 times. An update's line holds the figures whose change makes the engine
 * send an update (`moved` in engine/live-ranker.ts) and the times; a close's line says why and
 * when. Field names and values are those of the whole line (numbers tidied the same way), so
 * `line.netProfit` reads alike in both.
 *
 * Built as text, not `JSON.stringify` of an object: this runs for every event of every tick.
 */

/** `{"event":"update","id",netProfit,netSpreadPct,size,buy:{vwap},sell:{vwap} | legs:[{vwap}],ageMs,tsMs,lifetimeMs}` */
export function figuresLine(e: LiveEvent): string {
  const t = e.tracked;
  const o = t.opp;
  let s = `{"event":"update","id":${JSON.stringify(o.id)},"netProfit":${n(o.netProfit)},"netSpreadPct":${n(o.netSpreadPct)},"size":${n(o.size)}`;
  if (o.buy !== undefined || o.sell !== undefined) {
    if (o.buy !== undefined) s += `,"buy":{"vwap":${n(o.buy.vwap)}}`;
    if (o.sell !== undefined) s += `,"sell":{"vwap":${n(o.sell.vwap)}}`;
  } else {
    // Kinds without a buy and a sell side (triangular, multi-outcome): each leg's price, in the
    // order of the whole line's legs.
    s += ',"legs":[';
    for (let i = 0; i < o.legs.length; i++) s += `${i ? ',' : ''}{"vwap":${n(o.legs[i].vwap)}}`;
    s += ']';
  }
  return s + `,"ageMs":${n(o.ageMs)},"tsMs":${n(o.tsMs)},"lifetimeMs":${n(t.lifetimeMs)}}`;
}

/** `{"event":"close","id",reason,tsMs (when it closed),firstSeenMs,lifetimeMs}` */
export function closeLine(e: LiveEvent & { event: 'close' }): string {
  const t = e.tracked;
  return `{"event":"close","id":${JSON.stringify(t.opp.id)},"reason":${JSON.stringify(e.reason)},"tsMs":${n(e.closedMs)},"firstSeenMs":${n(t.firstSeenMs)},"lifetimeMs":${n(t.lifetimeMs)}}`;
}

/** A number as the whole line writes it: tidied, and null when not finite (as JSON.stringify). */
function n(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return 'null';
  return String(tidy(x));
}
