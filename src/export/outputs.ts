import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AtomicFile, removeStaleTemps } from './atomic-file.js';
import type { ExportSchema } from './schema.js';
import { createWriter, type Format, type FormatWriter, type WriterOptions } from './formats/index.js';

/**
 * The files one export run writes (one, one per partition, or train/val/test), each through a
 * temp file. Nothing appears under a final name until every file is complete: `commitAll`
 * first finishes all writers, then fsyncs and renames them; `abortAll` deletes the temps.
 */
export class OutputFiles {
  private readonly open = new Map<string, { writer: FormatWriter; atomic?: AtomicFile }>();
  /** Files finished early (all bytes written, memory freed) but not yet renamed into place. */
  private readonly finished: { path: string; rows: number; atomic?: AtomicFile }[] = [];
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

  /**
   * Completes one file's bytes now (a partition no longer receiving rows frees its buffered row
   * group and its descriptor) while its rename still waits for `commitAll`.
   */
  async finish(finalPath: string): Promise<void> {
    const entry = this.open.get(finalPath);
    if (!entry) return;
    this.open.delete(finalPath);
    this.finished.push({ path: finalPath, rows: entry.writer.rows, atomic: entry.atomic });
    await entry.writer.finish();
  }

  /**
   * `beforeRename` runs after the last await: it may throw (a signal arrived) and nothing is
   * renamed; once it returns, the renames run synchronously to the end.
   */
  async commitAll(beforeRename?: () => void): Promise<{ path: string; rows: number }[]> {
    for (const key of [...this.open.keys()]) await this.finish(key);
    beforeRename?.();
    for (const f of this.finished) f.atomic?.commit();
    const done = this.finished.map(({ path, rows }) => ({ path, rows }));
    this.finished.length = 0;
    return done;
  }

  async abortAll(): Promise<void> {
    for (const { writer, atomic } of this.open.values()) {
      await writer?.abort().catch(() => undefined);
      atomic?.abort();
    }
    for (const f of this.finished) f.atomic?.abort();
    this.open.clear();
    this.finished.length = 0;
  }
}
