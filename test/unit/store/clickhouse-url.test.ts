import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskUrl, parseClickHouseUrl, redact } from '../../../src/store/clickhouse/url.js';
import { parseStore, resolveStore } from '../../../src/app/store-url.js';
import { UsageError } from '../../../src/core/errors.js';

test('clickhouse:// URLs: HTTP URL without credentials, database, and a display with the password masked', () => {
  const s = parseClickHouseUrl('clickhouse://alice:p%40ss:w0rd@ch.internal:8123/desk');
  assert.equal(s.httpUrl, 'http://ch.internal:8123');
  assert.equal(s.username, 'alice');
  assert.equal(s.password, 'p@ss:w0rd');
  assert.equal(s.database, 'desk');
  assert.equal(s.display, 'clickhouse://alice:***@ch.internal:8123/desk');
  assert.ok(!s.display.includes('w0rd'));
  const d = parseClickHouseUrl('clickhouses://ch');
  assert.equal(d.httpUrl, 'https://ch:8443');
  assert.equal(d.username, 'default');
  assert.equal(d.database, 'arblens');
});

test('a bad database name or a URL that does not parse is a usage error that never repeats the password', () => {
  assert.throws(() => parseClickHouseUrl('clickhouse://u:topsecret@h:8123/my-db'), (e: Error) => e instanceof UsageError && /database 'my-db'/.test(e.message) && !e.message.includes('topsecret'));
  assert.throws(() => parseClickHouseUrl('clickhouse://u:topsecret@:80:90/x'), (e: Error) => e instanceof UsageError && !e.message.includes('topsecret'));
  assert.equal(maskUrl('clickhouse://u:topsecret@h:8123/db'), 'clickhouse://u:***@h:8123/db');
  assert.equal(redact('failed: auth topsecret rejected', { password: 'topsecret' }), 'failed: auth *** rejected');
});

test('--store picks SQLite or ClickHouse by URL; --db and ARBLENS_STORE follow flags-before-environment', () => {
  assert.deepEqual(parseStore('sqlite:data/a.db', '--store'), { kind: 'sqlite', path: 'data/a.db', display: 'data/a.db' });
  assert.deepEqual(parseStore('sqlite:///abs/a.db', '--store'), { kind: 'sqlite', path: '/abs/a.db', display: '/abs/a.db' });
  assert.equal(parseStore('plain.db', '--store').kind, 'sqlite');
  assert.equal(parseStore('clickhouse://h:8123/x', '--store').kind, 'clickhouse');
  assert.throws(() => parseStore('postgres://u:pw@h/x', '--store'), (e: Error) => e instanceof UsageError && /unknown store scheme/.test(e.message) && !e.message.includes(':pw@'));
  assert.throws(() => parseStore(' ', '--store'), UsageError);
  const env = { ARBLENS_STORE: 'clickhouse://h:8123/fromenv', ARBLENS_DB: '/x/env.db' } as NodeJS.ProcessEnv;
  assert.equal(resolveStore({}, env).kind, 'clickhouse');
  assert.deepEqual(resolveStore({ db: 'flag.db' }, env), { kind: 'sqlite', path: 'flag.db', display: 'flag.db' });
  assert.equal(resolveStore({}, { ARBLENS_DB: '/x/env.db' } as NodeJS.ProcessEnv).display, '/x/env.db');
  assert.throws(() => resolveStore({ store: 'a.db', db: 'b.db' }, env), UsageError);
});
