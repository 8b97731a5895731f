import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeError, redactUrlSecrets, VenueError } from '../../../src/core/errors.js';

test('a failed signed request never puts its signature or key in a message', () => {
  const err = new Error('binance GET http://h/sapi/v1/asset/tradeFee?timestamp=1&recvWindow=10000&signature=03bd4a13d5 404 Not Found');
  assert.equal(describeError(err), 'binance GET http://h/sapi/v1/asset/tradeFee?timestamp=1&recvWindow=10000&signature=*** 404 Not Found');
  assert.equal(redactUrlSecrets('GET /product?key=ABC123&asin=B0&token=t0k'), 'GET /product?key=***&asin=B0&token=***');
});

test('describeError: one line, the class when it says more, the deadline when it fired, a venue error without its prefix', () => {
  assert.equal(describeError(new TypeError('bad\nsecond line')), 'TypeError: bad');
  const signal = AbortSignal.abort();
  assert.equal(describeError(new Error('aborted'), { signal, timeoutMs: 2000 }), 'timed out after 2000 ms');
  assert.equal(describeError(new VenueError('okx', 'HTTP 503')), 'HTTP 503');
});
