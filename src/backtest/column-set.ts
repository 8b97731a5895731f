/**
 * Named Float64Array columns that grow together (doubling), for logs appended row by row in hot
 * code: `add()` makes room and returns the row's index, then the caller writes each column
 * directly (no call per value, so no number is boxed on the way).
 */
export class ColumnSet<K extends string> {
  length = 0;
  readonly c: Record<K, Float64Array>;
  private capacity: number;

  constructor(
    private readonly names: readonly K[],
    capacity = 256,
  ) {
    this.capacity = capacity;
    const c = {} as Record<K, Float64Array>;
    for (const k of names) c[k] = new Float64Array(capacity);
    this.c = c;
  }

  add(): number {
    if (this.length === this.capacity) this.grow();
    return this.length++;
  }

  /** The rows so far of one column (a view: valid until the next add). */
  view(name: K): Float64Array {
    return this.c[name].subarray(0, this.length);
  }

  private grow(): void {
    this.capacity *= 2;
    for (const k of this.names) {
      const b = new Float64Array(this.capacity);
      b.set(this.c[k]);
      this.c[k] = b;
    }
  }
}
