import type { Opportunity } from '../../core/types.js';

/**
 * `--alert-net <pct>` with `--cooldown`: an opportunity at or above the threshold alerts once,
 * then stays quiet for the cooldown even if it flickers in and out. Pure: time is passed in.
 */
export class AlertTracker {
  private readonly lastAlert = new Map<string, number>();

  constructor(readonly thresholdPct: number | undefined, readonly cooldownMs: number) {}

  /** True when `opp` is above the threshold (the TUI highlights it). */
  hot(opp: Opportunity): boolean {
    return this.thresholdPct !== undefined && opp.netSpreadPct >= this.thresholdPct;
  }

  /** True when `opp` should ring now; records the ring. */
  ring(opp: Opportunity, now: number): boolean {
    if (!this.hot(opp)) return false;
    const last = this.lastAlert.get(opp.id);
    if (last !== undefined && now - last < this.cooldownMs) return false;
    this.lastAlert.set(opp.id, now);
    return true;
  }

  /** Ids to ring for this frame, in order. */
  check(opps: readonly Opportunity[], now: number): string[] {
    const out: string[] = [];
    for (const o of opps) if (this.ring(o, now)) out.push(o.id);
    return out;
  }
}
