import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AtomicFile, removeStaleTemps } from './atomic-file.js';
import type { ExportSchema } from './schema.js';
import { createWriter, type Format, type FormatWriter, type WriterOptions } from './writer.js';

/**
 * The files one export run writes (one, one per partition, or train/val/test), each through a
 * temp file. Nothing appears under a final name until every file is complete: `commitAll`
 * first finishes all writers, then fsyncs and renames them; `abortAll` deletes the temps.
 */
export class OutputFiles {
  private readonly open = new Map<string, { writer: FormatWriter; atomic?: AtomicFile }>();
  private readonly cleaned = new Set<string>();

  constructor(private readonly format: Format, private readonly opts: WriterOptions) {}

  /** The writer for `finalPath` (undefined = stdout), created on first use. */
  async get(finalPath: string | undefined, schema: ExportSchema): Promise<FormatWriter> {
    const key = finalPath ?? '-';
    const have = this.open.get(key);
    if (have) return have.writer;
    let atomic: AtomicFile | undefined;
    if (finalPath) {
      const dir = dirname(finalPath);
      mkdirSync(dir, { recursive: true });
      if (!this.cleaned.has(dir)) {
        this.cleaned.add(dir);
        removeStaleTemps(dir);
      }
      atomic = new AtomicFile(finalPath);
    }
    // Registered before the writer opens its file, so a failure in between still cleans up.
    const entry = { writer: undefined as unknown as FormatWriter, atomic };
    this.open.set(key, entry);
    entry.writer = await createWriter(this.format, schema, atomic?.tmpPath, this.opts);
    return entry.writer;
  }

  get size(): number {
    return this.open.size;
  }

  async commitAll(): Promise<{ path: string; rows: number }[]> {
    for (const { writer } of this.open.values()) await writer.finish();
    const done: { path: string; rows: number }[] = [];
    for (const [key, { writer, atomic }] of this.open) {
      atomic?.commit();
      done.push({ path: key, rows: writer.rows });
    }
    this.open.clear();
    return done;
  }

  async abortAll(): Promise<void> {
    for (const { writer, atomic } of this.open.values()) {
      await writer?.abort().catch(() => undefined);
      atomic?.abort();
    }
    this.open.clear();
  }
}
