// The built-in `sma` strategy (fast/slow crossover). Its source is src/backtest/strategies/sma.ts,
// compiled with the CLI into dist/ (so `--strategy sma` and grid workers load it without tsx);
// this file re-exports the compiled one so `--strategy ./strategies/sma.ts` runs the same code.
export { default } from '../dist/backtest/strategies/sma.js';
