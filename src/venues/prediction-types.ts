import type { FeeModel, MarketType, Quote } from '../core/types.js';
import { parseBinarySymbol, type BinaryFeeModel, type PredictionMarket } from '../core/prediction.js';
import type { SnapshotRequest, VenueAdapter, VenueConfig, VenueSnapshot } from './types.js';
import { num } from '../core/json.js';

/** Best asks from a market listing (no sizes): enough to choose which books to download. */
export interface TopAsks {
  readonly marketId: string;
  readonly yesAsk?: number;
  readonly noAsk?: number;
}

export interface CatalogueRequest {
  readonly signal: AbortSignal;
  /** Market ids that must be listed even beyond the usual page cap (confirmed pairs). */
  readonly include?: readonly string[];
}

export interface PredictionCatalogue {
  readonly markets: PredictionMarket[];
  /** Listing prices for venues whose depth needs a second call (Polymarket, Kalshi). */
  readonly tops: TopAsks[];
  /** Full books when the listing already carries depth (Betfair, Manifold's CPMM ladder). */
  readonly quotes: Quote[];
  readonly warnings: string[];
}

/** A prediction venue: a catalogue of markets with metadata, then books for the few that matter. */
export interface PredictionAdapter extends VenueAdapter {
  readonly prediction: true;
  catalogue(req: CatalogueRequest): Promise<PredictionCatalogue>;
  /** `<marketId>:YES` and `<marketId>:NO` books with up to `depth` levels. */
  books(marketIds: readonly string[], depth: number, signal: AbortSignal): Promise<{ quotes: Quote[]; warnings: string[] }>;
  marketFee(marketId: string): BinaryFeeModel;
  /**
   * What `watch` subscribes to for a market listed by catalogue(): `<id>:YES=<token>` pairs on
   * venues that stream per token (Polymarket); absent means the market id itself (Kalshi ticker).
   */
  streamSymbols?(marketId: string): string[] | undefined;
}

export function isPredictionAdapter(a: VenueAdapter): a is PredictionAdapter {
  return (a as Partial<PredictionAdapter>).prediction === true;
}

/** The generic VenueAdapter methods (snapshot, orderBooks, fee) expressed through catalogue/books. */
/** `venues.<id>.maxMarkets` from the config: how many markets a prediction venue lists, at most (a positive number, else `fallback`). */
export function maxMarketsOf(config: VenueConfig, fallback: number): number {
  const n = num(config.maxMarkets);
  return n !== undefined && n > 0 ? n : fallback;
}

export abstract class PredictionAdapterBase implements PredictionAdapter {
  readonly prediction = true as const;
  abstract readonly id: string;
  abstract catalogue(req: CatalogueRequest): Promise<PredictionCatalogue>;
  abstract books(marketIds: readonly string[], depth: number, signal: AbortSignal): Promise<{ quotes: Quote[]; warnings: string[] }>;
  abstract marketFee(marketId: string): BinaryFeeModel;

  async snapshot(req: SnapshotRequest): Promise<VenueSnapshot> {
    if (!req.markets.has('binary')) return { quotes: [], funding: [], warnings: [] };
    const c = await this.catalogue({ signal: req.signal });
    return { quotes: c.quotes, funding: [], warnings: c.warnings };
  }

  async orderBooks(symbols: readonly { symbol: string; market: MarketType }[], depth: number, signal: AbortSignal): Promise<VenueSnapshot> {
    const ids = [...new Set(symbols.map((s) => parseBinarySymbol(s.symbol)?.marketId).filter((x): x is string => !!x))];
    const r = await this.books(ids, depth, signal);
    return { quotes: r.quotes, funding: [], warnings: r.warnings };
  }

  fee(_market: MarketType, symbol: string): FeeModel {
    return this.marketFee(parseBinarySymbol(symbol)?.marketId ?? symbol);
  }

  async close(): Promise<void> {}
}

/** Sorts and cleans levels: finite, positive, price inside (0, 1); returns how many were dropped. */
export function cleanLevels(levels: [number, number][], side: 'bids' | 'asks'): { levels: [number, number][]; dropped: number } {
  const ok = levels.filter(([p, s]) => Number.isFinite(p) && Number.isFinite(s) && p > 0 && p < 1 && s > 0);
  ok.sort((a, b) => (side === 'bids' ? b[0] - a[0] : a[0] - b[0]));
  return { levels: ok, dropped: levels.length - ok.length };
}
