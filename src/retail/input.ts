/**
 * A batch file: CSV with a header (asin | upc | ean | code, cost, qty?, note?) or NDJSON (one
 * object per line with the same keys). Rows are checked before any Keepa token is spent: a bad
 * row names its line, the field and what is wrong.
 */
export interface InputItem {
  readonly line: number;
  readonly code: string;
  readonly codeType: 'asin' | 'upc' | 'ean';
  /** Buy cost per unit, major currency unit. */
  readonly cost: number;
  readonly qty: number;
  readonly note?: string;
}

export interface BadRow {
  readonly line: number;
  readonly message: string;
}

export interface ParsedInput {
  readonly items: InputItem[];
  readonly bad: BadRow[];
}

const CODE_KEYS = ['asin', 'upc', 'ean', 'code'] as const;

export function parseInput(text: string, format: 'csv' | 'ndjson'): ParsedInput {
  return format === 'ndjson' ? parseNdjson(text) : parseCsv(text);
}

function parseNdjson(text: string): ParsedInput {
  const items: InputItem[] = [];
  const bad: BadRow[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) return;
    let o: unknown;
    try {
      o = JSON.parse(raw);
    } catch {
      return void bad.push({ line: i + 1, message: 'not a JSON object' });
    }
    if (!o || typeof o !== 'object' || Array.isArray(o)) return void bad.push({ line: i + 1, message: 'not a JSON object' });
    const rec: Record<string, string> = {};
    for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined) rec[k.toLowerCase()] = String(v);
    pushRow(rec, i + 1, items, bad);
  });
  return { items, bad };
}

function parseCsv(text: string): ParsedInput {
  const rows = csvRows(text);
  const items: InputItem[] = [];
  const bad: BadRow[] = [];
  const header = rows.shift();
  if (!header) return { items, bad: [{ line: 1, message: 'empty file: expected a header such as asin,cost,qty,note' }] };
  const cols = header.cells.map((h) => h.trim().toLowerCase());
  if (!cols.some((c) => (CODE_KEYS as readonly string[]).includes(c)) || !cols.includes('cost')) {
    return { items, bad: [{ line: header.line, message: `header '${header.cells.join(',')}' needs a code column (asin, upc, ean or code) and cost — e.g. asin,cost,qty,note` }] };
  }
  for (const r of rows) {
    if (r.cells.every((c) => c.trim() === '')) continue;
    const rec: Record<string, string> = {};
    cols.forEach((c, j) => (rec[c] = (r.cells[j] ?? '').trim()));
    pushRow(rec, r.line, items, bad);
  }
  return { items, bad };
}

function pushRow(rec: Record<string, string>, line: number, items: InputItem[], bad: BadRow[]): void {
  const key = CODE_KEYS.find((k) => rec[k] !== undefined && rec[k].trim() !== '');
  if (!key) return void bad.push({ line, message: 'no code: fill asin, upc, ean or code' });
  const code = classify(rec[key].trim().toUpperCase(), key);
  if ('error' in code) return void bad.push({ line, message: code.error });
  const cost = Number(rec.cost);
  if (rec.cost === undefined || rec.cost.trim() === '' || !Number.isFinite(cost) || cost <= 0) return void bad.push({ line, message: `cost '${rec.cost ?? ''}' is not a positive number (buy cost per unit, e.g. 12.50)` });
  const qty = rec.qty === undefined || rec.qty.trim() === '' ? 1 : Number(rec.qty);
  if (!Number.isInteger(qty) || qty < 1) return void bad.push({ line, message: `qty '${rec.qty}' is not a whole number ≥ 1` });
  items.push({ line, code: code.code, codeType: code.type, cost, qty, note: rec.note || undefined });
}

/** ASIN: 10 letters/digits; UPC-A: 12 digits; EAN-13: 13 digits, both with a valid check digit. */
export function classify(code: string, key: string): { code: string; type: InputItem['codeType'] } | { error: string } {
  if (/^[A-Z0-9]{10}$/.test(code) && (key === 'asin' || key === 'code')) return { code, type: 'asin' };
  if (/^\d{12,13}$/.test(code) && key !== 'asin') {
    if (!gtinCheck(code)) return { error: `${key} '${code}' has a wrong check digit (a mistyped UPC/EAN?)` };
    return { code, type: code.length === 12 ? 'upc' : 'ean' };
  }
  return { error: `${key} '${code}' is not ${key === 'asin' ? 'an ASIN (10 letters/digits)' : key === 'code' ? 'an ASIN, UPC (12 digits) or EAN (13 digits)' : `a ${key.toUpperCase()} (${key === 'upc' ? 12 : 13} digits)`}` };
}

/** GS1 check digit: weights 3,1,3,… from the right (excluding the check digit itself). */
export function gtinCheck(code: string): boolean {
  let sum = 0;
  for (let i = code.length - 2, w = 3; i >= 0; i--, w = 4 - w) sum += Number(code[i]) * w;
  return (10 - (sum % 10)) % 10 === Number(code[code.length - 1]);
}

/** RFC 4180 rows with the line each starts on (quoted fields may hold commas, quotes and newlines). */
export function csvRows(text: string): { line: number; cells: string[] }[] {
  const out: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"') quoted = true;
    else if (ch === ',') cells.push(cell), (cell = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      cells.push(cell);
      out.push({ line: start, cells });
      (cells = []), (cell = ''), (start = ++line);
    } else cell += ch;
  }
  if (cell !== '' || cells.length) cells.push(cell), out.push({ line: start, cells });
  return out;
}
