import { readFileSync } from 'node:fs';
import type { BookLevel, FeeModel, FundingRate, MarketType, Quote } from '../../core/types.js';
import type { SnapshotRequest, VenueAdapter, VenueSnapshot } from '../types.js';
import { registryFee } from '../registry.js';
import type { CurrencyNetwork, CurrencyNetworks } from '../../core/types.js';
import { VenueError } from '../../core/errors.js';

/** The shape of data/demo/crypto.json (written by scripts/make-demo-data.mjs). */
interface DemoFile {
  readonly capturedAt: number;
  readonly quotes: { venue: string; symbol: string; market: MarketType; venueTs: number; bids: BookLevel[]; asks: BookLevel[] }[];
  readonly funding: { venue: string; symbol: string; rate: number; intervalHours: number; nextFundingTs?: number; venueTs: number }[];
  /** Paid funding rates of each perpetual over the last days (synthetic). */
  readonly fundingHistory?: { venue: string; symbol: string; rates: { rate: number; ts: number }[] }[];
  /** Deposit/withdrawal networks per venue and asset (synthetic, ccxt's per-network shape). */
  readonly currencies?: Record<string, Record<string, CurrencyNetwork[]>>;
}

export const DEMO_FILE = new URL('../../../data/demo/crypto.json', import.meta.url);

export function loadDemoFile(url: URL = DEMO_FILE): DemoFile {
  return JSON.parse(readFileSync(url, 'utf8')) as DemoFile;
}

/**
 * Offline venues over the shipped sample snapshot. Timestamps are rebased so the capture moment
 * is `now`: quote ages stay as recorded (one is deliberately stale). Fees are the registry's
 * published defaults for each venue, the same ones a live scan uses when a venue gives none.
 */
export function demoVenues(now: number, file: DemoFile = loadDemoFile()): VenueAdapter[] {
  const shift = now - file.capturedAt;
  const ids = [...new Set(file.quotes.map((q) => q.venue))];
  return ids.map((id) => new DemoVenue(id, file, shift, now));
}

class DemoVenue implements VenueAdapter {
  constructor(readonly id: string, private readonly file: DemoFile, private readonly shift: number, private readonly now: number) {}

  fee(market: MarketType): FeeModel {
    return registryFee(this.id, market);
  }

  async listSymbols(market: MarketType): Promise<string[]> {
    return this.file.quotes.filter((q) => q.venue === this.id && q.market === market).map((q) => q.symbol);
  }

  /** Top of book only, as a live venue's ticker call would give. */
  async snapshot(req: SnapshotRequest): Promise<VenueSnapshot> {
    const quotes = this.select(req.markets, req.symbols).map((q) => ({ ...q, bids: q.bids.slice(0, 1), asks: q.asks.slice(0, 1) }));
    const funding: FundingRate[] = req.funding
      ? this.file.funding
          .filter((f) => f.venue === this.id && (!req.symbols || req.symbols.includes(f.symbol)))
          .map((f) => ({ type: 'funding', ...f, venueTs: f.venueTs + this.shift, localTs: this.now, nextFundingTs: f.nextFundingTs && f.nextFundingTs + this.shift }))
      : [];
    return { quotes, funding, warnings: [] };
  }

  async orderBooks(items: readonly { symbol: string; market: MarketType }[], depth: number): Promise<VenueSnapshot> {
    const quotes = this.select(new Set(items.map((i) => i.market)), items.map((i) => i.symbol)).map((q) => ({ ...q, bids: q.bids.slice(0, depth), asks: q.asks.slice(0, depth) }));
    return { quotes, funding: [], warnings: [] };
  }

  async fundingHistory(symbol: string, sinceMs: number): Promise<{ rate: number; ts: number }[]> {
    const h = this.file.fundingHistory?.find((x) => x.venue === this.id && x.symbol === symbol);
    return (h?.rates ?? []).map((r) => ({ rate: r.rate, ts: r.ts + this.shift })).filter((r) => r.ts >= sinceMs);
  }

  async currencies(): Promise<CurrencyNetworks> {
    const mine = this.file.currencies?.[this.id];
    if (!mine) throw new VenueError(this.id, 'no deposit/withdrawal data in the demo file', undefined, 'config');
    return new Map(Object.entries(mine));
  }

  async close(): Promise<void> {}

  private select(markets: ReadonlySet<MarketType>, symbols?: readonly string[]): Quote[] {
    return this.file.quotes
      .filter((q) => q.venue === this.id && markets.has(q.market) && (!symbols || symbols.includes(q.symbol)))
      .map((q) => ({ type: 'quote', venue: q.venue, symbol: q.symbol, market: q.market, bids: q.bids, asks: q.asks, venueTs: q.venueTs + this.shift, localTs: this.now }));
  }
}
