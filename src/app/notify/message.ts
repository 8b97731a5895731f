import { tidy } from '../../core/json.js';

/** What a notification says: an opportunity crossing a threshold, or a venue going down / up. */
export type Notice =
  | { readonly type: 'opportunity'; readonly opportunity: Record<string, unknown>; readonly tsMs: number }
  | { readonly type: 'venue'; readonly venue: string; readonly state: 'down' | 'up'; readonly detail?: string; readonly tsMs: number };

/** The JSON a webhook / exec target receives. */
export function noticeJson(n: Notice): Record<string, unknown> {
  const ts = new Date(n.tsMs).toISOString();
  if (n.type === 'venue') return { type: 'venue', venue: n.venue, state: n.state, ...(n.detail ? { detail: n.detail } : {}), ts, tsMs: n.tsMs };
  return { type: 'opportunity', ...n.opportunity, ts, tsMs: n.tsMs };
}

/** One line for a person (chat targets): kind, symbol, route, net %, profit. */
export function noticeText(n: Notice): string {
  if (n.type === 'venue') return `arblens: venue ${n.venue} ${n.state}${n.detail ? ` (${n.detail})` : ''}`;
  const o = n.opportunity as { kind: string; symbol: string; netSpreadPct: number; netProfit: number; quote: string; size: number; legs?: { side: string; venue: string }[] };
  const route = (o.legs ?? []).map((l) => `${l.side} ${l.venue}`).join(' → ');
  return `arblens: ${o.kind} ${o.symbol} ${route} · net ${tidy(o.netSpreadPct).toFixed(3)} % · ${tidy(o.netProfit).toFixed(2)} ${o.quote} (size ${tidy(o.size)})`;
}

/** A short title (ntfy's Title header). */
export function noticeTitle(n: Notice): string {
  if (n.type === 'venue') return `arblens: ${n.venue} ${n.state}`;
  return `arblens: ${(n.opportunity as { kind: string; symbol: string }).kind} ${(n.opportunity as { symbol: string }).symbol}`;
}
