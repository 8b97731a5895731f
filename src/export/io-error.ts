import { ArblensError } from '../core/errors.js';

const WHY: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  EIO: 'an input/output error',
  EROFS: 'the filesystem is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EFBIG: 'the file is too large for this filesystem',
};

/**
 * A failed write as one line naming the output and what to do (a full disk printed a stack
 * trace). The temp files are already gone when this is thrown; nothing else is changed.
 */
export function exportIoError(err: unknown, out: string): unknown {
  if (err instanceof ArblensError) return err;
  const code = String((err as NodeJS.ErrnoException)?.code ?? '');
  const msg = String((err as Error)?.message ?? err);
  const why = WHY[code] ?? (/no space left|disk is full/i.test(msg) ? WHY.ENOSPC : undefined);
  if (!why) return err;
  const target = out === '-' ? 'stdout' : `'${out}'`;
  return new ArblensError(`writing ${target} failed: ${why} (${code || 'ENOSPC'}) — no file was written and the watermark did not move; ${code === 'ENOSPC' || code === 'EDQUOT' ? 'free some space' : 'fix the output place'} and run again`);
}
