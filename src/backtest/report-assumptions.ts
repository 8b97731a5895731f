/**
 * The assumptions behind a run, as label → text rows for the report: where the data came from
 * and what it covers, the costs, how orders fill, how they are sized, how returns are annualised,
 * the ruin rule (and the ruin when it happened), and for a grid how the shown run was chosen.
 */
import type { Metrics } from './metrics.js';
import type { BacktestOptions, Ruin } from './types.js';

export interface Costs {
  readonly commission: number;
  /** Where the rate came from, e.g. '--commission' or 'binance spot taker fee (published)'. */
  readonly commissionSource: string;
}

export interface GridInfo {
  /** Valid combinations run. */
  readonly combinations: number;
  /** Metric they were ranked by (a Metrics key). */
  readonly key: keyof Metrics;
}

export interface AssumptionInput {
  readonly source: string;
  readonly bars: number;
  readonly options: BacktestOptions;
  readonly costs: Costs;
  readonly metrics: Metrics;
  readonly ruin?: Ruin;
  readonly grid?: GridInfo;
  /** For --oos / --walk-forward: how the out-of-sample run was put together. */
  readonly oos?: string;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z').replace('T00:00Z', '');

export function assumptions(x: AssumptionInput): [string, string][] {
  const o = x.options;
  const pct = (f: number) => `${Number((f * 100).toPrecision(6))} %`;
  const rows: [string, string][] = [
    ['Data', `${x.source}: ${x.bars.toLocaleString('en-US')} bars, ${x.metrics.start.replace('.000Z', 'Z')} → ${x.metrics.end.replace('.000Z', 'Z')}`],
    ['Starting cash', o.cash.toLocaleString('en-US')],
    ['Commission', `${pct(x.costs.commission)} of notional per fill (${x.costs.commissionSource})${o.commissionFixed ? ` + ${o.commissionFixed} per fill` : ''}`],
    ['Slippage', `${o.slippageBps} bps against every fill (buys higher, sells lower)`],
    [
      'Fill rule',
      o.tradeOnClose
        ? "market orders fill at the signal bar's close (--trade-on-close)"
        : "market orders fill at the next bar's open; stops at the stop (or the open past a gap); limits at the limit (or the open past a gap), up to the bar's volume",
    ],
    ['Sizing', `${pct(o.size)} of available equity per order${o.wholeUnits ? ', whole units' : ', fractional units'}${o.longOnly ? ', long only (a sell only closes a long)' : ', long and short'}`],
    ['Annualisation', `${x.metrics.periodsPerYear} periods per year: ${x.metrics.annualisation}`],
    [
      'Ruin rule',
      `a long is liquidated when equity reaches 0; a short when equity falls to ${o.maintenanceMargin ? `${pct(o.maintenanceMargin)} of its notional` : '0'}; then nothing more is traded`,
    ],
    ['Ruin', x.ruin ? `RUINED at bar ${x.ruin.bar} (${iso(x.ruin.ts)}), liquidated at ${x.ruin.price}${x.ruin.deficit > 0 ? `, owing ${x.ruin.deficit} beyond the account` : ''}` : 'none'],
  ];
  if (x.oos) rows.push(['Selection', `${x.oos}. The figures above are the test windows' only: no bar they cover was used to choose the parameters`]);
  else if (x.grid) {
    rows.push([
      'Selection',
      `best of ${x.grid.combinations} in-sample combinations by ${x.grid.key}: the figures are optimistic (chosen on the data they are measured on) — --oos or --walk-forward measures them on held-out bars`,
    ]);
  }
  return rows;
}
