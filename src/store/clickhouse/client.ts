import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createClient, ClickHouseLogLevel, type ClickHouseClient } from '@clickhouse/client';
import { ArblensError } from '../../core/errors.js';
import { CH_MIGRATIONS, CH_SCHEMA_TABLE } from './migrations.js';
import { redact, type ClickHouseSpec } from './url.js';

/**
 * One connection to a ClickHouse database over HTTP (@clickhouse/client), with the arblens
 * schema applied. Every failure is one line naming the store (password masked) and the fix.
 */
export class ChConnection {
  readonly client: ClickHouseClient;
  /** Server major version (18 for Debian's 18.16): picks settings the old server needs. */
  major = 0;
  version = '';

  constructor(readonly spec: ClickHouseSpec, opts: { requestTimeoutMs?: number } = {}) {
    this.client = createClient({
      url: spec.httpUrl,
      username: spec.username,
      password: spec.password,
      request_timeout: opts.requestTimeoutMs ?? 60_000,
      // The client logs failed requests itself; arblens reports them once, redacted.
      log: { level: ClickHouseLogLevel.OFF },
      max_open_connections: 4,
    });
  }

  /** Creates the database when missing and applies pending migrations. */
  async open(create: boolean): Promise<void> {
    await this.wrap('connecting to', async () => {
      const ping = await this.client.ping();
      if (!ping.success) throw ping.error;
      this.version = (await this.text('SELECT version()')).trim();
      this.major = Number(this.version.split('.')[0]) || 0;
    });
    const db = this.spec.database;
    if (!create) {
      const exists = (await this.text(`SELECT count() FROM system.databases WHERE name = '${db}'`)).trim() === '1';
      if (!exists) throw new ArblensError(`no arblens database '${db}' at ${this.spec.display} — record some data first (\`arblens watch --record --store ${this.spec.display}\`) or check --store`);
    }
    await this.exec(`CREATE DATABASE IF NOT EXISTS ${db}`, 'creating the database in');
    await this.exec(CH_SCHEMA_TABLE.replace('arblens_schema', `${db}.arblens_schema`), 'migrating');
    const applied = Number((await this.text(`SELECT max(version) FROM ${db}.arblens_schema`)).trim()) || 0;
    if (applied > CH_MIGRATIONS.length) throw new ArblensError(`the store ${this.spec.display} was written by a newer arblens (schema ${applied}, this one knows ${CH_MIGRATIONS.length}): upgrade arblens or use another --store`);
    for (let v = applied; v < CH_MIGRATIONS.length; v++) {
      for (const stmt of CH_MIGRATIONS[v]) await this.exec(stmt.replace(/CREATE TABLE IF NOT EXISTS (\w+)/, `CREATE TABLE IF NOT EXISTS ${db}.$1`), 'migrating');
      await this.exec(`INSERT INTO ${db}.arblens_schema VALUES (${v + 1}, ${Date.now()})`, 'migrating');
    }
  }

  /** Settings a statement needs on this server: LowCardinality is experimental before 19.x. */
  private settings(): Record<string, unknown> {
    return this.major > 0 && this.major < 19 ? { allow_experimental_low_cardinality_type: 1 } : {};
  }

  async exec(query: string, doing = 'writing to'): Promise<void> {
    await this.wrap(doing, () => this.client.command({ query, clickhouse_settings: this.settings() as never }));
  }

  async text(query: string): Promise<string> {
    return this.wrap('reading', async () => (await this.client.query({ query, format: 'TabSeparated' })).text());
  }

  /**
   * Rows of a TabSeparated result as they arrive (each row split into its cells). Read from the
   * raw HTTP body (exec), not the client's row objects: one object per row cost most of an
   * export's time.
   */
  async *rows(query: string): AsyncIterable<string[][]> {
    const res = await this.wrap('reading', () => this.client.exec({ query: `${query} FORMAT TabSeparated`, clickhouse_settings: this.settings() as never }));
    const decoder = new StringDecoder('utf8');
    let rest = '';
    try {
      for await (const chunk of res.stream as AsyncIterable<Buffer>) {
        const text = rest + decoder.write(chunk);
        const end = text.lastIndexOf('\n');
        if (end < 0) {
          rest = text;
          continue;
        }
        rest = text.slice(end + 1);
        const lines = text.slice(0, end).split('\n');
        const out = new Array<string[]>(lines.length);
        for (let i = 0; i < lines.length; i++) out[i] = lines[i].split('\t');
        yield out;
      }
      rest += decoder.end();
      if (rest) yield [rest.split('\t')];
    } catch (err) {
      throw this.failure(err, 'reading');
    }
  }

  /**
   * The raw body of a query in a binary format (RowBinary), chunk by chunk as it arrives, for
   * readers that decode bytes straight into typed columns (export): no text, no row objects.
   */
  async *bytes(query: string, format = 'RowBinary'): AsyncIterable<Buffer> {
    const res = await this.wrap('reading', () => this.client.exec({ query: `${query} FORMAT ${format}`, clickhouse_settings: this.settings() as never }));
    try {
      for await (const chunk of res.stream as AsyncIterable<Buffer>) yield chunk;
    } catch (err) {
      throw this.failure(err, 'reading');
    } finally {
      // A reader that stops early (an export interrupted) must not leave the socket half read.
      if (!res.stream.destroyed) res.stream.destroy();
    }
  }

  /** One INSERT of ready TSV text: one HTTP request, one block (atomic below 1M rows). */
  async insertTsv(table: string, body: string, queryId?: string): Promise<void> {
    await this.wrap('writing to', () =>
      this.client.insert({ table: `${this.spec.database}.${table}`, values: Readable.from([Buffer.from(body)], { objectMode: false }), format: 'TabSeparated', query_id: queryId }),
    );
  }

  close(): Promise<void> {
    return this.client.close();
  }

  private async wrap<T>(doing: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw this.failure(err, doing);
    }
  }

  /** One line, password scrubbed; connection failures say how to reach the server. */
  failure(err: unknown, doing: string): ArblensError {
    if (err instanceof ArblensError) return err;
    const e = err as { code?: string; message?: string; cause?: { code?: string } };
    const code = e.code ?? e.cause?.code ?? '';
    const first = redact(String(e.message ?? err).split('\n')[0], this.spec);
    const unreachable = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|ECONNRESET|socket hang up/i.test(code + first);
    const hint = unreachable
      ? ' — is the server running and reachable? check --store / ARBLENS_STORE'
      : /Authentication|password|Code: 19[2-7]/i.test(first)
        ? ' — check the user and password in --store / ARBLENS_STORE'
        : '';
    const message = `${doing} ${this.spec.display} failed: ${first}${hint}`;
    return unreachable ? new ServerUnreachable(message) : new ArblensError(message);
  }
}

/** The server did not answer at all (refused, reset, timed out): worth waiting for, unlike an error it returned. */
export class ServerUnreachable extends ArblensError {}
