import type { FeeModel, Opportunity, OpportunityKind, OpportunityLeg, Quote } from '../core/types.js';
import { splitSymbol } from '../core/units.js';
import type { WalkResult } from './depth-walk.js';

/** Numbers of a two-leg opportunity, kept as plain fields so ranking never builds objects. */
export interface TwoLegFigures {
  readonly kind: OpportunityKind;
  readonly id: string;
  /** Display symbol: the shared asset (BTC/USDT) for basis, the instrument otherwise. */
  readonly symbol: string;
  readonly buy: Quote;
  readonly sell: Quote;
  readonly walk: WalkResult;
  readonly netProfit: number;
  readonly netSpreadPct: number;
  readonly grossSpreadPct: number;
  /** Top-of-book spread in %, before fees: what the plausibility guard looks at. */
  readonly topSpreadPct: number;
  /** The legs' fee models, for each leg's `feeSource` and the assumptions ledger. */
  readonly buyFeeModel?: FeeModel;
  readonly sellFeeModel?: FeeModel;
}

/** Net figures of a walk; gross is VWAP to VWAP, net divides by what the buy leg cost. */
export function figures(walk: WalkResult): { netProfit: number; netSpreadPct: number; grossSpreadPct: number } {
  const gross = walk.sellProceeds - walk.buyCost;
  const netProfit = gross - walk.buyFee - walk.sellFee;
  return {
    netProfit,
    netSpreadPct: walk.buyCost > 0 ? (netProfit / walk.buyCost) * 100 : 0,
    grossSpreadPct: walk.buyCost > 0 ? (gross / walk.buyCost) * 100 : 0,
  };
}

export function quoteCurrency(symbol: string): string {
  const s = splitSymbol(symbol);
  return s.quote || s.settle || '';
}

/** Builds the output-contract object (see README "JSON schema") at time `now`. */
export function toOpportunity(f: TwoLegFigures, now: number, extra: Record<string, unknown> = {}): Opportunity {
  const { walk, buy, sell } = f;
  const size = walk.size;
  const buyVwap = size > 0 ? walk.buyCost / size : 0;
  const sellVwap = size > 0 ? walk.sellProceeds / size : 0;
  const buyLeg: OpportunityLeg = { side: 'buy', venue: buy.venue, market: buy.symbol, price: buy.asks[0][0], vwap: buyVwap, size, fee: walk.buyFee, feeSource: f.buyFeeModel?.source };
  const sellLeg: OpportunityLeg = { side: 'sell', venue: sell.venue, market: sell.symbol, price: sell.bids[0][0], vwap: sellVwap, size, fee: walk.sellFee, feeSource: f.sellFeeModel?.source };
  const oldest = Math.min(buy.venueTs, sell.venueTs);
  return {
    id: f.id,
    kind: f.kind,
    symbol: f.symbol,
    buy: { venue: buy.venue, price: buyLeg.price, vwap: buyVwap, fee: walk.buyFee },
    sell: { venue: sell.venue, price: sellLeg.price, vwap: sellVwap, fee: walk.sellFee },
    size,
    quote: quoteCurrency(f.symbol),
    grossSpreadPct: f.grossSpreadPct,
    netSpreadPct: f.netSpreadPct,
    netProfit: f.netProfit,
    legs: [buyLeg, sellLeg],
    assumptions: {
      fees: [
        { venue: buy.venue, market: buy.symbol, takerRate: f.buyFeeModel?.takerRate, source: f.buyFeeModel?.source },
        { venue: sell.venue, market: sell.symbol, takerRate: f.sellFeeModel?.takerRate, source: f.sellFeeModel?.source },
      ],
      quoteAgesMs: { buy: Math.max(0, now - buy.venueTs), sell: Math.max(0, now - sell.venueTs) },
      fill: `taker, walk of ${walk.buyLevels}/${walk.sellLevels} levels`,
      exit: 'none: both legs settle at once',
      transfer: 'inventory: quote currency on the buy venue and the asset on the sell venue are assumed in place; rebalancing is not priced',
    },
    ...extra,
    ageMs: Math.max(0, now - oldest),
    ts: new Date(now).toISOString(),
    tsMs: now,
  };
}
