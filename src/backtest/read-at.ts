import { readSync } from 'node:fs';

/** `length` bytes of an open file from offset `from` (fewer at its end), in one buffer. */
export function readAt(fd: number, from: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const k = readSync(fd, buf, got, length - got, from + got);
    if (k === 0) break;
    got += k;
  }
  return buf.subarray(0, got);
}
