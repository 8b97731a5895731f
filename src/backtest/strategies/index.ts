import type { Strategy } from '../types.js';
import rsi from './rsi.js';
import sma from './sma.js';

/** Built-in bar strategies by name (`arb` is the quote-replay engine, handled apart). */
export const BUILTIN_STRATEGIES: ReadonlyMap<string, Strategy<any>> = new Map<string, Strategy<any>>([
  ['sma', sma],
  ['rsi', rsi],
]);
