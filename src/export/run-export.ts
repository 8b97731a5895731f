import { existsSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { ArblensError, UsageError } from '../core/errors.js';
import { checkDbPath, openDatabase, openReadOnly } from '../store/open.js';
import { acquireLock, LockUnavailableError } from './lock.js';
import { throwIfStopped } from './interrupt.js';
import { exportIoError } from './io-error.js';
import { OutputFiles } from './outputs.js';
import { splitByPartition, type PartitionBy } from './partition.js';
import { Progress } from './progress.js';
import { PipeClosedError } from './sink.js';
import type { ExportFilter } from './source.js';
import { openBatchSource, type BatchSource } from './batch-source.js';
import type { TableDef } from './tables.js';
import { advanceWatermark, readWatermark } from './watermark.js';
import type { ClickHouseSpec } from '../store/clickhouse/url.js';
import type { ExportBackend } from './clickhouse-source.js';
import { EXTENSIONS, STDOUT_FORMATS, type Compression, type Format } from './formats/index.js';

export interface ExportRequest {
  readonly dbPath: string;
  /** Export from this ClickHouse store instead of the SQLite file `dbPath`. */
  readonly store?: ClickHouseSpec;
  readonly table: TableDef;
  readonly format: Format;
  /** '-' (stdout), a directory (ends with '/' or exists as one) or a file path. */
  readonly out: string;
  readonly sinceLast: boolean;
  readonly name?: string;
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly venues?: readonly string[];
  readonly symbols?: readonly string[];
  readonly partition?: PartitionBy;
  readonly compression: Compression;
  /** Draw a progress bar on stderr (the CLI sets it for a TTY without --quiet). */
  readonly progress: boolean;
  readonly batchSize?: number;
  readonly now?: () => number;
  /**
   * Checked at every stage (its reason, 'SIGINT' or 'SIGTERM', picks exit code 130 or 143):
   * a stopped export deletes its temps, writes no file and leaves the watermark where it was.
   */
  readonly signal?: AbortSignal;
  /** Called as the run reaches each stage (lock, snapshot, batch, finish, rename): for tests. */
  readonly onStage?: (stage: ExportStage) => void;
}

export type ExportStage = 'opened' | 'locked' | 'snapshot' | 'batch' | 'finishing' | 'renaming';

export interface ExportResult {
  readonly name: string;
  readonly rows: number;
  readonly files: readonly { path: string; rows: number }[];
  /** Rows after `fromId` up to `toId` were covered (the watermark range for --since last). */
  readonly fromId: number;
  readonly toId: number;
  readonly pipeClosed?: boolean;
}

export function isDirOut(out: string): boolean {
  return out.endsWith('/') || (existsSync(out) && statSync(out).isDirectory());
}

/** The default --name: table, format and output place, so two cron lines never share a mark. */
export function defaultExportName(table: string, format: string, out: string, extra = ''): string {
  return `${table}:${format}${extra}:${out === '-' ? '-' : resolve(out)}`;
}

/** `[venues=a,b;symbols=X]` for a filtered export (sorted, so flag order does not matter), else ''. */
export function filterScope(venues?: readonly string[], symbols?: readonly string[]): string {
  const parts: string[] = [];
  if (venues?.length) parts.push(`venues=${[...venues].sort().join(',')}`);
  if (symbols?.length) parts.push(`symbols=${[...symbols].sort().join(',')}`);
  return parts.length ? `[${parts.join(';')}]` : '';
}

/** Usage errors before anything is opened: name the flag, the value and the fix. */
export function validateRequest(r: Pick<ExportRequest, 'format' | 'out' | 'sinceLast' | 'partition' | 'table' | 'venues' | 'symbols'>): void {
  if (r.out.trim() === '') throw new UsageError("--out '': the output is empty — give '-' for stdout, a directory such as exports/, or a file");
  if (r.out === '-') {
    if (!STDOUT_FORMATS.includes(r.format)) throw new UsageError(`--out -: ${r.format} cannot stream to stdout (only ${STDOUT_FORMATS.join(', ')}) — give --out a file or directory`);
    if (r.sinceLast) throw new UsageError('--since last needs --out to be a directory: a watermark can only advance once a file is safely in place, which stdout cannot promise');
    if (r.partition) throw new UsageError('--partition writes folders: give --out a directory such as lake/');
  } else if (!isDirOut(r.out)) {
    if (r.sinceLast) throw new UsageError(`--since last writes one new file per run: give --out a directory such as exports/ (got '${r.out}')`);
    if (r.partition) throw new UsageError(`--partition writes hive-style folders: give --out a directory such as lake/ (got '${r.out}')`);
  }
  if (r.venues?.length && !r.table.instrumentSql && !r.table.venueSql) throw new UsageError(`--venues: table ${r.table.name} has no venue column — drop --venues`);
  if (r.symbols?.length && !r.table.instrumentSql && !r.table.symbolSql) throw new UsageError(`--symbols: table ${r.table.name} has no symbol column — drop --symbols`);
}

/**
 * Opens the store for export: it must exist (an export never creates an empty store). Read-only
 * unless the export keeps a watermark (--since last): a plain export can read a store on a
 * read-only disk or owned by someone else, and never migrates or locks it for writing.
 */
export function openStoreForExport(dbPath: string, opts: { write?: boolean } = {}) {
  checkDbPath(dbPath);
  if (dbPath !== ':memory:' && !existsSync(dbPath)) throw new ArblensError(`no store at '${dbPath}' — record some data first (\`arblens scan --record\`) or point --db / ARBLENS_DB at your store`);
  return opts.write || dbPath === ':memory:' ? openDatabase(dbPath) : openReadOnly(dbPath);
}

/** Lock file beside the store, one per export name. */
export function lockPathFor(dbPath: string, name: string): string {
  const slug = name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(-60);
  const hash = createHash('sha1').update(name).digest('hex').slice(0, 10);
  return join(dirname(resolve(dbPath)), `.${basename(dbPath)}.export-${slug}-${hash}.lock`);
}

const pad = (n: number) => String(n).padStart(12, '0');

/** Batches without rows for a partition before its file is finished early. */
export const IDLE_BATCHES = 4;

export async function runExport(r: ExportRequest): Promise<ExportResult> {
  validateRequest(r);
  const now = r.now ?? Date.now;
  // Filters are part of the default name: two cron lines exporting different venues to one
  // folder must not share a watermark (one would skip the rows the other left out) nor a file name.
  const scope = filterScope(r.venues, r.symbols);
  const name = r.name ?? defaultExportName(r.table.name, r.format, r.out, scope);
  const backend = r.store ? await (await import('./clickhouse-source.js')).clickHouseBackend(r.store, r.table.name, r.out, r.sinceLast) : sqliteBackend(r);
  const stage = (s: ExportStage) => {
    r.onStage?.(s);
    throwIfStopped(r.signal);
  };
  let release: (() => void) | undefined;
  let snap: BatchSource | undefined;
  const ext = EXTENSIONS[r.format];
  let outputs: OutputFiles | undefined;
  try {
    stage('opened');
    // The lock guards a watermark and files under final names; a stream to stdout has neither.
    // A plain export from a store on a read-only disk cannot make a lock beside it: it goes
    // ahead (its files still appear whole, by rename), only --since last insists.
    if (r.out !== '-') {
      try {
        release = acquireLock(backend.lockPath(name), name);
      } catch (err) {
        if (!(err instanceof LockUnavailableError) || r.sinceLast) throw err;
      }
    }
    stage('locked');
    const afterId = r.sinceLast ? await backend.afterId(name) : 0;
    // Columnar formats get JSON columns' leaves as typed columns; text formats embed the objects.
    const jsonLeaves = !STDOUT_FORMATS.includes(r.format);
    const filter: ExportFilter = { fromMs: r.fromMs, toMs: r.toMs, venues: r.venues, symbols: r.symbols, afterId, settledOnly: r.sinceLast, now: now(), jsonLeaves };
    snap = await backend.source(filter, r.batchSize ?? 65_536, r.progress);
    stage('snapshot');
    const schema = snap.schema;
    const metadata = {
      'arblens.table': r.table.name,
      'arblens.export_name': name,
      'arblens.after_id': String(afterId),
      'arblens.up_to_id': String(snap.upToId),
      'arblens.exported_at': new Date(now()).toISOString(),
    };
    const out = new OutputFiles(r.format, { compression: r.compression, group: r.table.sqlTable, metadata });
    outputs = out;

    // File names carry the first row id the run may cover: a run that crashed after its rename
    // but before its watermark update is redone under the same name, replacing (not
    // duplicating) that file.
    const tag = scope ? `-${createHash('sha1').update(scope).digest('hex').slice(0, 8)}` : '';
    const fileName = r.sinceLast ? `${r.table.name}${tag}-${pad(afterId + 1)}.${ext}` : `${r.table.name}.${ext}`;
    // A partition idle for IDLE_BATCHES batches is finished early (bounded memory over a long
    // backfill); a late row for it starts the partition's next file, part-<start>-<k>. Which
    // rows land in which file depends only on the rows and their order, so a run redone after a
    // crash reproduces the same names (replacing, never duplicating).
    const partFiles = new Map<string, { k: number; path: string; lastBatch: number }>();
    const partKs = new Map<string, number>();
    let batchNo = 0;
    const partPath = (key: string): string => {
      let p = partFiles.get(key);
      if (!p) {
        const k = (partKs.get(key) ?? -1) + 1;
        partKs.set(key, k);
        p = { k, path: join(r.out, key, `part-${pad(afterId + 1)}${k ? `-${k}` : ''}.${ext}`), lastBatch: batchNo };
        partFiles.set(key, p);
      }
      p.lastBatch = batchNo;
      return p.path;
    };
    const single = r.out === '-' ? undefined : isDirOut(r.out) ? join(r.out, fileName) : r.out;
    const timeCol = schema.columns.findIndex((c) => c.name === r.table.timeColumn);

    const bar = r.progress ? new Progress(`${r.table.name} → ${r.format}`, snap.total) : undefined;
    let rows = 0;
    let pipeClosed = false;
    try {
      for await (const batch of snap.batches()) {
        stage('batch');
        if (r.partition) {
          for (const [key, part] of splitByPartition(batch, timeCol, r.partition)) await (await out.get(partPath(key), schema)).write(part);
          for (const [key, p] of partFiles) {
            if (batchNo - p.lastBatch < IDLE_BATCHES) continue;
            partFiles.delete(key);
            await out.finish(p.path);
          }
          batchNo++;
        } else await (await out.get(single, schema)).write(batch);
        rows += batch.length;
        bar?.update(rows);
      }
      // A plain export with no rows still produces its (empty) file; an incremental one does not.
      if (rows === 0 && !r.sinceLast && !r.partition) await out.get(single, schema);
    } catch (err) {
      if (!(err instanceof PipeClosedError)) throw err;
      pipeClosed = true;
    }
    stage('finishing');
    const upTo = snap.upToId;
    await snap.close();
    // The last check is inside commitAll, after its last await: from there the renames and the
    // watermark update run synchronously, so no signal handler can run between them.
    const files = pipeClosed ? [] : await out.commitAll(() => stage('renaming'));
    // Only now, with every file fsynced and renamed into place, does the watermark move.
    if (r.sinceLast && upTo > afterId) await backend.advance(name, upTo, now());
    bar?.end(rows);
    return { name, rows, files: files.filter((f) => f.path !== '-'), fromId: afterId, toId: upTo, pipeClosed };
  } catch (err) {
    await outputs?.abortAll();
    throw exportIoError(err, r.out);
  } finally {
    await snap?.close();
    release?.();
    await backend.close();
  }
}

/** The SQLite side of an export: watermarks in the store, lock beside it, snapshot reads. */
function sqliteBackend(r: ExportRequest): ExportBackend {
  const db = openStoreForExport(r.dbPath, { write: r.sinceLast });
  return {
    lockPath: (name) => lockPathFor(r.dbPath, name),
    afterId: async (name) => readWatermark(db, name)?.lastId ?? 0,
    source: (filter, batchSize, count) => openBatchSource(db, { dbPath: r.dbPath, table: r.table, filter, batchSize, measureStrings: r.format === 'hdf5', count }),
    // Synchronous: nothing can run between the renames and this update (see commitAll).
    advance: async (name, upTo, now) => advanceWatermark(db, name, r.table.sqlTable, upTo, now),
    close: async () => {
      db.close();
    },
  };
}
