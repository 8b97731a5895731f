import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/**
 * The terminal's size, re-read on every resize: the layout follows at once, even while the
 * frame is paused (no new snapshot would re-render it otherwise).
 */
export function useTerminalSize(rows?: number, columns?: number): { rows: number; columns: number } {
  const { stdout } = useStdout();
  const read = () => ({ rows: rows ?? stdout?.rows ?? 40, columns: columns ?? stdout?.columns ?? 120 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (rows !== undefined && columns !== undefined) return;
    const on = () => setSize(read());
    stdout?.on('resize', on);
    return () => void stdout?.off('resize', on);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stdout, rows, columns]);
  return rows !== undefined && columns !== undefined ? { rows, columns } : size;
}
