/**
 * Parses a comma-separated list of numbers as SQLite writes them (group_concat of INTEGER or REAL:
 * `12`, `-0.5`, `1.5e-05`, `100.0`; `N…` for a missing value) straight into a typed array —
 * one string per chunk instead of one JS value per row is what makes a 10-million-row read fast.
 * Up to 15 significant digits (what SQLite prints for a REAL) the result is the correctly rounded
 * double: an integer mantissa below 2^53 scaled by one exact power of ten.
 */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

export function parseNumberList(text: string, out: Float64Array, at: number): number {
  const n = text.length;
  let i = 0;
  let k = at;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c === 78 /* N */ || c === 73 /* I */ || (c === 45 && text.charCodeAt(i + 1) === 73)) {
      // NULL written as N (NaN), or SQLite's Inf / -Inf.
      out[k++] = c === 78 ? NaN : c === 45 ? -Infinity : Infinity;
      while (i < n && text.charCodeAt(i) !== 44) i++;
      i++;
      continue;
    }
    let neg = false;
    if (c === 45) (neg = true), (c = text.charCodeAt(++i));
    let mant = 0;
    let scale = 0;
    let digits = 0;
    while (c >= 48 && c <= 57) (mant = mant * 10 + (c - 48)), digits++, (c = text.charCodeAt(++i));
    if (c === 46) {
      c = text.charCodeAt(++i);
      while (c >= 48 && c <= 57) (mant = mant * 10 + (c - 48)), scale--, digits++, (c = text.charCodeAt(++i));
    }
    if (c === 101 || c === 69) {
      c = text.charCodeAt(++i);
      let eneg = false;
      if (c === 45 || c === 43) (eneg = c === 45), (c = text.charCodeAt(++i));
      let e = 0;
      while (c >= 48 && c <= 57) (e = e * 10 + (c - 48)), (c = text.charCodeAt(++i));
      scale += eneg ? -e : e;
    }
    let v: number;
    if (digits > 15 || scale < -22 || scale > 22) v = Number(text.slice(startOf(text, i), i)); // rare: let the platform round it
    else v = scale < 0 ? mant / POW10[-scale] : mant * POW10[scale];
    out[k++] = neg && !(digits > 15 || scale < -22 || scale > 22) ? -v : v;
    i++; // the comma
  }
  return k - at;
}

/** Start of the number that ends at `end` (after the previous comma). */
function startOf(text: string, end: number): number {
  const comma = text.lastIndexOf(',', end - 1);
  return comma + 1;
}
