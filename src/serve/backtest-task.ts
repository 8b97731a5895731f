import type { Params } from '../backtest/types.js';

/** What the API's backtests exchange with their worker thread (structured-clone data only). */

/** What `POST /api/v1/backtests` accepts (validated by the route schema first). */
export interface BacktestBody {
  readonly strategy: string;
  readonly params?: Readonly<Record<string, number>>;
  readonly venue: string;
  readonly symbol: string;
  readonly timeframe?: string;
  readonly from?: string;
  readonly to?: string;
  readonly cash?: number;
  readonly commission?: number;
  readonly slippageBps?: number;
}

export interface BacktestTask {
  readonly body: BacktestBody;
  /** A built-in strategy's name, or the absolute path of a file in the strategies folder. */
  readonly strategy: string;
  readonly params: Params;
  readonly dbPath: string;
}

export interface BacktestOutcome {
  readonly result?: Record<string, unknown>;
  readonly report?: string;
  readonly error?: string;
}
