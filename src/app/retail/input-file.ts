import { readFileSync } from 'node:fs';
import { UsageError } from '../../core/errors.js';
import { parseInput, type BadRow, type InputItem } from '../../retail/input.js';
import type { Report } from '../report.js';

/**
 * Reads and checks a batch file before anything is fetched. Bad rows stop the run (exit 2, every
 * bad line listed) unless `skipBadRows`, which reports them and goes on without them.
 */
export function readBatchFile(path: string | URL, format: 'csv' | 'ndjson' | undefined, skipBadRows: boolean, report: Report): { items: InputItem[]; bad: BadRow[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the batch file '${String(path)}' (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}) — give a CSV or NDJSON file of asin|upc|ean,cost[,qty,note]`);
  }
  const fmt = format ?? (/\.(nd)?jsonl?$|\.ndjson$/i.test(String(path)) ? 'ndjson' : 'csv');
  const { items, bad } = parseInput(text, fmt);
  if (bad.length && !skipBadRows) {
    const shown = bad.slice(0, 20).map((b) => `  line ${b.line}: ${b.message}`).join('\n');
    throw new UsageError(`${bad.length} bad row${bad.length > 1 ? 's' : ''} in '${String(path)}' (no Keepa token spent):\n${shown}${bad.length > 20 ? `\n  … and ${bad.length - 20} more` : ''}\nfix them, or pass --skip-bad-rows to analyze the rest`);
  }
  for (const b of bad) report(undefined, `skipped line ${b.line}: ${b.message}`);
  if (items.length === 0) throw new UsageError(`'${String(path)}' has no product rows — expected a header (asin|upc|ean|code,cost[,qty,note]) and one row per product`);
  return { items, bad };
}
