import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { PairLink } from '../engine/binary.js';
import { pairIdOf, parsePairId, type Suggestion } from '../engine/match.js';
import type { PairEntry } from '../core/prediction.js';
import { configDir } from './config.js';

/**
 * The user's confirmed cross-venue pairs: `<config dir>/pairs.json` (or `$ARBLENS_PAIRS`), a
 * hand-editable JSON file. `inverted: true` means YES on one side is NO on the other.
 *
 *   { "version": 1, "pairs": [ { "id": "kalshi:KXBTC-26DEC31-T150000~polymarket:516710",
 *       "a": { "venue": "kalshi", "id": "KXBTC-26DEC31-T150000", "question": "…" },
 *       "b": { "venue": "polymarket", "id": "516710", "question": "…" },
 *       "inverted": false, "score": 0.93, "acceptedAt": "2026-11-21T10:00:00.000Z" } ] }
 */
export type { PairEntry };

export function pairsPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.ARBLENS_PAIRS || join(configDir(env), 'pairs.json');
}

/** Last `arblens match` suggestions, so `--accept` can copy the questions into the pair entry. */
export function suggestionsPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(dirname(pairsPath(env)), 'match-suggestions.json');
}

export function loadPairs(path: string): PairEntry[] {
  if (!existsSync(path)) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`pairs file '${path}' is not valid JSON (${(err as Error).message}) — fix it by hand or move it away`);
  }
  const list = Array.isArray(raw) ? raw : (raw as { pairs?: unknown })?.pairs;
  if (!Array.isArray(list)) throw new UsageError(`pairs file '${path}' has no "pairs" array — expected {"version":1,"pairs":[…]}`);
  return list.map((p, i) => {
    const side = (s: unknown) => (s && typeof s === 'object' && typeof (s as { venue?: unknown }).venue === 'string' && typeof (s as { id?: unknown }).id === 'string' ? (s as PairEntry['a']) : undefined);
    const o = p as Partial<PairEntry>;
    const a = side(o?.a);
    const b = side(o?.b);
    if (!a || !b) throw new UsageError(`pairs file '${path}': entry ${i + 1} needs "a" and "b" objects with "venue" and "id" strings`);
    if (o.inverted !== undefined && typeof o.inverted !== 'boolean') throw new UsageError(`pairs file '${path}': entry ${i + 1} "inverted" must be true or false`);
    return { ...o, id: pairIdOf(a, b), a, b, inverted: o.inverted === true } as PairEntry;
  });
}

/**
 * Writes atomically (temp file + rename): an interrupted write never leaves half a file. Owner
 * only (0600, directory 0700 when created): what a trader follows is nobody else's business.
 */
export function writeJsonAtomic(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, path);
}

export function savePairs(path: string, pairs: readonly PairEntry[]): void {
  writeJsonAtomic(path, { version: 1, pairs });
}

/** Adds or updates one pair; returns the entry written. */
export function acceptPair(path: string, pairId: string, inverted: boolean, now: number, known?: Suggestion): PairEntry {
  const sides = parsePairId(pairId);
  if (!sides) throw new UsageError(`--accept: '${pairId}' is not a pair id — use the id printed by \`arblens match\`, e.g. kalshi:KXBTC-26DEC31-T150000~polymarket:516710`);
  const [a, b] = sides;
  if (a.venue === b.venue) throw new UsageError(`--accept: '${pairId}' pairs two markets of one venue — a pair links two venues`);
  const q = (s: { venue: string; id: string }) => (known ? [known.a, known.b].find((x) => x.venue === s.venue && x.id === s.id)?.question : undefined);
  const entry: PairEntry = {
    id: pairIdOf(a, b),
    a: { ...a, question: q(a) },
    b: { ...b, question: q(b) },
    inverted,
    score: known?.score,
    acceptedAt: new Date(now).toISOString(),
  };
  const pairs = loadPairs(path).filter((p) => p.id !== entry.id);
  savePairs(path, [...pairs, entry]);
  return entry;
}

export function removePair(path: string, pairId: string): boolean {
  const sides = parsePairId(pairId);
  const id = sides ? pairIdOf(sides[0], sides[1]) : pairId;
  const pairs = loadPairs(path);
  const kept = pairs.filter((p) => p.id !== id);
  if (kept.length === pairs.length) return false;
  savePairs(path, kept);
  return true;
}

export function toLinks(pairs: readonly PairEntry[]): PairLink[] {
  return pairs.map((p) => ({ pairId: p.id, a: { venue: p.a.venue, id: p.a.id }, b: { venue: p.b.venue, id: p.b.id }, inverted: p.inverted, confirmed: true, score: p.score }));
}
