import type { Opportunity } from '../core/types.js';
import { fmtMoney } from '../core/format.js';

/**
 * The assumptions ledger of an opportunity as one line for the detail pane: each leg's fee rate
 * and where it came from, the fill, the exit, the transfer or funding assumption, and the
 * valuation — what a trader must accept for the figure to hold.
 */
export function assumptionLine(o: Opportunity): string {
  const a = (o.assumptions ?? {}) as { fees?: { venue: string; takerRate?: number; source?: string }[]; fill?: string; exit?: string; transfer?: string; funding?: string };
  const parts: string[] = [];
  if (a.fees?.length) parts.push('fees ' + a.fees.map((f) => `${f.venue} ${f.takerRate !== undefined ? (f.takerRate * 100).toFixed(3) + '%' : '?'} ${f.source ?? ''}`.trim()).join(', '));
  else if (o.legs.some((l) => l.feeSource)) parts.push('fees ' + [...new Set(o.legs.map((l) => `${l.venue} ${l.feeSource ?? '?'}`))].join(', '));
  if (a.fill) parts.push(a.fill);
  if (a.exit) parts.push(`exit: ${a.exit}`);
  const rt = o.roundTrip as { netProfitIfConverged?: number } | undefined;
  if (rt?.netProfitIfConverged !== undefined) parts.push(`if the spread closes: ${fmtMoney(rt.netProfitIfConverged)} ${o.quote}`);
  if (a.funding) parts.push(`funding: ${a.funding}`);
  if (a.transfer) parts.push(a.transfer);
  if (typeof o.valuation === 'string') parts.push(`valued: ${o.valuation}`);
  return parts.length ? `assumes: ${parts.join(' · ')}` : 'assumes: —';
}
