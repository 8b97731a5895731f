/** JSON schemas shared by the routes: validation and /openapi.json come from these. */

const TOKEN = { type: 'string', description: 'API token, for clients that cannot send an Authorization header' };

/** The `scan` filters as query parameters (lists comma-separated). */
export function filterQuery(kinds: readonly string[], withRanking: boolean): Record<string, unknown> {
  const k = kinds.join('|');
  const properties: Record<string, unknown> = {
    kinds: { type: 'string', pattern: `^(${k})(,(${k}))*$`, description: `comma-separated kinds, from: ${kinds.join(', ')}` },
    venues: { type: 'string', pattern: '^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$', description: 'comma-separated venue ids, e.g. binance,okx' },
    symbols: { type: 'string', maxLength: 4000, pattern: '^[^,]+(,[^,]+)*$', description: 'comma-separated unified symbols, e.g. BTC/USDT,ETH/USDT:USDT' },
    minNet: { type: 'number', description: 'minimum net spread in percent, e.g. 0.05' },
    minProfit: { type: 'number', description: 'minimum net profit in the valuation currency, e.g. 5' },
    minSize: { type: 'number', minimum: 0, description: 'minimum notional in quote currency, e.g. 100' },
    token: TOKEN,
  };
  if (withRanking) {
    properties.top = { type: 'integer', minimum: 0, maximum: 100000, description: 'the best n only (0 = all), e.g. 20' };
    properties.sort = { type: 'string', enum: ['profit', 'pct'], description: 'rank by net profit or net percent' };
  }
  return { type: 'object', additionalProperties: false, properties };
}

export const TOKEN_ONLY = { type: 'object', additionalProperties: false, properties: { token: TOKEN } };

export const ERROR = { type: 'object', properties: { error: { type: 'string' }, parameter: { type: 'string' } } };
