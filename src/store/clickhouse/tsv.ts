/**
 * TabSeparated, the one insert/select format Debian's ClickHouse 18.16 and current servers read
 * and write alike (and the fastest to produce from JS: one string per row, no JSON).
 */

/** A string cell: backslash, tab and newline escaped as ClickHouse expects. */
export function tsvString(s: string): string {
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

/** A Nullable(Float64)/Nullable(Int64) cell: \N for null/undefined/NaN. */
export function tsvNum(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '\\N' : String(v);
}

/** A Float64 cell (not Nullable): a non-finite figure as ClickHouse's own nan / inf / -inf. */
export function tsvFloat(x: number): string {
  return Number.isFinite(x) ? String(x) : Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
}

/** Undoes tsvString. */
export function unTsv(s: string): string {
  return s.includes('\\') ? s.replace(/\\(.)/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c === '0' ? '\0' : c)) : s;
}

/** A nullable number read back. */
export function numOrNull(s: string): number | null {
  return s === '\\N' ? null : Number(s);
}

/** A literal for a query (names and keys come from users or venues: always quoted). */
export function sqlString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function sqlList(values: readonly string[]): string {
  return `(${values.map(sqlString).join(', ')})`;
}

/** An integer literal (epoch ms, seq): refuses anything that is not a safe integer. */
export function sqlInt(v: number): string {
  if (!Number.isSafeInteger(v)) throw new RangeError(`not an integer: ${v}`);
  return String(v);
}
