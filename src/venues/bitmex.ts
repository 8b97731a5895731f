// https://www.bitmex.com/app/apiOverview — kept in the list so users who relied on it learn why
// it is gone instead of seeing "unknown venue".
import { VenueError } from '../core/errors.js';
import type { VenueDescriptor } from './types.js';

export const bitmex: VenueDescriptor = {
  id: 'bitmex',
  label: 'BitMEX',
  kind: 'crypto',
  markets: ['perp'],
  docs: 'https://www.bitmex.com/app/apiOverview',
  retired: 'the exchange closed on 2026-09-23 (removed from ccxt 4.5.84)',
  defaultFees: {},
  async create() {
    throw new VenueError('bitmex', 'retired: the exchange closed on 2026-09-23');
  },
};
