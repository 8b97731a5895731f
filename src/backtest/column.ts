/** A Float64Array that grows as values are pushed (doubling), read back as a view of what was pushed. */
export class Column {
  private a: Float64Array;
  length = 0;

  constructor(capacity = 256) {
    this.a = new Float64Array(capacity);
  }

  push(x: number): void {
    if (this.length === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = x;
  }

  at(k: number): number {
    return this.a[k];
  }

  view(): Float64Array {
    return this.a.subarray(0, this.length);
  }
}
