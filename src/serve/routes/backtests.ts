import type { FastifyInstance } from 'fastify';
import { UsageError } from '../../core/errors.js';
import type { BacktestBody, BacktestJobs } from '../backtests.js';
import { TOKEN_ONLY } from './schemas.js';

const BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['strategy', 'venue', 'symbol'],
  properties: {
    strategy: { type: 'string', maxLength: 64, description: 'a built-in strategy (sma, rsi) or the name of a file in the --strategies folder' },
    params: { type: 'object', additionalProperties: { type: 'number' }, maxProperties: 32, description: 'strategy parameters, e.g. {"fast": 10, "slow": 30}' },
    venue: { type: 'string', pattern: '^[a-z0-9_.-]{1,32}$', description: 'venue of the stored candles, e.g. binance' },
    symbol: { type: 'string', maxLength: 64, description: 'symbol of the stored candles, e.g. BTC/USDT' },
    timeframe: { type: 'string', pattern: '^[0-9]{1,3}[smhdwM]$', description: 'candle timeframe, e.g. 1h' },
    from: { type: 'string', format: 'date-time', description: 'ISO-8601 start' },
    to: { type: 'string', format: 'date-time', description: 'ISO-8601 end' },
    cash: { type: 'number', exclusiveMinimum: 0, description: 'starting cash, e.g. 10000' },
    commission: { type: 'number', minimum: 0, maximum: 0.1, description: 'relative commission per fill, e.g. 0.001 (0.1 %)' },
    slippageBps: { type: 'number', minimum: 0, maximum: 1000, description: 'slippage in basis points' },
  },
};

const ID = { type: 'object', properties: { id: { type: 'string', maxLength: 64, description: 'the id POST returned' } }, required: ['id'] };

/** `POST /api/v1/backtests` → 202 {id}; `GET …/{id}` status, metrics, trades; `GET …/{id}/report` the HTML report. */
export function registerBacktests(app: FastifyInstance, jobs: BacktestJobs): void {
  app.post('/api/v1/backtests', { schema: { summary: 'Queue a backtest over stored candles (built-in strategies and the --strategies folder only)', body: BODY, querystring: TOKEN_ONLY } }, async (req, reply) => {
    try {
      const job = await jobs.submit(req.body as BacktestBody);
      return reply.code(202).header('location', `/api/v1/backtests/${job.id}`).send({ id: job.id, status: job.status });
    } catch (err) {
      if (err instanceof UsageError) return reply.code(400).send({ parameter: /^(params[.\w]*)/.exec(err.message)?.[1] ?? 'strategy', error: err.message });
      throw err;
    }
  });

  app.get('/api/v1/backtests/:id', { schema: { summary: 'A backtest: status, then metrics and trades', params: ID, querystring: TOKEN_ONLY } }, async (req, reply) => {
    const job = jobs.get((req.params as { id: string }).id);
    if (!job) return reply.code(404).send({ error: 'no such backtest — POST /api/v1/backtests starts one' });
    return { id: job.id, status: job.status, request: job.request, ...(job.error ? { error: job.error } : {}), ...(job.result ?? {}) };
  });

  app.get('/api/v1/backtests/:id/report', { schema: { summary: 'The HTML report of a finished backtest', params: ID, querystring: TOKEN_ONLY } }, async (req, reply) => {
    const job = jobs.get((req.params as { id: string }).id);
    if (!job) return reply.code(404).send({ error: 'no such backtest — POST /api/v1/backtests starts one' });
    if (!job.report) return reply.code(409).send({ error: `backtest ${job.id} is ${job.status}${job.error ? `: ${job.error}` : ''}` });
    return reply.type('text/html; charset=utf-8').send(job.report);
  });
}
