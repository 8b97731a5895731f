/**
 * Rebalancing for the arbitrage replay (`--rebalance transfer`): after a fill the base bought on
 * the buy venue is withdrawn to the sell venue and the quote received on the sell venue goes back
 * to the buy venue, so one-sided flow does not starve a long replay. A transfer pays the
 * withdrawal fee (in the asset moved) when it leaves and is credited, less that fee, when the
 * network's arrival time has passed — not before: until then the funds are on neither venue.
 */
import { transferBetween } from '../engine/transfer.js';
import type { CurrencyNetworks } from '../core/types.js';

export interface TransferRule {
  /** Withdrawal fee in units of the asset moved. */
  readonly fee: number;
  readonly etaMs: number;
  /** Where the figures came from (network data, or the flags). */
  readonly source: string;
}

/**
 * How an asset moves between two venues: from the venues' network data when the replay has it
 * (engine/transfer.ts, the cheapest open shared network), else the flags' per-asset fee and ETA.
 * Undefined when neither says (the asset then cannot be rebalanced).
 */
export type TransferRules = (asset: string, from: string, to: string, size: number) => TransferRule | undefined;

export function transferRules(flags: { readonly fees: ReadonlyMap<string, number>; readonly etaMs: number }, networks?: (venue: string) => CurrencyNetworks | undefined): TransferRules {
  return (asset, from, to, size) => {
    const a = networks?.(from)?.get(asset);
    const b = networks?.(to)?.get(asset);
    if (a && b) {
      const check = transferBetween(asset, { venue: from, networks: a }, { venue: to, networks: b }, size, 0);
      if (check.transfer) {
        const eta = check.transfer.etaMinutes;
        return { fee: check.transfer.fee, etaMs: eta === undefined ? flags.etaMs : eta * 60_000, source: `${check.transfer.network} network` };
      }
    }
    const fee = flags.fees.get(asset);
    return fee === undefined ? undefined : { fee, etaMs: flags.etaMs, source: '--transfer-fee' };
  };
}

export interface Transfer {
  readonly asset: string;
  readonly from: string;
  readonly to: string;
  /** Amount withdrawn (the fee included). */
  readonly amount: number;
  readonly fee: number;
  readonly sentTs: number;
  readonly arrivesTs: number;
  /** The fee valued in the valuation currency at sending time. */
  readonly feeValue: number;
}

/** Transfers in flight, credited in arrival order. */
export class TransferQueue {
  private readonly inFlight: Transfer[] = [];
  readonly done: Transfer[] = [];

  send(t: Transfer): void {
    let i = this.inFlight.length;
    while (i > 0 && this.inFlight[i - 1].arrivesTs > t.arrivesTs) i--;
    this.inFlight.splice(i, 0, t);
  }

  /** Credits every transfer that has arrived by `now` (arrivesTs ≤ now). */
  settle(now: number, credit: (venue: string, asset: string, amount: number) => void): void {
    while (this.inFlight.length && this.inFlight[0].arrivesTs <= now) {
      const t = this.inFlight.shift()!;
      credit(t.to, t.asset, t.amount - t.fee);
      this.done.push(t);
    }
  }

  /** Still travelling at the end of the data: asset → amount (valued, never credited). */
  pending(): readonly Transfer[] {
    return this.inFlight;
  }
}
