import { readFileSync } from 'node:fs';
import type { BookLevel, Quote } from '../../core/types.js';
import type { BinaryFeeModel, PredictionMarket } from '../../core/prediction.js';
import type { PairEntry } from '../../core/prediction.js';
import { NO_FEE } from '../../core/fees.js';
import { manifoldFee } from '../manifold/rest.js';
import { betfairFee } from '../betfair.js';
import { kalshiFee } from '../kalshi/rest.js';
import { polymarketFee } from '../polymarket/rest.js';
import { PredictionAdapterBase, type CatalogueRequest, type PredictionAdapter, type PredictionCatalogue } from '../prediction-types.js';

/** The shape of data/demo/prediction.json (SYNTHETIC: hand-written books, not venue captures). */
export interface PredictionDemoFile {
  readonly capturedAt: number;
  readonly markets: (PredictionMarket & { readonly fee?: { readonly rate?: number; readonly multiplier?: number; readonly commission?: number } })[];
  readonly books: { venue: string; symbol: string; venueTs: number; bids: BookLevel[]; asks: BookLevel[] }[];
  readonly pairs: PairEntry[];
}

export const PREDICTION_DEMO_FILE = new URL('../../../data/demo/prediction.json', import.meta.url);

export function loadPredictionDemo(url: URL = PREDICTION_DEMO_FILE): PredictionDemoFile {
  return JSON.parse(readFileSync(url, 'utf8')) as PredictionDemoFile;
}

/**
 * Offline prediction venues over the shipped synthetic sample. Times are rebased so the capture
 * moment is `now` (quote ages and days to resolution stay as written). Fees use each venue's real
 * fee model with the market's parameters from the file.
 */
export function predictionDemoVenues(now: number, file: PredictionDemoFile = loadPredictionDemo()): PredictionAdapter[] {
  const shift = now - file.capturedAt;
  const ids = [...new Set(file.markets.map((m) => m.venue))];
  return ids.map((id) => new DemoPredictionVenue(id, file, shift, now));
}

class DemoPredictionVenue extends PredictionAdapterBase {
  private readonly markets: PredictionDemoFile['markets'];
  private readonly books_: Quote[];

  constructor(readonly id: string, file: PredictionDemoFile, shift: number, now: number) {
    super();
    this.markets = file.markets.filter((m) => m.venue === id).map((m) => ({ ...m, closeTs: m.closeTs !== undefined ? m.closeTs + shift : undefined }));
    this.books_ = file.books
      .filter((b) => b.venue === id)
      .map((b) => ({ type: 'quote', venue: b.venue, symbol: b.symbol, market: 'binary', bids: b.bids, asks: b.asks, venueTs: b.venueTs + shift, localTs: now }));
  }

  marketFee(marketId: string): BinaryFeeModel {
    const f = this.markets.find((m) => m.id === marketId)?.fee ?? {};
    if (this.id === 'kalshi') return kalshiFee(f.multiplier ?? 1);
    if (this.id === 'polymarket') return polymarketFee(f.rate ?? 0.05);
    if (this.id === 'betfair') return betfairFee(f.commission ?? 0.05);
    // Manifold charges nothing, by its own rule (the same model the live adapter uses, source and all).
    if (this.id === 'manifold') return manifoldFee;
    return NO_FEE;
  }

  /** Listing asks only, like Polymarket's and Kalshi's market lists: books come on request. */
  async catalogue(_req: CatalogueRequest): Promise<PredictionCatalogue> {
    const tops = this.markets.map((m) => ({
      marketId: m.id,
      yesAsk: this.books_.find((b) => b.symbol === `${m.id}:YES`)?.asks[0]?.[0],
      noAsk: this.books_.find((b) => b.symbol === `${m.id}:NO`)?.asks[0]?.[0],
    }));
    return { markets: this.markets.map(({ fee: _fee, ...m }) => m), tops, quotes: [], warnings: [] };
  }

  async books(marketIds: readonly string[], depth: number): Promise<{ quotes: Quote[]; warnings: string[] }> {
    const want = new Set(marketIds.flatMap((id) => [`${id}:YES`, `${id}:NO`]));
    return { quotes: this.books_.filter((b) => want.has(b.symbol)).map((b) => ({ ...b, bids: b.bids.slice(0, depth), asks: b.asks.slice(0, depth) })), warnings: [] };
  }
}
