/**
 * Exact quantiles without sorting: nearest rank (the ⌈p·n⌉-th smallest value, 1-based), found by
 * selection (Hoare's quickselect, median-of-three pivot) in O(n) on a scratch array. Selecting
 * several ranks in ascending order reuses the partial order left by the previous one.
 */

/** 0-based rank of the p-quantile of n values (nearest-rank definition). */
export function rankOf(p: number, n: number): number {
  return Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1));
}

/** Rearranges a[lo..hi] so that a[k] is the value of rank k and everything left of it is ≤ it. */
export function select(a: Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as pivot: sorted and reversed inputs stay linear.
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** The p-quantiles (ascending ps) of a[0..n); a is reordered. NaN for an empty set. */
export function quantiles(a: Float64Array, n: number, ps: readonly number[]): number[] {
  if (n === 0) return ps.map(() => NaN);
  let lo = 0;
  return ps.map((p) => {
    const k = rankOf(p, n);
    const v = select(a, k, Math.min(lo, k), n - 1);
    lo = k;
    return v;
  });
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
