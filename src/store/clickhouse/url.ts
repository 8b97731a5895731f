import { UsageError } from '../../core/errors.js';

/**
 * A ClickHouse store named by URL: `clickhouse://user:pass@host:8123/db` (HTTP) or
 * `clickhouses://…` (HTTPS). The password is kept out of every string meant for people:
 * `display` masks it, and `redact` scrubs it from messages that might echo it back.
 */
export interface ClickHouseSpec {
  readonly kind: 'clickhouse';
  /** http(s)://host:port with no credentials. */
  readonly httpUrl: string;
  readonly username: string;
  readonly password: string;
  readonly database: string;
  /** The URL as shown in notes and errors: `clickhouse://user:***@host:8123/db`. */
  readonly display: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isClickHouseUrl(v: string): boolean {
  return /^clickhouses?:\/\//i.test(v.trim());
}

/** Parses a clickhouse:// URL; `flag` names where it came from for the error (never the password). */
export function parseClickHouseUrl(raw: string, flag = '--store'): ClickHouseSpec {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new UsageError(`${flag}: '${maskUrl(raw)}' is not a URL — use clickhouse://user:password@host:8123/database`);
  }
  const tls = u.protocol.toLowerCase() === 'clickhouses:';
  const username = decodeURIComponent(u.username) || 'default';
  const password = decodeURIComponent(u.password);
  const database = decodeURIComponent(u.pathname.replace(/^\/+/, '').replace(/\/+$/, '')) || 'arblens';
  if (!u.hostname) throw new UsageError(`${flag}: '${maskUrl(raw)}' has no host — use clickhouse://localhost:8123/arblens`);
  if (!NAME.test(database)) throw new UsageError(`${flag}: database '${database}' is not a plain name (letters, digits, _) — use clickhouse://host:8123/arblens`);
  const port = u.port || (tls ? '8443' : '8123');
  const httpUrl = `${tls ? 'https' : 'http'}://${u.hostname}:${port}`;
  const who = u.username ? `${encodeURIComponent(username)}${password ? ':***' : ''}@` : '';
  return { kind: 'clickhouse', httpUrl, username, password, database, display: `${tls ? 'clickhouses' : 'clickhouse'}://${who}${u.hostname}:${port}/${database}` };
}

/** A URL with any password replaced by *** (also for strings that fail to parse). */
export function maskUrl(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/** Removes the password from a message (server or network errors may quote the request). */
export function redact(message: string, spec: Pick<ClickHouseSpec, 'password'>): string {
  let m = maskUrl(message);
  if (spec.password) m = m.split(spec.password).join('***').split(encodeURIComponent(spec.password)).join('***');
  return m;
}
