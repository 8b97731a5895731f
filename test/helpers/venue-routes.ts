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
    '/api/v3/exchangeInfo': 'binance/exchangeInfo.json',
    '/api/v3/ticker/bookTicker': 'binance/bookTicker.json',
    '/api/v3/depth': byParam('binance', 'depth-', 'symbol'),
    '/fapi/v1/exchangeInfo': 'binance/fapi-exchangeInfo.json',
    '/fapi/v1/ticker/bookTicker': 'binance/fapi-bookTicker.json',
    '/fapi/v1/depth': byParam('binance', 'fapi-depth-', 'symbol'),
    '/fapi/v1/premiumIndex': 'binance/premiumIndex.json',
    '/fapi/v1/fundingInfo': 'binance/fundingInfo.json',
  };
}

/** OKX v5: every response wrapped as {code, msg, data}. */
export function okxRoutes(): Record<string, Route> {
  return {
    '/api/v5/public/instruments': byParam('okx', 'instruments-', 'instType'),
    '/api/v5/market/tickers': byParam('okx', 'tickers-', 'instType'),
    '/api/v5/market/books': byParam('okx', 'books-', 'instId'),
    '/api/v5/public/funding-rate': byParam('okx', 'funding-rate-', 'instId'),
  };
}

export const ROUTES: Record<string, () => Record<string, Route>> = {
  binance: binanceRoutes,
  okx: okxRoutes,
};
