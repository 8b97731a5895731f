import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopback, redactUrl, requestToken, tokenMatches } from '../../../src/serve/auth.js';

test('tokenMatches: equal only for the same token, whatever the lengths', () => {
  assert.equal(tokenMatches('abc12345', 'abc12345'), true);
  assert.equal(tokenMatches('abc12345', 'abc1234'), false);
  assert.equal(tokenMatches('abc12345', 'abc123456'), false);
  assert.equal(tokenMatches('abc12345', ''), false);
  assert.equal(tokenMatches('abc12345', undefined), false);
});

test('requestToken: Bearer header first, then ?token=', () => {
  assert.equal(requestToken('Bearer t-1', { token: 't-2' }), 't-1');
  assert.equal(requestToken('bearer   t-1 ', {}), 't-1');
  assert.equal(requestToken(undefined, { token: 't-2' }), 't-2');
  assert.equal(requestToken('Basic xyz', {}), undefined);
});

test('isLoopback: 127/8, ::1 and localhost only', () => {
  for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost']) assert.equal(isLoopback(h), true, h);
  for (const h of ['0.0.0.0', '::', '192.168.1.4', '10.0.0.1', 'example.com', '127.0.0.1.example.com']) assert.equal(isLoopback(h), false, h);
});

test('redactUrl hides ?token= values', () => {
  assert.equal(redactUrl('/ws/opportunities?kinds=basis&token=s3cret&x=1'), '/ws/opportunities?kinds=basis&token=***&x=1');
});
