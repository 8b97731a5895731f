import type { BookLevel } from '../core/types.js';

/** Packs a book into a Float64 blob [nBids, nAsks, p, s, …]: 8 bytes a number, no JSON parsing. */
export function packDepth(bids: readonly BookLevel[], asks: readonly BookLevel[]): Buffer {
  const a = new Float64Array(2 + 2 * (bids.length + asks.length));
  a[0] = bids.length;
  a[1] = asks.length;
  let i = 2;
  for (const [p, s] of bids) { a[i++] = p; a[i++] = s; }
  for (const [p, s] of asks) { a[i++] = p; a[i++] = s; }
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

export function unpackDepth(blob: Uint8Array): { bids: BookLevel[]; asks: BookLevel[] } {
  // Copy: SQLite blobs are not guaranteed to be 8-byte aligned.
  const a = new Float64Array(new Uint8Array(blob).buffer);
  const nb = a[0];
  const na = a[1];
  const bids: BookLevel[] = [];
  const asks: BookLevel[] = [];
  let i = 2;
  for (let k = 0; k < nb; k++, i += 2) bids.push([a[i], a[i + 1]]);
  for (let k = 0; k < na; k++, i += 2) asks.push([a[i], a[i + 1]]);
  return { bids, asks };
}
