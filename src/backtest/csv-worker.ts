/**
 * The second half of a large CSV file, parsed on a worker thread (see csv-parallel.ts): reads the
 * header and the bytes from `from` to the end itself, starts at the first line after `from`, and
 * sends back the columns (their buffers transferred, not copied) — or `ok: false` at the first
 * row the fast path declines, leaving every such row, and its message, to the main thread.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { readAt } from './read-at.js';
import { parentPort, workerData } from 'node:worker_threads';
import { newRowScan, readCsvHeader, scanRows } from './csv.js';

export interface CsvPartRequest {
  readonly path: string;
  readonly from: number;
}

export type CsvPartReply =
  | { readonly ok: true; readonly start: number; readonly length: number; readonly columns: Record<'ts' | 'open' | 'high' | 'low' | 'close' | 'volume', Float64Array> }
  | { readonly ok: false };


function part({ path, from }: CsvPartRequest): { reply: CsvPartReply; transfer: ArrayBuffer[] } {
  const no = { reply: { ok: false } as const, transfer: [] };
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = readAt(fd, 0, Math.min(size, 1 << 16));
    const header = readCsvHeader(head, path);
    if (header.body > from || header.body >= head.length) return no;
    const b = readAt(fd, from, size - from);
    const lf = b.indexOf(10);
    if (lf < 0) return no;
    const scan = newRowScan(path, false, 0, Math.ceil((b.length - lf) / 40));
    if (scanRows(b, lf + 1, b.length, header.cols, scan, true) < b.length) return no;
    const s = scan.out.series();
    const columns = { ts: s.ts, open: s.open, high: s.high, low: s.low, close: s.close, volume: s.volume };
    return { reply: { ok: true, start: from + lf + 1, length: s.length, columns }, transfer: Object.values(columns).map((c) => c.buffer as ArrayBuffer) };
  } catch {
    // Anything odd (a bad header, a read error): the main thread reads this part itself and says why.
    return no;
  } finally {
    closeSync(fd);
  }
}

const { reply, transfer } = part(workerData as CsvPartRequest);
parentPort!.postMessage(reply, transfer);
