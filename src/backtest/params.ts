/**
 * `--param name=value` and `--param name=from:to:step` (a grid) against a strategy's declared
 * parameters: unknown names, values outside the declared range and fractional periods are usage
 * errors naming the flag, the value and the fix.
 */
import { UsageError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import type { Params, ParamSpec, Strategy } from './types.js';

export interface ParamGrid {
  /** Every parameter with its values (one value unless a range was given). */
  readonly axes: readonly { readonly name: string; readonly values: readonly number[] }[];
  readonly isGrid: boolean;
}

export function parseParams(raw: readonly string[], strategy: Strategy<unknown>): ParamGrid {
  const given = new Map<string, number[]>();
  for (const r of raw) {
    const m = /^([A-Za-z_][\w-]*)=(.+)$/.exec(r.trim());
    if (!m) throw new UsageError(`--param '${r}' is not name=value — use e.g. --param fast=10 or a grid --param fast=5:50:5`);
    const [, name, value] = m;
    const spec = strategy.params[name];
    if (!spec) {
      const names = Object.keys(strategy.params);
      const guess = didYouMean(name, names);
      throw new UsageError(
        `--param '${name}' is not a parameter of '${strategy.name}'${guess ? ` — did you mean '${guess}'?` : ''} (it takes: ${names.join(', ') || 'none'})`,
      );
    }
    given.set(name, values(name, value, spec));
  }
  const axes = Object.entries(strategy.params).map(([name, spec]) => ({ name, values: given.get(name) ?? [spec.default] }));
  return { axes, isGrid: axes.some((a) => a.values.length > 1) };
}

function values(name: string, v: string, spec: ParamSpec): number[] {
  const parts = v.split(':');
  const num = (s: string) => {
    const x = Number(s);
    if (s.trim() === '' || !Number.isFinite(x)) throw new UsageError(`--param ${name}='${v}': '${s}' is not a number — use ${name}=10 or ${name}=5:50:5`);
    return x;
  };
  let out: number[];
  if (parts.length === 1) out = [num(parts[0])];
  else if (parts.length === 3) {
    const [a, b, step] = parts.map(num);
    if (!(step > 0) || b < a) throw new UsageError(`--param ${name}='${v}': a range is from:to:step with from ≤ to and step > 0 — e.g. ${name}=5:50:5`);
    out = [];
    // Count steps instead of accumulating, so 0.1 steps do not drift past `to`.
    const count = Math.floor((b - a) / step + 1e-9);
    if (count > 10_000) throw new UsageError(`--param ${name}='${v}' has ${count + 1} values — use a larger step`);
    for (let k = 0; k <= count; k++) out.push(Number((a + k * step).toPrecision(12)));
  } else throw new UsageError(`--param ${name}='${v}' is neither a value nor from:to:step — e.g. ${name}=10 or ${name}=5:50:5`);
  for (const x of out) {
    if (spec.integer && !Number.isInteger(x)) throw new UsageError(`--param ${name}=${x}: ${name} is a whole number of bars — use e.g. ${name}=${Math.round(x) || 1}`);
    if ((spec.min !== undefined && x < spec.min) || (spec.max !== undefined && x > spec.max)) {
      throw new UsageError(`--param ${name}=${x} is outside ${spec.min ?? '−∞'}…${spec.max ?? '∞'} — ${spec.description ?? 'pick a value in range'}`);
    }
  }
  return out;
}

/** Every combination of the axes (cartesian product), without those the strategy calls invalid. */
export function combinations(grid: ParamGrid, strategy: Strategy<unknown>): Params[] {
  let out: Record<string, number>[] = [{}];
  for (const a of grid.axes) out = out.flatMap((p) => a.values.map((v) => ({ ...p, [a.name]: v })));
  return strategy.valid ? out.filter((p) => strategy.valid!(p)) : out;
}
