import { Option, type Command } from 'commander';
import type { OpportunityKind } from '../core/types.js';
import { MS_PER_HOUR } from '../core/units.js';
import type { Filters } from '../app/filters.js';
import { UsageError } from '../core/errors.js';
import { durationOption, integer, list, number, oneOf } from './parse.js';

/** The filters and sizing flags `scan` and `watch` share, parsed the same way in both. */
export type FilterOptions = Filters;

/** Where the two commands differ: defaults and a few words of help. */
export interface FilterDefaults {
  readonly kinds: readonly OpportunityKind[];
  readonly top: number;
  readonly maxAgeMs: number;
  readonly venuesHelp: string;
  readonly symbolsHelp: string;
  readonly depthHelp: string;
}

/** The live commands' defaults (`watch` and `serve` run the same pipeline). */
export const LIVE_FILTER_DEFAULTS: Omit<FilterDefaults, 'kinds'> = {
  top: 0,
  maxAgeMs: 10_000,
  venuesHelp: 'comma-separated venue ids (default: every active crypto venue)',
  symbolsHelp: 'unified symbols, e.g. BTC/USDT,ETH/USDT:USDT (default: 10 most traded USDT pairs)',
  depthHelp: 'order-book levels kept per instrument',
};

export function addFilterOptions(cmd: Command, d: FilterDefaults): Command {
  return cmd
    .option('--venues <list>', d.venuesHelp, list)
    .option('--symbols <list>', d.symbolsHelp, list)
    .option('--kinds <list>', `opportunity kinds (${d.kinds.join(', ')})`, (v: string) => list(v).map(oneOf('--kinds', d.kinds)))
    .option('--top <n>', 'the best n only (0 = all)', integer('--top', 'use e.g. 20, or 0 for all'), d.top)
    .option('--min-net <pct>', 'minimum net spread in percent after fees', number('--min-net', 'use a percentage such as 0.05'), 0)
    .option('--min-profit <amount>', 'minimum net profit in the valuation currency (--value-in)', number('--min-profit', 'use an amount such as 5'), 0)
    .option('--min-size <amount>', 'minimum notional (size × buy VWAP) in quote currency', number('--min-size', 'use an amount such as 100', { min: 0 }))
    .addOption(durationOption('--max-age <duration>', 'quotes older than this are stale and never ranked', d.maxAgeMs, `${d.maxAgeMs / 1000}s`))
    .option('--max-notional <amount>', 'cap the size of each opportunity at this much quote currency', number('--max-notional', 'use an amount such as 10000', { min: 0 }))
    .option('--max-spread <pct>', 'spreads above this are flagged as probably different assets, not ranked', number('--max-spread', 'use a percentage such as 20', { min: 0 }), 20)
    .option('--depth <levels>', d.depthHelp, integer('--depth', 'use e.g. 20', 1), 20)
    .addOption(durationOption('--funding-horizon <duration>', 'period over which funding spreads are valued', 24 * MS_PER_HOUR, '24h'))
    .addOption(new Option('--sort <by>', 'rank by net profit (in the valuation currency) or net percent').choices(['profit', 'pct']).default('profit'))
    .option('--value-in <currency>', 'valuation currency for ranking, --min-profit and the table (stablecoins at par unless a venue quotes them; MANA is never converted)', currencyCode, 'USD')
    .option('--fx <rates>', 'rates into the valuation currency for currencies no venue quotes, e.g. GBP=1.27,EUR=1.08', fxRates)
    .option('--db <path>', 'store file (default $ARBLENS_DB or ~/.local/share/arblens/arblens.db)')
    .option('-q, --quiet', 'no warnings on stderr (errors still go there)')
    .option('-v, --verbose', 'details behind summary warnings (e.g. the ids of skipped markets)');
}

function currencyCode(v: string): string {
  const c = v.trim().toUpperCase();
  if (!/^[A-Z0-9]{2,10}$/.test(c)) throw new UsageError(`--value-in: '${v}' is not a currency code — use e.g. USD, USDT, EUR`);
  return c;
}

/** `GBP=1.27,EUR=1.08` → { GBP: 1.27, EUR: 1.08 }. */
function fxRates(v: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of v.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([A-Za-z0-9]{2,10})=([0-9]*\.?[0-9]+(?:e-?[0-9]+)?)$/.exec(part);
    const rate = m ? Number(m[2]) : NaN;
    if (!m || !(rate > 0) || !Number.isFinite(rate)) throw new UsageError(`--fx: '${part}' is not CURRENCY=rate — use e.g. --fx GBP=1.27,EUR=1.08`);
    out[m[1].toUpperCase()] = rate;
  }
  return out;
}
