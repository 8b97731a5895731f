import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { ArblensError, UsageError } from '../../core/errors.js';
import { AtomicFile } from '../atomic-file.js';
import { acquireLock } from '../lock.js';
import { throwIfStopped } from '../interrupt.js';
import { exportIoError } from '../io-error.js';
import { OutputFiles } from '../outputs.js';
import { Progress } from '../progress.js';
import { defaultExportName, isDirOut, lockPathFor, openStoreForExport } from '../run-export.js';
import type { Batch, ColumnSpec, ColumnValues, ExportSchema } from '../schema.js';
import { buildWhere, type InstrumentRow } from '../source.js';
import type { TableDef } from '../tables.js';
import { EXTENSIONS, STDOUT_FORMATS, type Compression, type Format } from '../formats/index.js';
import { CANDLE_FEATURES, CandleFeatureEngine } from './candle-features.js';
import { applyScale, NormFitter, type NormMethod, type ScaleParams } from './normalize.js';
import { QUOTE_FEATURES, QuoteFeatureEngine } from './quote-features.js';

export interface FeatureRequest {
  readonly dbPath: string;
  readonly table: TableDef;
  readonly format: Format;
  readonly out: string;
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly venues?: readonly string[];
  readonly symbols?: readonly string[];
  readonly compression: Compression;
  readonly normalize?: NormMethod;
  /** Fractions for train, val[, test], in time order. */
  readonly split?: readonly number[];
  readonly name?: string;
  readonly sinceLast?: boolean;
  readonly progress: boolean;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
}

const SPLITS = ['train', 'val', 'test'] as const;
const BATCH = 65_536;

/**
 * `export --features`: one row per quote (or candle) with features computed from that
 * instrument's history up to and including its own timestamp — never later — in global time
 * order, split by time (never shuffled) into train/val/test, optionally normalized with
 * parameters fitted on train alone. Two passes over one read snapshot when normalizing: the
 * first fits on the train rows, the second writes (features are deterministic, so both passes
 * compute the same values).
 */
export async function runFeatureExport(r: FeatureRequest): Promise<{ files: { path: string; rows: number }[] }> {
  const kind = r.table.name;
  if (kind !== 'quotes' && kind !== 'candles') throw new UsageError(`--features works on --table quotes or candles (got ${kind})`);
  if (r.sinceLast) throw new UsageError('--features cannot be combined with --since last: features need each instrument’s full history — export the dataset whole');
  const multi = (r.split?.length ?? 0) > 1 || r.normalize !== undefined;
  if (r.out === '-') {
    if (multi) throw new UsageError('--split and --normalize write several files: give --out a directory such as ml/');
    if (!STDOUT_FORMATS.includes(r.format)) throw new UsageError(`--out -: ${r.format} cannot stream to stdout — give --out a directory`);
  } else if (!isDirOut(r.out)) throw new UsageError(`--features writes a dataset folder: give --out a directory such as ml/ (got '${r.out}')`);

  const now = r.now ?? Date.now;
  const name = r.name ?? defaultExportName(kind, r.format, r.out, '+features');
  const db = openStoreForExport(r.dbPath);
  let outputs: OutputFiles | undefined;
  const side: AtomicFile[] = [];
  let release: (() => void) | undefined;
  try {
    release = acquireLock(lockPathFor(r.dbPath, name), name);
    db.exec('BEGIN'); // one snapshot for the count and both passes
    const insts = db.prepare('SELECT i.id, v.name AS venue, i.symbol, i.market FROM instruments i JOIN venues v ON v.id = i.venue_id').all() as InstrumentRow[];
    const upTo = Number(db.prepare(`SELECT coalesce(max(${r.table.idSql}), 0) FROM ${r.table.from}`).pluck().get());
    const { where, params } = buildWhere(r.table, { fromMs: r.fromMs, toMs: r.toMs, venues: r.venues, symbols: r.symbols }, upTo, insts, db);
    const total = Number(db.prepare(`SELECT count(*) FROM ${r.table.from} WHERE ${where}`).pluck().get(params));
    const fractions = r.split ?? [1];
    const bounds: number[] = [];
    let acc = 0;
    for (let k = 0; k < fractions.length - 1; k++) bounds.push((acc += Math.floor(fractions[k] * total)));
    bounds.push(total);
    const splitOf = (row: number) => bounds.findIndex((b) => row < b);

    const feats = kind === 'quotes' ? QUOTE_FEATURES : CANDLE_FEATURES;
    const src = kind === 'quotes' ? new QuoteSource(db, insts, where, params) : new CandleSource(db, insts, where, params);
    let scale: ScaleParams[] | undefined;
    let fitted: Record<string, ScaleParams> | undefined;
    if (r.normalize) {
      const fitter = new NormFitter(r.normalize, feats.map((f) => f.name));
      for (const row of src.rows(bounds[0])) fitter.add(row.values);
      fitted = fitter.params();
      scale = feats.map((f) => fitted![f.name]);
    }

    const schema: ExportSchema = { columns: [...src.keyColumns(), ...feats.map((f): ColumnSpec => ({ name: f.name, type: 'f64', nullable: true }))] };
    const metadata = { 'arblens.table': kind, 'arblens.features': 'true', 'arblens.export_name': name, 'arblens.exported_at': new Date(now()).toISOString(), ...(r.normalize ? { 'arblens.normalize': r.normalize } : {}) };
    const out = new OutputFiles(r.format, { compression: r.compression, group: `${kind}_features`, metadata });
    outputs = out;
    const ext = EXTENSIONS[r.format];
    const fileFor = (k: number) => (r.out === '-' ? undefined : join(r.out, r.split ? `${SPLITS[k]}.${ext}` : `features.${ext}`));
    const builders = fractions.map(() => new FeatureBatch(schema.columns.length, src.keyCount));
    const splitStats = fractions.map(() => ({ rows: 0, fromMs: NaN, toMs: NaN }));
    const flush = async (k: number) => {
      const b = builders[k].build();
      if (b.length) await (await out.get(fileFor(k), schema)).write(b);
    };
    const bar = r.progress ? new Progress(`${kind} features → ${r.format}`, total) : undefined;
    let n = 0;
    for (const row of src.rows(total)) {
      throwIfStopped(r.signal);
      const k = splitOf(n++);
      if (scale) applyScale(row.values, scale);
      builders[k].add(row.keys, row.values);
      const st = splitStats[k];
      if (st.rows++ === 0) st.fromMs = row.keys[1];
      st.toMs = row.keys[1];
      if (builders[k].length === BATCH) await flush(k);
      bar?.update(n);
    }
    for (let k = 0; k < builders.length; k++) {
      await flush(k);
      if (splitStats[k].rows === 0) await out.get(fileFor(k), schema); // an empty split still gets its (empty) file
    }
    const files = await out.commitAll(() => throwIfStopped(r.signal));
    bar?.end(n);
    if (r.out !== '-') {
      const describe = {
        table: kind,
        exportName: name,
        exportedAt: new Date(now()).toISOString(),
        rows: total,
        order: 'time (venue timestamp, then row id); never shuffled',
        lookAhead: 'none: every feature at time t uses data at or before t only',
        splits: Object.fromEntries(splitStats.map((s, k) => [r.split ? SPLITS[k] : 'all', { file: fileFor(k), rows: s.rows, from: s.rows ? new Date(s.fromMs).toISOString() : null, to: s.rows ? new Date(s.toMs).toISOString() : null }])),
        features: feats,
        normalization: r.normalize ? { method: r.normalize, fittedOn: r.split ? 'train' : 'all', params: fitted } : null,
      };
      const jsonFiles: [string, unknown][] = [['dataset.json', describe]];
      if (r.normalize) jsonFiles.push(['normalization.json', { method: r.normalize, fittedOn: describe.normalization!.fittedOn, trainRows: splitStats[0].rows, formula: '(x − center) / scale', params: fitted }]);
      for (const [file, body] of jsonFiles) {
        const a = new AtomicFile(join(r.out, file));
        side.push(a);
        writeFileSync(a.tmpPath, JSON.stringify(body, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
        a.commit();
        files.push({ path: join(r.out, file), rows: 0 });
      }
    }
    return { files: files.filter((f) => f.path !== '-') };
  } catch (err) {
    await outputs?.abortAll();
    for (const a of side) a.abort();
    throw exportIoError(err, r.out);
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
    release?.();
    db.close();
  }
}

interface FeatureRow {
  /** id, ts, then dictionary codes (venue, symbol, market | timeframe). */
  readonly keys: Float64Array;
  readonly values: Float64Array;
}

/** Rows of id, ts, venue, symbol, market with QUOTE_FEATURES, in time order. */
class QuoteSource {
  readonly keyCount = 5;
  private readonly venues: string[];
  private readonly symbols: string[];
  private readonly markets = ['spot', 'perp', 'binary'];
  private readonly byId = new Map<number, InstrumentRow>();

  constructor(private readonly db: Database.Database, insts: InstrumentRow[], private readonly where: string, private readonly params: Record<string, unknown>) {
    this.venues = [...new Set(insts.map((i) => i.venue))].sort();
    this.symbols = [...new Set(insts.map((i) => i.symbol))].sort();
    for (const i of insts) this.byId.set(i.id, i);
  }

  keyColumns(): ColumnSpec[] {
    return keyColumns(this.venues, this.symbols, 'market', this.markets);
  }

  /** The first `limit` rows (time order), quotes with one timestamp processed as a group. */
  *rows(limit: number): Generator<FeatureRow> {
    if (limit <= 0) return;
    const eng = new QuoteFeatureEngine();
    const stmt = this.db.prepare(`SELECT q.id, q.instrument_id, q.venue_ts, q.bid, q.bid_size, q.ask, q.ask_size FROM quotes q WHERE ${this.where} ORDER BY q.venue_ts, q.id`).raw(true);
    let group: { r: unknown[]; values: Float64Array }[] = [];
    let n = 0;
    const emit = function* (this: QuoteSource): Generator<FeatureRow> {
      for (const g of group) {
        const [id, inst, ts, , , ask] = g.r as number[];
        const meta = this.byId.get(inst)!;
        eng.cross(inst, meta.symbol, ts, ask, g.values[0], g.values);
        yield { keys: Float64Array.of(id, ts, this.venues.indexOf(meta.venue), this.symbols.indexOf(meta.symbol), this.markets.indexOf(meta.market)), values: g.values };
        if (++n >= limit) return;
      }
      group = [];
    }.bind(this);
    for (const r of stmt.iterate(this.params) as IterableIterator<(number | null)[]>) {
      if (group.length && group[0].r[2] !== r[2]) {
        yield* emit();
        if (n >= limit) return;
      }
      const values = new Float64Array(QUOTE_FEATURES.length);
      eng.own(r[1]!, this.byId.get(r[1]!)!.symbol, r[2]!, r[3], r[4], r[5], r[6], values);
      group.push({ r, values });
    }
    yield* emit();
  }
}

/** Rows of seq, ts, venue, symbol, timeframe with CANDLE_FEATURES, in time order. */
class CandleSource {
  readonly keyCount = 5;
  private readonly venues: string[];
  private readonly symbols: string[];
  private readonly timeframes: string[];
  private readonly byId = new Map<number, InstrumentRow>();

  constructor(private readonly db: Database.Database, insts: InstrumentRow[], private readonly where: string, private readonly params: Record<string, unknown>) {
    this.venues = [...new Set(insts.map((i) => i.venue))].sort();
    this.symbols = [...new Set(insts.map((i) => i.symbol))].sort();
    this.timeframes = (db.prepare('SELECT DISTINCT timeframe FROM candles').pluck().all() as string[]).sort();
    for (const i of insts) this.byId.set(i.id, i);
  }

  keyColumns(): ColumnSpec[] {
    return keyColumns(this.venues, this.symbols, 'timeframe', this.timeframes);
  }

  *rows(limit: number): Generator<FeatureRow> {
    if (limit <= 0) return;
    const eng = new CandleFeatureEngine();
    const stmt = this.db.prepare(`SELECT k.seq, k.instrument_id, k.timeframe, k.ts, k.high, k.low, k.close, k.volume FROM candles k WHERE ${this.where} ORDER BY k.ts, k.instrument_id, k.timeframe`).raw(true);
    let group: { r: unknown[]; key: string; peer: string; values: Float64Array }[] = [];
    let n = 0;
    const emit = function* (this: CandleSource): Generator<FeatureRow> {
      for (const g of group) {
        const [seq, inst, tf, ts, , , close] = g.r as [number, number, string, number, number, number, number];
        eng.cross(g.key, g.peer, ts, close, g.values);
        const meta = this.byId.get(inst)!;
        yield { keys: Float64Array.of(seq, ts, this.venues.indexOf(meta.venue), this.symbols.indexOf(meta.symbol), this.timeframes.indexOf(tf)), values: g.values };
        if (++n >= limit) return;
      }
      group = [];
    }.bind(this);
    for (const r of stmt.iterate(this.params) as IterableIterator<unknown[]>) {
      if (group.length && group[0].r[3] !== r[3]) {
        yield* emit();
        if (n >= limit) return;
      }
      const [, inst, tf, ts, high, low, close, volume] = r as [number, number, string, number, number, number, number, number];
      const key = `${inst}\u0000${tf}`;
      const peer = `${this.byId.get(inst)!.symbol}\u0000${tf}`;
      const values = new Float64Array(CANDLE_FEATURES.length);
      eng.own(key, peer, ts, high, low, close, volume, values);
      group.push({ r, key, peer, values });
    }
    yield* emit();
  }
}

function keyColumns(venues: string[], symbols: string[], third: string, thirdDict: string[]): ColumnSpec[] {
  return [
    { name: 'id', type: 'i64', nullable: false },
    { name: 'ts', type: 'ts', nullable: false },
    { name: 'venue', type: 'dict', nullable: false, dictionary: venues },
    { name: 'symbol', type: 'dict', nullable: false, dictionary: symbols },
    { name: third, type: 'dict', nullable: false, dictionary: thirdDict },
  ];
}

/** Accumulates feature rows into columns; NaN features become nulls. */
class FeatureBatch {
  length = 0;
  private keys: Float64Array[];
  private vals: Float64Array[];

  constructor(private readonly ncols: number, private readonly nkeys: number) {
    this.keys = Array.from({ length: nkeys }, () => new Float64Array(BATCH));
    this.vals = Array.from({ length: ncols - nkeys }, () => new Float64Array(BATCH));
  }

  add(keys: Float64Array, values: Float64Array): void {
    const i = this.length++;
    for (let j = 0; j < this.nkeys; j++) this.keys[j][i] = keys[j];
    for (let j = 0; j < values.length; j++) this.vals[j][i] = values[j];
  }

  build(): Batch {
    const n = this.length;
    const columns: ColumnValues[] = [
      { kind: 'num', values: this.keys[0].slice(0, n) },
      { kind: 'num', values: this.keys[1].slice(0, n) },
      ...this.keys.slice(2).map((k): ColumnValues => ({ kind: 'codes', codes: Int32Array.from(k.subarray(0, n)) })),
      ...this.vals.map((v): ColumnValues => {
        const values = v.slice(0, n);
        const valid = new Uint8Array(n);
        for (let i = 0; i < n; i++) valid[i] = Number.isFinite(values[i]) ? 1 : 0;
        return { kind: 'num', values, valid };
      }),
    ];
    this.length = 0;
    return { length: n, columns };
  }
}
