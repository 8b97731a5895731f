// The built-in `rsi` strategy (Wilder RSI mean reversion). Its source is
// src/backtest/strategies/rsi.ts, compiled with the CLI into dist/; this file re-exports it.
export { default } from '../dist/backtest/strategies/rsi.js';
