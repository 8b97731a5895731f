/**
 * Feature scaling fitted on the TRAIN split only (fitting on val/test would leak their
 * distribution into training), then applied unchanged to every split. NaN (not enough history)
 * is ignored when fitting and stays NaN. Conventions follow scikit-learn's scalers:
 *   standard: (x − mean) / std (population std, ddof 0);  minmax: (x − min) / (max − min);
 *   robust: (x − median) / (q75 − q25). A zero scale becomes 1 (a constant feature maps to 0).
 * Robust quantiles come from a uniform reservoir sample of up to RESERVOIR values per feature
 * (exact when the train split is smaller), so memory stays flat on any dataset size.
 */
export type NormMethod = 'standard' | 'minmax' | 'robust';

export interface ScaleParams {
  readonly center: number;
  readonly scale: number;
  readonly [k: string]: number;
}

export const RESERVOIR = 200_000;

export class NormFitter {
  private readonly n: Float64Array;
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly samples: Float64Array[];
  private seed = 0x9e3779b9;

  constructor(readonly method: NormMethod, readonly names: readonly string[]) {
    const k = names.length;
    this.n = new Float64Array(k);
    this.mean = new Float64Array(k);
    this.m2 = new Float64Array(k);
    this.min = new Float64Array(k).fill(Infinity);
    this.max = new Float64Array(k).fill(-Infinity);
    this.samples = method === 'robust' ? names.map(() => new Float64Array(RESERVOIR)) : [];
  }

  /** One train row's feature values. */
  add(values: Float64Array): void {
    for (let j = 0; j < values.length; j++) {
      const x = values[j];
      if (!Number.isFinite(x)) continue;
      const n = ++this.n[j];
      const d = x - this.mean[j];
      this.mean[j] += d / n;
      this.m2[j] += d * (x - this.mean[j]);
      if (x < this.min[j]) this.min[j] = x;
      if (x > this.max[j]) this.max[j] = x;
      if (this.method === 'robust') {
        if (n <= RESERVOIR) this.samples[j][n - 1] = x;
        else {
          const r = Math.floor(this.random() * n);
          if (r < RESERVOIR) this.samples[j][r] = x;
        }
      }
    }
  }

  params(): Record<string, ScaleParams> {
    const out: Record<string, ScaleParams> = {};
    this.names.forEach((name, j) => {
      const n = this.n[j];
      const nz = (s: number) => (s > 0 && Number.isFinite(s) ? s : 1);
      if (this.method === 'standard') {
        const std = n > 0 ? Math.sqrt(this.m2[j] / n) : NaN;
        out[name] = { center: n > 0 ? this.mean[j] : 0, scale: nz(std), mean: this.mean[j], std, count: n };
      } else if (this.method === 'minmax') {
        out[name] = { center: n > 0 ? this.min[j] : 0, scale: nz(this.max[j] - this.min[j]), min: this.min[j], max: this.max[j], count: n };
      } else {
        const s = this.samples[j].slice(0, Math.min(n, RESERVOIR)).sort();
        const median = quantile(s, 0.5);
        const q25 = quantile(s, 0.25);
        const q75 = quantile(s, 0.75);
        out[name] = { center: n > 0 ? median : 0, scale: nz(q75 - q25), median, q25, q75, count: n };
      }
    });
    return out;
  }

  /** xorshift32: a fixed seed, so the same data always fits the same parameters. */
  private random(): number {
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed / 4294967296;
  }
}

/** Linear interpolation between order statistics (numpy's default). */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function applyScale(values: Float64Array, params: readonly ScaleParams[]): void {
  for (let j = 0; j < values.length; j++) values[j] = (values[j] - params[j].center) / params[j].scale;
}
