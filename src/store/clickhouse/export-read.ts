import type { ChConnection } from './client.js';
import { sqlInt, sqlList, sqlString } from './tsv.js';

/**
 * What `export --since last` reads from ClickHouse, and its watermark.
 *
 * The rule: a recorder sends its batches one at a time, each only after the previous one was
 * acknowledged, and numbers them 1, 2, 3 … (seq). So at any instant the batches of a recorder
 * that are visible are exactly seq 1 … max(seq): a prefix, with no holes — whatever the other
 * recorders do. An export reads, per recorder, the rows with last exported seq < seq ≤ the
 * max(seq) it saw when it started, and once its files are in place stores that max per
 * recorder as the new watermark. Rows a recorder commits during the export have a larger seq
 * and wait for the next run (no gap); a retried batch has a seq already covered or collapses
 * onto itself under FINAL (no duplicate). No clock is compared, so clock skew between machines
 * cannot lose rows.
 */
export type Seqs = ReadonlyMap<string, number>;

export async function readMarks(conn: ChConnection, name: string): Promise<{ marks: Seqs; run: number }> {
  const marks = new Map<string, number>();
  let run = 0;
  for await (const rows of conn.rows(`SELECT recorder, max(last_seq) FROM ${conn.spec.database}.export_watermarks WHERE name = ${sqlString(name)} GROUP BY recorder`)) {
    for (const [rec, seq] of rows) {
      if (rec === '') run = Number(seq);
      else marks.set(rec, Number(seq));
    }
  }
  return { marks, run };
}

/** Each recorder's highest committed batch in a table. */
export async function upperSeqs(conn: ChConnection, table: string): Promise<Seqs> {
  const out = new Map<string, number>();
  for await (const rows of conn.rows(`SELECT toString(recorder), max(seq) FROM ${conn.spec.database}.${table} GROUP BY recorder`)) for (const [rec, seq] of rows) out.set(rec, Number(seq));
  return out;
}

/** Rows with marks[recorder] < seq ≤ upper[recorder] (recorders absent from `upper` excluded). */
export function seqRange(marks: Seqs, upper: Seqs): string {
  const recs = [...upper.keys()];
  if (recs.length === 0) return '0';
  const lo = recs.map((r) => marks.get(r) ?? 0);
  const hi = recs.map((r) => upper.get(r)!);
  const arr = (xs: number[]) => `[${xs.map((x) => `toUInt64(${sqlInt(x)})`).join(', ')}]`;
  return `(toString(recorder) IN ${sqlList(recs)} AND seq > transform(toString(recorder), [${recs.map(sqlString).join(', ')}], ${arr(lo)}, toUInt64(0)) AND seq <= transform(toString(recorder), [${recs.map(sqlString).join(', ')}], ${arr(hi)}, toUInt64(0)))`;
}

/** True when some recorder has batches past the marks. */
export function hasNew(marks: Seqs, upper: Seqs): boolean {
  for (const [r, s] of upper) if (s > (marks.get(r) ?? 0)) return true;
  return false;
}

/** Moves the watermark: one row per recorder plus the run counter (recorder ''). */
export async function writeMarks(conn: ChConnection, name: string, table: string, upper: Seqs, run: number, now: number): Promise<void> {
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
  const lines = [...upper].map(([rec, seq]) => `${esc(name)}\t${esc(table)}\t${esc(rec)}\t${seq}\t${now}`);
  lines.push(`${esc(name)}\t${esc(table)}\t\t${run}\t${now}`);
  await conn.insertTsv('export_watermarks', lines.join('\n') + '\n');
}
