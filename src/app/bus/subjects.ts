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

export const quoteSubject = (venue: string, symbol: string) => `${SUBJECT_ROOT}.quotes.${token(venue)}.${token(symbol)}`;
export const fundingSubject = (venue: string, symbol: string) => `${SUBJECT_ROOT}.funding.${token(venue)}.${token(symbol)}`;
export const oppSubject = (kind: string, symbol: string) => `${SUBJECT_ROOT}.opps.${token(kind)}.${token(symbol)}`;
export const venueSubject = (venue: string) => `${SUBJECT_ROOT}.venues.${token(venue)}`;
