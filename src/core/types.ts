/**
 * Normalized, venue-independent types. Every source (REST snapshot, live stream, replay of the
 * store, recorded file) yields these, so scan, watch, backtest and tests share one engine.
 * All times are epoch milliseconds; prices are in the instrument's quote currency (for binary
 * contracts: a probability in [0, 1] paying 1 unit of the venue's currency).
 */

/** spot: cash market; perp: perpetual future; binary: prediction-market YES/NO contract. */
export type MarketType = 'spot' | 'perp' | 'binary';

/** One price level: [price, size]. Size is in base units (contracts/shares for binaries). */
export type BookLevel = readonly [price: number, size: number];

/** Top of book plus optional depth. bids best (highest) first, asks best (lowest) first. */
export interface Quote {
  readonly type: 'quote';
  readonly venue: string;
  /** ccxt unified symbol for crypto (BTC/USDT, BTC/USDT:USDT); venue market id for binaries. */
  readonly symbol: string;
  readonly market: MarketType;
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
  /** Timestamp the venue put on the data (falls back to localTs when the venue gives none). */
  readonly venueTs: number;
  /** When arblens received it. */
  readonly localTs: number;
}

/** A perpetual contract's funding rate. rate is a fraction per interval (0.0001 = 0.01 %). */
export interface FundingRate {
  readonly type: 'funding';
  readonly venue: string;
  readonly symbol: string;
  readonly rate: number;
  readonly intervalHours: number;
  readonly nextFundingTs?: number;
  readonly venueTs: number;
  readonly localTs: number;
}

/** Venue connection state changes, for watch's status panel and NDJSON `venue` events. */
export interface VenueStatusEvent {
  readonly type: 'status';
  readonly venue: string;
  readonly state: 'connecting' | 'connected' | 'reconnecting' | 'stale' | 'not-configured' | 'retired' | 'error' | 'closed';
  readonly message?: string;
  readonly localTs: number;
}

export type MarketEvent = Quote | FundingRate | VenueStatusEvent;

/**
 * How a venue charges a taker. `taker(price, size)` returns the fee in quote currency for one
 * fill, so non-proportional rules (Kalshi's p·(1−p) rounded up to the cent, Polymarket's
 * category rate) fit the same depth walk as crypto's fraction of notional.
 */
/**
 * Where a fee rate came from: the venue's published base tier, the account's own rates (API keys),
 * a user override (config file / environment), or the venue's market data (prediction markets).
 */
export type FeeSource = 'published' | 'account' | 'override' | 'venue-market-data';

export interface FeeModel {
  /** Where the rates come from (shown per leg as `feeSource`). */
  readonly source?: FeeSource;
  /** Nominal taker rate as a fraction (0.001 = 0.1 %), for display and quick pre-filters. */
  readonly takerRate: number;
  readonly makerRate: number;
  /** True when taker(p, s) is exactly p × s × takerRate: lets the engine reject a pair at the top of the book without walking it. */
  readonly proportional?: boolean;
  taker(price: number, size: number): number;
}

export type OpportunityKind =
  | 'cross-spot'
  | 'cross-perp'
  | 'basis'
  | 'funding'
  | 'binary-complement'
  | 'binary-intra'
  | 'multi-outcome';

export interface OpportunityLeg {
  readonly side: 'buy' | 'sell';
  readonly venue: string;
  readonly market: string;
  /** Best price at the top of the book. */
  readonly price: number;
  /** Volume-weighted average price over the size taken. */
  readonly vwap: number;
  readonly size: number;
  /** Fee paid on this leg, in quote currency. */
  readonly fee: number;
  /** Where the leg's fee rate came from: published, account, override, venue-market-data. */
  readonly feeSource?: FeeSource;
}

export interface OpportunitySide {
  readonly venue: string;
  readonly price: number;
  readonly vwap: number;
  readonly fee: number;
}

/** The output contract (see README "JSON schema"): field names are stable. */
export interface Opportunity {
  readonly id: string;
  readonly kind: OpportunityKind;
  readonly symbol: string;
  readonly buy?: OpportunitySide;
  readonly sell?: OpportunitySide;
  readonly size: number;
  readonly quote: string;
  readonly grossSpreadPct: number;
  readonly netSpreadPct: number;
  readonly netProfit: number;
  readonly legs: readonly OpportunityLeg[];
  /** Age of the oldest quote used, at evaluation time. */
  readonly ageMs: number;
  readonly ts: string;
  readonly tsMs: number;
  /** Kind-specific fields (funding rates, shares and payout, match score …). */
  readonly [extra: string]: unknown;
}

/**
 * One network an asset moves on at one venue (ccxt's `currencies[code].networks[net]`, read per
 * network: the top-level deposit/withdraw flags are true when ANY network allows it, and the
 * top-level fee is the lowest network's, so a transfer must match a network both venues share).
 */
export interface CurrencyNetwork {
  /** ccxt's unified network code (ERC20, TRC20, BTC, SOL …). */
  readonly network: string;
  readonly deposit?: boolean;
  readonly withdraw?: boolean;
  /** Withdrawal fee in units of the asset. */
  readonly fee?: number;
  /** Minimum withdrawal, in units of the asset. */
  readonly min?: number;
}

/** A venue's networks per asset code (BTC → [ERC20?, BTC, …]). */
export type CurrencyNetworks = ReadonlyMap<string, readonly CurrencyNetwork[]>;

/**
 * What an order on one market must respect, in base units and quote currency (contract sizes
 * already applied): sizes are multiples of `step`, at least `minAmount`, and worth at least
 * `minNotional`. Any field may be unknown.
 */
export interface MarketLimits {
  readonly step?: number;
  readonly minAmount?: number;
  readonly minNotional?: number;
}
