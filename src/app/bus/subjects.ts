/**
 * NATS subjects of the live stream. A subject token may not hold '.', '*', '>' or spaces, and
 * venue symbols hold '/', ':' and sometimes '.': every character outside [A-Za-z0-9_-] becomes
 * '_' (BTC/USDT:USDT → BTC_USDT_USDT). The payload keeps the real names; subjects are for routing
 * and filtering (`arblens.quotes.binance.>`).
 */
export const SUBJECT_ROOT = 'arblens';

export function token(s: string): string {
  const t = s.replace(/[^A-Za-z0-9_-]/g, '_');
  return t === '' ? '_' : t;
}

/** `root` is `arblens` unless the URL names another (`?subject=desk2`: two buses on one server). */
export const quoteSubject = (venue: string, symbol: string, root = SUBJECT_ROOT) => `${root}.quotes.${token(venue)}.${token(symbol)}`;
export const fundingSubject = (venue: string, symbol: string, root = SUBJECT_ROOT) => `${root}.funding.${token(venue)}.${token(symbol)}`;
export const oppSubject = (kind: string, symbol: string, root = SUBJECT_ROOT) => `${root}.opps.${token(kind)}.${token(symbol)}`;
export const venueSubject = (venue: string, root = SUBJECT_ROOT) => `${root}.venues.${token(venue)}`;
