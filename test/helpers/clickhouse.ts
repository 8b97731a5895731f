import { randomBytes } from 'node:crypto';
import { ClickHouseStore } from '../../src/store/clickhouse/store.js';
import { parseClickHouseUrl } from '../../src/store/clickhouse/url.js';

/**
 * A throw-away database on the test ClickHouse (`ARBLENS_TEST_CLICKHOUSE_URL`, set by .ci/run):
 * its URL, why the tests skip when there is no server, and a cleanup that drops it.
 */
export function testClickHouse(prefix: string, what: string): { url: string; skip: string | false; drop(): Promise<void> } {
  const base = process.env.ARBLENS_TEST_CLICKHOUSE_URL;
  const skip = base ? false : 'ARBLENS_TEST_CLICKHOUSE_URL not set (.ci/run starts the server)';
  if (skip) process.stderr.write(`# skipping ${what}: ${skip}\n`);
  const url = base ? base.replace(/\/[^/?]*$/, `/${prefix}_${randomBytes(4).toString('hex')}`) : '';
  return {
    url,
    skip,
    async drop() {
      if (!base) return;
      const s = await ClickHouseStore.open(parseClickHouseUrl(url));
      await s.conn.exec(`DROP DATABASE IF EXISTS ${s.database}`);
      await s.close();
    },
  };
}
