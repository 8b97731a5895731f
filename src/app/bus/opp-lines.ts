import type { LiveEvent } from '../../engine/live-ranker.js';
import { tidy } from '../../core/json.js';
import type { JsonBytes } from '../../core/json-bytes.js';

/**
 * The bus's short lines for opportunity events. A whole line (`watch --ndjson`'s, ~1.6 KB for a
 * cross-venue spot opportunity, ~3 KB for a funding one) repeats on every update what an update
 * cannot change — ids, venues, markets, fee sources, the assumptions' prose — and 20 subscribers
 * receive each byte 20 times. An update's line holds the figures whose change makes the engine
 * send an update (`moved` in engine/live-ranker.ts) and the times; a close's line says why and
 * when. Field names and values are those of the whole line (numbers tidied the same way), so
 * `line.netProfit` reads alike in both.
 *
 * An update's line is written as bytes, not `JSON.stringify` of an object: it runs for every
 * event of every tick, 100,000 a second on a busy bus.
 */

const bytes = (s: string) => Buffer.from(s, 'latin1');
const UPDATE = bytes('{"event":"update","id":');
const NET_PROFIT = bytes(',"netProfit":');
const NET_SPREAD = bytes(',"netSpreadPct":');
const SIZE = bytes(',"size":');
const BUY = bytes(',"buy":{"vwap":');
const SELL = bytes(',"sell":{"vwap":');
const CLOSE_BRACE = bytes('}');
const LEGS = bytes(',"legs":[');
const LEG = bytes('{"vwap":');
const NEXT_LEG = bytes(',{"vwap":');
const LEGS_END = bytes(']');
const AGE = bytes(',"ageMs":');
const TS = bytes(',"tsMs":');
const LIFETIME = bytes(',"lifetimeMs":');
const END = bytes('}\n');

/**
 * `{"event":"update","id",netProfit,netSpreadPct,size,buy:{vwap},sell:{vwap} | legs:[{vwap}],ageMs,tsMs,lifetimeMs}`
 * and its line end, written into `out`; `id` is the id as JSON (`JSON.stringify(id)` in UTF-8,
 * kept by the caller: ids repeat every tick).
 */
export function writeFigures(out: JsonBytes, e: LiveEvent, id: Uint8Array): void {
  const t = e.tracked;
  const o = t.opp;
  out.ensure(id.length + 240 + 40 * o.legs.length);
  out.raw(UPDATE);
  out.raw(id);
  out.field(NET_PROFIT, o.netProfit);
  out.field(NET_SPREAD, o.netSpreadPct);
  out.field(SIZE, o.size);
  if (o.buy !== undefined || o.sell !== undefined) {
    if (o.buy !== undefined) (out.field(BUY, o.buy.vwap), out.raw(CLOSE_BRACE));
    if (o.sell !== undefined) (out.field(SELL, o.sell.vwap), out.raw(CLOSE_BRACE));
  } else {
    // Kinds without a buy and a sell side (binary-complement, binary-intra, multi-outcome: sets
    // of YES/NO buys): each leg's price, in the order of the whole line's legs.
    out.raw(LEGS);
    for (let i = 0; i < o.legs.length; i++) (out.field(i ? NEXT_LEG : LEG, o.legs[i].vwap), out.raw(CLOSE_BRACE));
    out.raw(LEGS_END);
  }
  out.field(AGE, o.ageMs);
  out.field(TS, o.tsMs);
  out.field(LIFETIME, t.lifetimeMs);
  out.raw(END);
}

/** `{"event":"close","id",reason,tsMs (when it closed),firstSeenMs,lifetimeMs}` */
export function closeLine(e: LiveEvent & { event: 'close' }): string {
  const t = e.tracked;
  return `{"event":"close","id":${JSON.stringify(t.opp.id)},"reason":${JSON.stringify(e.reason)},"tsMs":${n(e.closedMs)},"firstSeenMs":${n(t.firstSeenMs)},"lifetimeMs":${n(t.lifetimeMs)}}`;
}

/** A number as the whole line writes it: tidied, and null when not finite (as JSON.stringify). */
function n(x: number): string {
  return JSON.stringify(tidy(x));
}
