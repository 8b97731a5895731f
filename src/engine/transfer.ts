import type { CurrencyNetwork, CurrencyNetworks } from '../core/types.js';

/**
 * Whether bought inventory can be moved from the buy venue to the sell venue: a network both
 * venues list for the asset, with withdrawals open at the source and deposits open at the
 * destination, its withdrawal fee (in the asset and valued in quote at the buy price) and
 * minimum, and the network's typical arrival time where known. Pure: the currency data comes in.
 */
export interface Transfer {
  readonly network: string;
  /** Withdrawal fee in units of the asset. */
  readonly fee: number;
  /** The fee valued in the opportunity's quote currency (fee × buy VWAP). */
  readonly feeQuote: number;
  readonly min: number | undefined;
  readonly enabled: true;
  /** Typical arrival time in minutes (confirmations included), undefined when not known. */
  readonly etaMinutes: number | undefined;
}

export type TransferCheck = { readonly transfer: Transfer } | { readonly transfer: null; readonly reason: string };

/**
 * Typical arrival times by ccxt network code: block time × the confirmations venues usually ask.
 * Indicative, not a promise: congestion and a venue's own review can add hours.
 */
const ETA_MINUTES: Readonly<Record<string, number>> = {
  BTC: 60, ERC20: 6, ETH: 6, TRC20: 3, TRX: 3, BEP20: 1, BSC: 1, SOL: 1, ARB: 3, ARBONE: 3, OP: 3, OPTIMISM: 3,
  MATIC: 5, POLYGON: 5, AVAXC: 1, BASE: 3, LTC: 30, XRP: 1, DOGE: 20, ADA: 10, TON: 1, XLM: 1, DOT: 2, ATOM: 2, APT: 1, SUI: 1,
};

/**
 * One chain, several names: ccxt names a chain by the currency's own code on some venues
 * (ETH on Ethereum) and by the token standard on others (ERC20). Compared under one name.
 */
const ALIASES: Readonly<Record<string, string>> = { ETH: 'ERC20', TRX: 'TRC20', BSC: 'BEP20', BNB: 'BEP20', ARBONE: 'ARB', ARBITRUM: 'ARB', OPTIMISM: 'OP', POLYGON: 'MATIC', AVAX: 'AVAXC' };
const canonical = (network: string) => ALIASES[network.toUpperCase()] ?? network.toUpperCase();

export function transferBetween(
  asset: string,
  from: { readonly venue: string; readonly networks: readonly CurrencyNetwork[] | undefined },
  to: { readonly venue: string; readonly networks: readonly CurrencyNetwork[] | undefined },
  size: number,
  price: number,
): TransferCheck {
  if (!from.networks) return { transfer: null, reason: `${from.venue} did not say how ${asset} can be withdrawn (unknown — not assumed free)` };
  if (!to.networks) return { transfer: null, reason: `${to.venue} did not say how ${asset} can be deposited (unknown — not assumed free)` };
  const dest = new Map(to.networks.map((n) => [canonical(n.network), n]));
  const shared = from.networks.filter((n) => dest.has(canonical(n.network)));
  if (shared.length === 0) return { transfer: null, reason: `no network shared by ${from.venue} and ${to.venue} for ${asset}` };
  const open = shared.filter((n) => n.withdraw === true && dest.get(canonical(n.network))!.deposit === true);
  if (open.length === 0) {
    const closedOut = shared.every((n) => n.withdraw !== true);
    return { transfer: null, reason: closedOut ? `${asset} withdrawals suspended on ${from.venue} (${shared.map((n) => n.network).join(', ')})` : `${asset} deposits suspended on ${to.venue} on every shared network` };
  }
  const priced = open.filter((n) => n.fee !== undefined && Number.isFinite(n.fee) && n.fee >= 0);
  if (priced.length === 0) return { transfer: null, reason: `${asset} withdrawal fee unknown on ${from.venue} (not assumed free)` };
  const usable = priced.filter((n) => n.min === undefined || size >= n.min);
  if (usable.length === 0) return { transfer: null, reason: `size ${size} ${asset} is below the minimum withdrawal on every open network (${priced.map((n) => `${n.network} ${n.min}`).join(', ')})` };
  const best = usable.reduce((a, b) => (b.fee! < a.fee! ? b : a));
  return { transfer: { network: canonical(best.network), fee: best.fee!, feeQuote: best.fee! * price, min: best.min, enabled: true, etaMinutes: ETA_MINUTES[canonical(best.network)] } };
}

/** Where each venue's networks came from: the data, or why there is none (needs keys, no data). */
export type VenueNetworks = { readonly networks: CurrencyNetworks } | { readonly unknown: string };

/**
 * Adds the transfer fields to a cross-spot or cross-venue basis opportunity: `transfer` (or null
 * with `transferReason`), `settlement` (`transferable` when the bought asset can be moved to the
 * selling venue, else `inventory`: funds must already sit on both venues) and
 * `netProfitAfterTransfer` (net profit less one withdrawal fee valued at the buy VWAP).
 */
export function withTransfer<T extends { kind: string; symbol: string; size: number; netProfit: number; legs: readonly { venue: string; vwap: number }[]; assumptions?: unknown }>(o: T, nets: (venue: string) => VenueNetworks | undefined): T {
  if (o.kind !== 'cross-spot' && o.kind !== 'basis') return o;
  const [buy, sell] = o.legs;
  if (!buy || !sell || buy.venue === sell.venue) return o;
  const asset = o.symbol.split('/')[0];
  const side = (venue: string) => {
    const n = nets(venue);
    return { venue, networks: n && 'networks' in n ? n.networks.get(asset) ?? [] : undefined, why: n && 'unknown' in n ? n.unknown : undefined };
  };
  const from = side(buy.venue);
  const to = side(sell.venue);
  const check = transferBetween(asset, from, to, o.size, buy.vwap);
  const reason = check.transfer ? undefined : from.why ? `${check.reason}: ${from.why}` : to.why ? `${check.reason}: ${to.why}` : check.reason;
  const assumptions = { ...(o.assumptions as object | undefined), transfer: check.transfer ? `one ${asset} withdrawal ${buy.venue} → ${sell.venue} on ${check.transfer.network} priced in netProfitAfterTransfer` : `inventory: ${reason}` };
  return {
    ...o,
    transfer: check.transfer,
    ...(reason ? { transferReason: reason } : {}),
    settlement: check.transfer ? 'transferable' : 'inventory',
    netProfitAfterTransfer: check.transfer ? o.netProfit - check.transfer.feeQuote : null,
    assumptions,
  };
}
