import { betfair } from './betfair.js';
import { bitmex } from './bitmex.js';
import { ccxtVenue } from './ccxt/rest.js';
import { coindcx } from './coindcx.js';
import { kalshi } from './kalshi/rest.js';
import { manifold } from './manifold/rest.js';
import { polymarket } from './polymarket/rest.js';
import type { FeeModel, MarketType } from '../core/types.js';
import { resolveFee } from './fees.js';
import type { VenueConfig, VenueDescriptor } from './types.js';

/**
 * Every venue arblens knows, by id, one row each: its REST factory (`create`), its stream
 * factory for `watch` (ccxt venues get ccxt.pro's; others name theirs on the row) and its
 * published fees. A new venue is one file (or one ccxtVenue line when ccxt covers it without
 * quirks) plus one line here. Default fees are the published base-tier taker /
 * maker fractions, used when the venue's own market data carries none and in --demo; override
 * them per venue in the config file (`venues.<id>.taker`).
 */
const VENUES: readonly VenueDescriptor[] = [
  ccxtVenue({ id: 'binance', label: 'Binance', docs: 'https://developers.binance.com/docs/', spot: 'binance', perp: 'binance', options: { fetchMarkets: { types: ['spot', 'linear'] } }, fundingIntervals: true, bookLimits: [5, 10, 20, 50, 100, 500, 1000], defaultFees: { spot: { taker: 0.001, maker: 0.001 }, perp: { taker: 0.0005, maker: 0.0002 } } }),
  ccxtVenue({ id: 'bybit', label: 'Bybit', docs: 'https://bybit-exchange.github.io/docs/v5/intro', spot: 'bybit', perp: 'bybit', options: { fetchMarkets: { types: ['spot', 'linear'] } }, defaultFees: { spot: { taker: 0.001, maker: 0.001 }, perp: { taker: 0.00055, maker: 0.0002 } } }),
  ccxtVenue({ id: 'okx', label: 'OKX', docs: 'https://www.okx.com/docs-v5/en/', spot: 'okx', perp: 'okx', options: { fetchMarkets: { types: ['spot', 'swap'] } }, defaultFees: { spot: { taker: 0.001, maker: 0.0008 }, perp: { taker: 0.0005, maker: 0.0002 } } }),
  ccxtVenue({ id: 'kucoin', label: 'KuCoin', docs: 'https://www.kucoin.com/docs-new', spot: 'kucoin', perp: 'kucoinfutures', classOptions: { kucoin: { fetchMarkets: { types: ['spot'], fetchTickersFees: true } } }, bookLimits: [20, 100], marketDataFees: true, defaultFees: { spot: { taker: 0.001, maker: 0.001 }, perp: { taker: 0.0006, maker: 0.0002 } } }),
  ccxtVenue({ id: 'deribit', label: 'Deribit', docs: 'https://docs.deribit.com/', perp: 'deribit', defaultFees: { perp: { taker: 0.0005, maker: 0 } } }),
  ccxtVenue({ id: 'gate', label: 'Gate', docs: 'https://www.gate.com/docs/developers/apiv4/', spot: 'gate', perp: 'gate', options: { fetchMarkets: { types: ['spot', 'swap'] }, swap: { fetchMarkets: { settlementCurrencies: ['usdt'] } } }, defaultFees: { spot: { taker: 0.001, maker: 0.001 }, perp: { taker: 0.0005, maker: 0.0002 } } }),
  ccxtVenue({ id: 'mexc', label: 'MEXC', docs: 'https://mexcdevelop.github.io/apidocs/', spot: 'mexc', perp: 'mexc', defaultFees: { spot: { taker: 0.0005, maker: 0 }, perp: { taker: 0.0002, maker: 0 } } }),
  ccxtVenue({ id: 'bitget', label: 'Bitget', docs: 'https://www.bitget.com/api-doc/', spot: 'bitget', perp: 'bitget', defaultFees: { spot: { taker: 0.001, maker: 0.001 }, perp: { taker: 0.0006, maker: 0.0002 } } }),
  ccxtVenue({ id: 'phemex', label: 'Phemex', docs: 'https://phemex-docs.github.io/', spot: 'phemex', perp: 'phemex', defaultFees: { spot: { taker: 0.001, maker: 0.001 }, perp: { taker: 0.0006, maker: 0.0001 } } }),
  coindcx,
  bitmex,
  { ...polymarket, stream: async (ctx) => (await import('./polymarket/stream.js')).polymarketStream(ctx) },
  { ...kalshi, stream: async (ctx) => (await import('./kalshi/stream.js')).kalshiStream(ctx) },
  manifold,
  betfair,
];

export const REGISTRY: ReadonlyMap<string, VenueDescriptor> = new Map(VENUES.map((v) => [v.id, v]));

/** A venue's proportional fee without an open adapter (demo, replay, arbitrage backtest): same rule as `scan`. */
export function registryFee(venue: string, market: MarketType, config?: VenueConfig): FeeModel {
  return resolveFee(REGISTRY.get(venue)?.defaultFees, market, config);
}

export function venueIds(): string[] {
  return [...REGISTRY.keys()];
}
