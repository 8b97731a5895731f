import type { Opportunity } from '../core/types.js';
import { fmtNum, fmtPrice, fmtProfit } from '../core/format.js';

/** Renders ranked opportunities as a cli-table3 table (TTY) — loaded lazily with chalk. */
export async function opportunityTable(opps: readonly Opportunity[], color: boolean): Promise<string> {
  const [{ default: Table }, { Chalk }] = await Promise.all([import('cli-table3'), import('chalk')]);
  const c = new Chalk({ level: color ? 1 : 0 });
  const t = new Table({
    head: ['#', 'kind', 'symbol', 'buy @ vwap', 'sell @ vwap', 'size', 'net %', 'net profit', 'age'],
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] },
    colAligns: ['right', 'left', 'left', 'left', 'left', 'right', 'right', 'right', 'right'],
  });
  opps.forEach((o, i) => {
    const leg = (side: 'buy' | 'sell') => {
      const l = o.legs.find((x) => x.side === side);
      return l ? `${l.venue} @ ${fmtPrice(l.vwap)}` : '';
    };
    const extra = o.kind === 'funding' ? c.dim(` (${fmtNum(Number(o.fundingSpreadApr), 1)} % APR)`) : '';
    t.push([
      String(i + 1),
      o.kind,
      o.symbol,
      // Binary sets buy every leg (YES on one venue, NO on another …): list them all in one cell.
      o.kind.startsWith('binary') || o.kind === 'multi-outcome' ? o.legs.map((l) => `${l.venue} ${l.market.slice(l.market.lastIndexOf(':') + 1)} @ ${fmtPrice(l.vwap)}`).join('\n') : leg('buy'),
      o.kind.startsWith('binary') || o.kind === 'multi-outcome' ? `pays ${fmtNum(o.size, 0)} ${o.quote}` : leg('sell'),
      fmtNum(o.size, 4),
      (o.netSpreadPct > 0 ? c.green : c.red)(fmtNum(o.netSpreadPct, 3)) + extra,
      fmtProfit(o),
      `${(o.ageMs / 1000).toFixed(1)}s`,
    ]);
  });
  return t.toString();
}
