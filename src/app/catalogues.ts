import pLimit from 'p-limit';
import type { PredictionMarket } from '../core/prediction.js';
import type { PredictionAdapter } from '../venues/prediction-types.js';
import { describeError } from '../core/errors.js';

export interface CatalogueResult {
  readonly markets: Map<string, PredictionMarket[]>;
  readonly failed: Map<string, string>;
}

/** Every venue's market list concurrently, one deadline per venue; failures are collected, not thrown. */
export async function fetchCatalogues(
  adapters: readonly PredictionAdapter[],
  o: { timeoutMs: number; concurrency: number; warn: (venue: string, message: string) => void },
): Promise<CatalogueResult> {
  const limit = pLimit(Math.max(1, o.concurrency));
  const markets = new Map<string, PredictionMarket[]>();
  const failed = new Map<string, string>();
  await Promise.all(
    adapters.map((a) =>
      limit(async () => {
        const signal = AbortSignal.timeout(o.timeoutMs);
        try {
          const c = await a.catalogue({ signal });
          for (const w of c.warnings) o.warn(a.id, w);
          markets.set(a.id, c.markets);
        } catch (err) {
          failed.set(a.id, describeError(err, { signal, timeoutMs: o.timeoutMs }));
        }
      }),
    ),
  );
  return { markets, failed };
}
