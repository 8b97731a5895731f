// Generated from src/backtest by the TypeScript compiler (test/e2e/backtest/authoring.test.ts checks it).
/**
 * `arblens/strategy`: what a strategy file of your own imports (package.json `exports`). Types
 * for `import type { Strategy } from 'arblens/strategy'`, and `defineStrategy`, which only helps
 * TypeScript infer the state type from `init`.
 */
export type { BarContext, InitContext, OrderOptions, Params, ParamSpec, PlotOptions, Position, Series, Strategy } from './types.js';
export type { Indicators } from './indicators.js';
import type { Strategy } from './types.js';
export declare function defineStrategy<S>(s: Strategy<S>): Strategy<S>;
