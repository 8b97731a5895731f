/**
 * Route tables for startVenueServer: each venue's REST paths (as ccxt or our own adapter calls
 * them) → fixtures in that venue's documented wire format under test/fixtures/<venue>/.
 * Shared by integration tests, end-to-end tests and the concurrency benchmark.
 */
import { fixture, type Route } from './venue-server.js';

/** A handler serving `<dir>/<prefix><param>.json`, 400 in the venue's style when the file is missing. */
function byParam(dir: string, prefix: string, param: string): Route {
  return (_req, url) => {
    const v = url.searchParams.get(param) ?? '';
    try {
      return fixture(`${dir}/${prefix}${v.replace(/[^A-Za-z0-9_-]/g, '')}.json`);
    } catch {
      throw new Error(`no fixture for ${param}=${v}`);
    }
  };
}

/** Binance spot (api/v3) + USDⓈ-M futures (fapi/v1). */
export function binanceRoutes(): Record<string, Route> {
  return {
    '/api/v3/exchangeInfo': 'binance/rest/exchangeInfo.json',
    '/api/v3/ticker/bookTicker': 'binance/rest/bookTicker.json',
    '/api/v3/depth': byParam('binance/rest', 'depth-', 'symbol'),
    '/fapi/v1/exchangeInfo': 'binance/rest/fapi-exchangeInfo.json',
    '/fapi/v1/ticker/bookTicker': 'binance/rest/fapi-bookTicker.json',
    '/fapi/v1/depth': byParam('binance/rest', 'fapi-depth-', 'symbol'),
    '/fapi/v1/premiumIndex': 'binance/rest/premiumIndex.json',
    '/fapi/v1/fundingInfo': 'binance/rest/fundingInfo.json',
    '/fapi/v1/fundingRate': 'binance/rest/fapi-fundingRate.json',
    // Private (signed) reads, answered only so tests can check that keys reach nothing else.
    '/sapi/v1/asset/tradeFee': 'binance/rest/tradeFee.json',
    '/sapi/v1/capital/config/getall': 'binance/rest/capital-config-getall.json',
  };
}

/** OKX v5: every response wrapped as {code, msg, data}. */
export function okxRoutes(): Record<string, Route> {
  return {
    '/api/v5/public/instruments': byParam('okx/rest', 'instruments-', 'instType'),
    '/api/v5/market/tickers': byParam('okx/rest', 'tickers-', 'instType'),
    '/api/v5/market/books': byParam('okx/rest', 'books-', 'instId'),
    '/api/v5/public/funding-rate': byParam('okx/rest', 'funding-rate-', 'instId'),
  };
}

/** Bybit v5: {retCode, retMsg, result, time}; one path per kind of data, `category` selects the market. */
export function bybitRoutes(): Record<string, Route> {
  return {
    '/v5/market/instruments-info': (_req, url) =>
      fixture(`bybit/rest/instruments-info-${url.searchParams.get('status') === 'PreLaunch' ? 'prelaunch' : url.searchParams.get('category')}.json`),
    '/v5/market/tickers': (_req, url) => fixture(`bybit/rest/tickers-${url.searchParams.get('category')}.json`),
    '/v5/market/orderbook': (_req, url) => fixture(`bybit/rest/orderbook-${url.searchParams.get('category')}-${url.searchParams.get('symbol')}.json`),
  };
}

/** KuCoin spot (api.kucoin.com) and futures (api-futures.kucoin.com) share one base URL in tests: their paths differ. */
export function kucoinRoutes(): Record<string, Route> {
  return {
    '/api/v2/symbols': 'kucoin/rest/symbols.json',
    '/api/v1/market/allTickers': 'kucoin/rest/allTickers.json',
    '/api/v1/market/orderbook/level2_20': byParam('kucoin/rest', 'orderbook-level2_20-', 'symbol'),
    '/api/v1/contracts/active': 'kucoin/rest/contracts-active.json',
    '/api/v1/allTickers': 'kucoin/rest/futures-allTickers.json',
    '/api/v1/level2/depth20': byParam('kucoin/rest', 'level2-depth20-', 'symbol'),
    '/api/ua/v2/market/funding-rate': 'kucoin/rest/ua-v2-funding-rate.json',
    '/api/v3/currencies': 'kucoin/rest/currencies.json',
  };
}

/** CoinDCX: api.coindcx.com and public.coindcx.com paths served from one base URL. */
export function coindcxRoutes(): Record<string, Route> {
  return {
    '/exchange/v1/markets_details': 'coindcx/rest/markets_details.json',
    '/exchange/ticker': 'coindcx/rest/ticker.json',
    '/market_data/orderbook': byParam('coindcx/rest', 'orderbook-', 'pair'),
  };
}

export const ROUTES: Record<string, () => Record<string, Route>> = {
  binance: binanceRoutes,
  okx: okxRoutes,
  bybit: bybitRoutes,
  kucoin: kucoinRoutes,
  coindcx: coindcxRoutes,
};
