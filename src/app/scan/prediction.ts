import { EXIT, UsageError } from '../../core/errors.js';
import type { PairLink } from '../../engine/binary.js';
import { REGISTRY } from '../../venues/registry.js';
import type { PredictionAdapter } from '../../venues/prediction-types.js';
import type { Report } from '../report.js';
import { BINARY_KINDS } from '../../core/prediction.js';
import { type ScanOutcome, type ScanRequest } from './request.js';

/**
 * `scan` goes the prediction way for `--market prediction`, or when every venue named in
 * --venues is a prediction venue. Mixing kinds in one run is refused: their money and their
 * opportunity kinds do not compare.
 */
export function isPredictionScan(o: Pick<ScanRequest, 'market' | 'venues'>): boolean {
  if ((o.market as string) === 'prediction') return true;
  if (!o.venues || o.venues.length === 0) return false;
  const kinds = new Set(o.venues.map((v) => REGISTRY.get(v.toLowerCase())?.kind).filter(Boolean));
  if (kinds.size === 2) throw new UsageError(`--venues: '${o.venues.join(',')}' mixes crypto and prediction venues — scan them in separate runs (add --market prediction for the prediction ones)`);
  return kinds.has('prediction');
}

/** The prediction pipeline of `scan`: same filters, --record and exit codes as crypto. */
export async function runPredictionScan(o: ScanRequest, report: Report): Promise<ScanOutcome> {
  if (o.symbols) throw new UsageError('--symbols selects crypto symbols; a prediction scan covers every listed market and your confirmed pairs (see `arblens match`)');
  const kinds = o.kinds ? new Set(o.kinds.filter((k) => BINARY_KINDS.includes(k))) : undefined;
  if (kinds && kinds.size === 0) throw new UsageError(`--kinds: none of '${o.kinds!.join(',')}' applies to prediction markets — use ${BINARY_KINDS.join(', ')}`);
  const now = () => Date.now();
  let adapters: PredictionAdapter[];
  let pairs: PairLink[];
  let notRun = 0;
  const { loadPairs, pairsPath, toLinks } = await import('../pairs-file.js');
  const { openVenues, pickDemoVenues } = await import('../open-venues.js');
  if (o.demo) {
    const { predictionDemoVenues, loadPredictionDemo } = await import('../../venues/demo/prediction.js');
    const file = loadPredictionDemo();
    adapters = pickDemoVenues(predictionDemoVenues(now(), file), o.venues, 'prediction demo data');
    pairs = toLinks(file.pairs);
  } else {
    const { isPredictionAdapter } = await import('../../venues/prediction-types.js');
    pairs = toLinks(loadPairs(pairsPath()));
    const opened = await openVenues(o.venues, new Set(['prediction']), report, o.timeout, undefined, o.verbose);
    adapters = opened.adapters.filter(isPredictionAdapter);
    notRun = opened.notRun;
  }
  if (adapters.length === 0) {
    report(undefined, 'no prediction venue to scan — check --venues and the venues\' configuration (`arblens venues`)', 'error');
    return { ranked: [], exitCode: notRun ? EXIT.runtime : EXIT.usage };
  }

  const { scanPrediction } = await import('./prediction-books.js');
  const result = await scanPrediction(adapters, {
    depth: o.depth,
    timeoutMs: o.timeout,
    concurrency: o.concurrency,
    now,
    warn: (venue, message) => report(venue, message),
    pairs,
    autoMatch: o.autoMatch,
    kinds,
    limits: o.maxNotional !== undefined ? { maxCost: o.maxNotional } : undefined,
    valuation: new (await import('../../engine/valuation.js')).Valuation(o.valueIn ?? 'USD', o.fx),
  });
  await Promise.all(adapters.map((a) => a.close().catch(() => undefined)));
  const { finishScan } = await import('./finish.js');
  return finishScan(result, o, report, notRun);
}
