import { renameSync, rmSync } from 'node:fs';
import { ArblensError, UsageError } from '../../core/errors.js';
import { createWriter } from '../../export/formats/index.js';
import type { ColType, ColumnValues, ExportSchema } from '../../export/schema.js';
import type { RetailResult } from '../../retail/result.js';

/** One column of the results file: its type and how to read it off a result. */
interface Col {
  readonly name: string;
  readonly type: ColType;
  readonly get: (r: RetailResult) => number | string | null;
}

const VERDICTS = ['buy', 'watch', 'skip'];
const COLS: readonly Col[] = [
  { name: 'verdict', type: 'dict', get: (r) => r.verdict },
  { name: 'asin', type: 'str', get: (r) => r.asin },
  { name: 'code', type: 'str', get: (r) => r.code },
  { name: 'line', type: 'i64', get: (r) => r.line },
  { name: 'title', type: 'str', get: (r) => r.title },
  { name: 'currency', type: 'str', get: (r) => r.currency },
  { name: 'cost', type: 'f64', get: (r) => r.cost },
  { name: 'qty', type: 'i64', get: (r) => r.qty },
  { name: 'sell_price', type: 'f64', get: (r) => r.sellPrice },
  { name: 'sell_price_basis', type: 'str', get: (r) => r.sellPriceBasis },
  { name: 'fee_referral', type: 'f64', get: (r) => r.fees?.referral ?? null },
  { name: 'fee_fba', type: 'f64', get: (r) => r.fees?.fba ?? null },
  { name: 'fee_shipping', type: 'f64', get: (r) => r.fees?.shipping ?? null },
  { name: 'fee_prep', type: 'f64', get: (r) => r.fees?.prep ?? null },
  { name: 'fee_tax', type: 'f64', get: (r) => r.fees?.tax ?? null },
  { name: 'fee_returns', type: 'f64', get: (r) => r.fees?.returns ?? null },
  { name: 'profit', type: 'f64', get: (r) => r.profit },
  { name: 'roi_pct', type: 'f64', get: (r) => r.roiPct },
  { name: 'margin_pct', type: 'f64', get: (r) => r.marginPct },
  { name: 'break_even', type: 'f64', get: (r) => r.breakEven },
  { name: 'sales_rank', type: 'f64', get: (r) => r.salesRank },
  { name: 'monthly_sales', type: 'f64', get: (r) => r.monthlySales },
  { name: 'days_to_sell', type: 'f64', get: (r) => r.daysToSell },
  { name: 'competitors', type: 'f64', get: (r) => r.competitors },
  { name: 'volatility_pct', type: 'f64', get: (r) => r.volatilityPct },
  { name: 'flags', type: 'str', get: (r) => r.flags.join(';') },
  { name: 'reasons', type: 'str', get: (r) => r.reasons.join('; ') },
];

/** `--out results.csv` or `.parquet`: one row per result, written through the export writers (temp file, rename). */
export async function writeResults(path: string, results: readonly RetailResult[]): Promise<void> {
  const format = path.endsWith('.parquet') ? 'parquet' : path.endsWith('.csv') ? 'csv' : undefined;
  if (!format) throw new UsageError(`--out '${path}' must end in .csv or .parquet`);
  const schema: ExportSchema = { columns: COLS.map((c) => ({ name: c.name, type: c.type, nullable: c.name !== 'verdict', dictionary: c.type === 'dict' ? VERDICTS : undefined })) };
  const n = results.length;
  const columns = COLS.map((c): ColumnValues => {
    if (c.type === 'dict') return { kind: 'codes', codes: Int32Array.from(results, (r) => VERDICTS.indexOf(String(c.get(r)))) };
    if (c.type === 'str') return { kind: 'strings', values: results.map((r) => { const v = c.get(r); return v === null ? null : String(v); }) };
    const values = new Float64Array(n);
    const valid = new Uint8Array(n);
    results.forEach((r, i) => {
      const v = c.get(r);
      if (typeof v === 'number' && Number.isFinite(v)) (values[i] = v), (valid[i] = 1);
    });
    return { kind: 'num', values, valid };
  });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    const w = await createWriter(format, schema, tmp, { compression: 'zstd', group: 'retail', metadata: { source: 'arblens retail analyze' } });
    await w.write({ length: n, columns });
    await w.finish();
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err instanceof ArblensError ? err : new ArblensError(`--out '${path}': cannot write it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
