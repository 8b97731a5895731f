import type { MarketType, Opportunity } from '../../core/types.js';
import { EXIT, UsageError } from '../../core/errors.js';
import { suggestion } from '../../core/suggest.js';
import { symbolForms, UNIFIED_SYMBOL } from '../../core/symbols.js';
import { MS_PER_HOUR } from '../../core/units.js';
import type { VenueAdapter } from '../../venues/types.js';
import type { Report } from '../report.js';
import type { ScanOutcome, ScanRequest } from './request.js';

/**
 * One `scan`: validates the request, opens the venues (or the demo data), fetches top of book
 * then candidate books, ranks, records when asked. Prints nothing: problems go to `report`,
 * the result comes back to be printed by the caller.
 */
export async function runScan(o: ScanRequest, report: Report): Promise<ScanOutcome> {
  const prediction = await import('./prediction.js');
  if (prediction.isPredictionScan(o)) return prediction.runPredictionScan(o, report);
  const markets = new Set<MarketType>(o.market === 'all' ? ['spot', 'perp'] : [o.market as MarketType]);
  const typed = o.symbols?.map((s) => s.toUpperCase());
  const bad = typed?.find((s) => !UNIFIED_SYMBOL.test(s));
  if (bad) throw new UsageError(`--symbols: '${bad}' is not a unified symbol — use BASE/QUOTE for spot (BTC/USDT) or BASE/QUOTE:SETTLE for a perp (BTC/USDT:USDT)`);
  // A spot symbol also asks for its perp; adapters keep only the markets asked for.
  const symbols = typed ? [...new Set(typed.flatMap((s) => (markets.has('perp') ? symbolForms(s) : [s])))] : undefined;
  const now = () => Date.now();

  const { OpportunityEngine } = await import('../../engine/engine.js');
  const { Valuation } = await import('../../engine/valuation.js');
  const { scanVenues } = await import('./crypto-books.js');
  const { openVenues, pickDemoVenues } = await import('../open-venues.js');
  let adapters: VenueAdapter[];
  let notRun = 0;
  if (o.demo) {
    const { demoVenues } = await import('../../venues/demo/crypto.js');
    adapters = pickDemoVenues(demoVenues(now()), o.venues, 'demo data');
  } else {
    const opened = await openVenues(o.venues, new Set(['crypto']), report, o.timeout, (d) => d.markets.some((m) => markets.has(m)), o.verbose);
    adapters = opened.adapters;
    notRun = opened.notRun;
  }
  if (adapters.length === 0) {
    report(undefined, 'no venue to scan — check --venues and --market (`arblens venues` lists them)', 'error');
    return { ranked: [], exitCode: notRun ? EXIT.runtime : EXIT.usage };
  }

  const byId = new Map(adapters.map((a) => [a.id, a]));
  const engine = new OpportunityEngine({
    fees: (venue, market, symbol) => byId.get(venue)!.fee(market, symbol),
    marketLimits: (venue, market, symbol) => byId.get(venue)!.limits?.(market, symbol),
    limits: o.maxNotional !== undefined ? { maxNotional: o.maxNotional } : undefined,
    maxPlausiblePct: o.maxSpread,
    fundingHorizonHours: o.fundingHorizon / MS_PER_HOUR,
    kinds: o.kinds ? new Set(o.kinds) : undefined,
    valuation: new Valuation(o.valueIn ?? 'USD', o.fx),
  });

  const result = await scanVenues(adapters, engine, {
    symbols,
    markets,
    funding: markets.has('perp') && (!o.kinds || o.kinds.includes('funding')),
    depth: o.depth,
    timeoutMs: o.timeout,
    concurrency: o.concurrency,
    now,
    warn: (venue, message) => report(venue, message),
  });
  // Whether bought inventory can be moved: networks of the venues in cross-venue candidates.
  const { fetchNetworks, transferVenues, annotateTransfers } = await import('./transfers.js');
  // …and the recent funding range of the perpetual legs of round trips (the stressed figure).
  const { fetchFundingRanges, rangeKey } = await import('./funding-history.js');
  const { withFundingStress } = await import('../../engine/funding-stress.js');
  const candidates = engine.ranked(now(), { maxAgeMs: o.maxAge });
  const [nets, ranges] = await Promise.all([
    fetchNetworks(adapters, transferVenues(candidates), o.timeout, o.concurrency),
    fetchFundingRanges(adapters, candidates, now(), o.timeout, o.concurrency),
  ]);
  await Promise.all(adapters.map((a) => a.close().catch(() => undefined)));

  const ok = result.outcomes.filter((x) => x.ok);
  if (typed && ok.length > 0) await checkSymbols(typed, result.quotes.map((q) => q.symbol), adapters.filter((a) => ok.some((x) => x.venue === a.id)), markets);
  for (const i of engine.implausible()) report(undefined, `${i.id}: spread ${i.topSpreadPct.toFixed(1)} % is above --max-spread ${o.maxSpread} %: probably different assets, not ranked`);
  const { finishScan } = await import('./finish.js');
  const annotate = (ranked: Opportunity[]) => annotateTransfers(ranked, nets).map((x) => withFundingStress(x, (v, sym) => ranges.get(rangeKey(v, sym))));
  return finishScan({ engine, ...result }, o, report, notRun, annotate);
}

/** A requested symbol no answering venue lists is a typo more often than a delisting: exit 2. */
async function checkSymbols(typed: readonly string[], seen: readonly string[], adapters: readonly VenueAdapter[], markets: ReadonlySet<MarketType>): Promise<void> {
  const quoted = new Set(seen);
  const pending = typed.filter((s) => !symbolForms(s).some((f) => quoted.has(f)));
  if (pending.length === 0) return;
  const listed = new Set<string>(seen);
  const signal = AbortSignal.timeout(5000);
  for (const a of adapters) for (const m of markets) for (const s of (await a.listSymbols?.(m, signal).catch(() => [])) ?? []) listed.add(s);
  const unknown = pending.find((s) => !symbolForms(s).some((f) => listed.has(f)));
  if (!unknown) return;
  throw new UsageError(`--symbols: no venue lists '${unknown}'${suggestion(unknown, [...listed])} Symbols are unified: BTC/USDT (spot), BTC/USDT:USDT (perp).`);
}
