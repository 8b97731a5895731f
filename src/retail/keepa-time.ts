/**
 * Keepa time: minutes since 2011-01-01T00:00Z (KeepaTime.java: keepaStartMinute = 21564000,
 * the Unix minute of that instant).
 */
export const KEEPA_EPOCH_MINUTE = 21_564_000;

export function keepaMinuteToMs(minute: number): number {
  return (minute + KEEPA_EPOCH_MINUTE) * 60_000;
}

export function msToKeepaMinute(ms: number): number {
  return Math.floor(ms / 60_000) - KEEPA_EPOCH_MINUTE;
}
