// stats --store clickhouse://…: the episodes a scan recorded into ClickHouse summarise like SQLite's.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arblens } from '../../helpers/cli.js';
import { testClickHouse } from '../../helpers/clickhouse.js';

const ch = testClickHouse('st', 'stats --store clickhouse');
const { skip, url: chUrl } = ch;
const dir = mkdtempSync(join(tmpdir(), 'arblens-stats-store-'));

after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await ch.drop();
});

test('the same demo scan recorded into SQLite and ClickHouse gives the same episode counts per kind', { skip }, () => {
  const db = join(dir, 's.db');
  assert.equal(arblens(['scan', '--demo', '--record', '--db', db, '--quiet']).code, 0);
  const rec = arblens(['scan', '--demo', '--record', '--store', chUrl, '--quiet']);
  assert.equal(rec.code, 0, rec.stderr);
  const a = JSON.parse(arblens(['stats', '--db', db, '--json']).stdout) as { byKind: Record<string, { count: number }> };
  const r = arblens(['stats', '--store', chUrl, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const b = JSON.parse(r.stdout) as { byKind: Record<string, { count: number }> };
  const counts = (x: typeof a) => Object.fromEntries(Object.entries(x.byKind).map(([k, v]) => [k, v.count]));
  assert.ok(Object.keys(counts(a)).length > 0);
  assert.deepEqual(counts(b), counts(a));
});
