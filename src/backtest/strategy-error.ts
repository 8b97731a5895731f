/**
 * A user strategy that throws: the message a user can act on — where in their file, on which
 * bar (index and time) and what — instead of a stack whose frames point into a transpiled copy
 * of their file (tsx loads a `.ts` in a CommonJS folder as a data: URL with an inline source map).
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { ArblensError } from '../core/errors.js';

export class StrategyRuntimeError extends ArblensError {
  constructor(
    message: string,
    readonly bar: number | undefined,
    readonly location: string | undefined,
    override readonly cause: unknown,
  ) {
    super(message);
  }
}

/** Wraps what a strategy's `init` (bar undefined) or `next` threw on bar `bar`. */
export function strategyFailure(err: unknown, strategy: string, bar?: number, ts?: number): StrategyRuntimeError {
  if (err instanceof StrategyRuntimeError) return err;
  const e = err instanceof Error ? err : new Error(String(err));
  const where = userFrame(e.stack ?? '');
  const when = bar === undefined ? 'in init' : `at bar ${bar}${ts !== undefined && Number.isFinite(ts) ? ` (${new Date(ts).toISOString()})` : ''}`;
  const msg = `strategy '${strategy}' failed ${when}${where ? ` — ${where}` : ''}: ${e.name === 'Error' ? '' : e.name + ': '}${e.message}`;
  return new StrategyRuntimeError(msg, bar, where, err);
}

const OWN = /[\\/](node_modules|src[\\/]backtest|dist[\\/]backtest)[\\/]|^node:|\(node:/;

/** file:line:col of the first stack frame in the user's code, mapped back to their source. */
export function userFrame(stack: string): string | undefined {
  for (const line of stack.split('\n').slice(1)) {
    const t = line.trim();
    if (!t.startsWith('at ')) continue;
    const data = /(data:text\/javascript,.*):(\d+):(\d+)\)?$/.exec(t);
    if (data) {
      const mapped = mapDataUrl(data[1], Number(data[2]), Number(data[3]));
      if (mapped) return mapped;
      continue;
    }
    const file = /\(?((?:file:\/\/)?[^()\s]+?):(\d+):(\d+)\)?$/.exec(t);
    if (!file || OWN.test(file[1]) || OWN.test(t)) continue;
    const path = file[1].startsWith('file://') ? decodeURIComponent(new URL(file[1]).pathname) : file[1];
    return `${path.replace(/\?.*$/, '')}:${file[2]}:${file[3]}`;
  }
  return undefined;
}

/** A frame inside a data: URL module: its __filename and its inline source map give the place. */
function mapDataUrl(url: string, line: number, col: number): string | undefined {
  let code: string;
  try {
    code = decodeURIComponent(url.slice(url.indexOf(',') + 1));
  } catch {
    return undefined;
  }
  const name = /__filename\s*=\s*"((?:[^"\\]|\\.)*)"/.exec(code);
  const file = name ? (JSON.parse(`"${name[1]}"`) as string) : undefined;
  if (!file || OWN.test(file)) return undefined;
  const sm = /sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)/.exec(code);
  if (sm) {
    try {
      const entry = new SourceMap(JSON.parse(Buffer.from(sm[1], 'base64').toString('utf8'))).findEntry(line - 1, col - 1) as { originalLine?: number; originalColumn?: number };
      if (entry && entry.originalLine !== undefined) return `${file}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
    } catch {
      // No usable map: fall through to the search below.
    }
  }
  const at = searchSource(file, code.split('\n')[line - 1] ?? '', col - 1);
  return at ? `${file}:${at}` : file;
}

/**
 * tsx's CommonJS output carries no source map, but it keeps the tokens of each statement: the
 * line of the user's file holding the longest run of the generated code at the throw site
 * (whitespace ignored) is where it threw.
 */
function searchSource(file: string, generated: string, col: number): number | undefined {
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split('\n').map((l) => l.replace(/\s+/g, ''));
  } catch {
    return undefined;
  }
  const from = generated.slice(col).replace(/\s+/g, '');
  for (let k = Math.min(40, from.length); k >= 4; k--) {
    const needle = from.slice(0, k);
    const hit = lines.findIndex((l) => l.includes(needle));
    if (hit >= 0) return hit + 1;
  }
  return undefined;
}
