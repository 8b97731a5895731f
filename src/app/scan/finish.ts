import type { FundingRate, Opportunity, Quote } from '../../core/types.js';
import { EXIT } from '../../core/errors.js';
import type { RankOptions } from '../../engine/rank.js';
import { markSharedDepth } from '../../engine/depth-share.js';
import type { Report } from '../report.js';
import type { ScanOutcome, ScanRequest } from './request.js';

/** What both scan pipelines (crypto, prediction) hand over once every venue has answered. */
export interface ScanResult {
  readonly engine: { ranked(now: number, o: RankOptions): Opportunity[]; exclusive?(now: number, o: RankOptions): Opportunity[] };
  readonly outcomes: readonly { venue: string; ok: boolean; error?: string }[];
  readonly quotes: readonly Quote[];
  readonly funding?: readonly FundingRate[];
}

/**
 * The shared end of a scan: venue errors reported, rank with the filters (counting what
 * staleness left out), record when asked, and the exit code (3 when some venues failed).
 */
export async function finishScan(r: ScanResult, o: ScanRequest, report: Report, notRun: number, annotate?: (ranked: Opportunity[]) => Opportunity[]): Promise<ScanOutcome> {
  const ok = r.outcomes.filter((x) => x.ok);
  for (const f of r.outcomes.filter((x) => !x.ok)) report(f.venue, f.error ?? 'failed', 'error');

  const t = Date.now();
  const rankOpts: RankOptions = { minNetPct: o.minNet, minProfit: o.minProfit, minSize: o.minSize, sort: o.sort, top: o.top || undefined };
  const live = { ...rankOpts, maxAgeMs: o.maxAge };
  // --exclusive: the books handed out once, in rank order; otherwise every opportunity as if alone,
  // marked with the ones it shares book levels with.
  const rankedRaw = o.exclusive && r.engine.exclusive ? r.engine.exclusive(t, live) : markSharedDepth(r.engine.ranked(t, live));
  const ranked = annotate ? annotate(rankedRaw) : rankedRaw;
  const together = o.exclusive ? ranked : r.engine.exclusive?.(t, { ...live, top: undefined });
  const all = { ...rankOpts, top: undefined };
  const stale = r.engine.ranked(t, all).length - r.engine.ranked(t, { ...all, maxAgeMs: o.maxAge }).length;
  if (stale > 0) report(undefined, `${stale} opportunit${stale === 1 ? 'y' : 'ies'} left out: quotes older than --max-age ${o.maxAge} ms`);

  const recorded = o.record ? await record(r, ranked, t, o) : undefined;
  const exitCode = ok.length === 0 ? EXIT.runtime : ok.length < r.outcomes.length || notRun > 0 ? EXIT.partial : EXIT.ok;
  return { ranked, exitCode, recorded, total: together ? totalOf(together) : undefined };
}

/** --record: into the store --store / --db / ARBLENS_STORE names (SQLite or ClickHouse). */
async function record(r: ScanResult, ranked: readonly Opportunity[], t: number, o: ScanRequest & { store?: string }): Promise<ScanOutcome['recorded']> {
  const { openHistoryStore, resolveStore } = await import('../store-url.js');
  const store = await openHistoryStore(resolveStore(o));
  try {
    // A scan is a recorder too: it closes episodes a killed recorder left open before adding its own.
    store.closeStaleEpisodes?.(t, 'recorder-stopped');
    store.recordQuotes(r.quotes, true);
    if (r.funding) store.recordFunding(r.funding);
    // A scan every few minutes (cron) continues an episode; a longer gap starts a new one.
    store.recordOpportunities(ranked, t, 5 * 60_000);
    await store.flush();
  } finally {
    await store.close();
  }
  return { path: store.path, quotes: r.quotes.length, funding: r.funding?.length ?? 0, opportunities: ranked.length };
}

/** What the books give if every opportunity listed is taken at once (depth used once), in the valuation currency. */
function totalOf(opps: readonly Opportunity[]): ScanOutcome['total'] {
  let value = 0;
  let currency: string | undefined;
  let count = 0;
  for (const x of opps) {
    if (typeof x.netProfitValue !== 'number') continue;
    value += x.netProfitValue;
    currency = String(x.valueCurrency);
    count++;
  }
  return currency ? { value, currency, opportunities: count } : undefined;
}
