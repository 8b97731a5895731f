import type { PredictionMarket } from '../core/prediction.js';
import { questionFeatures, type QuestionFeatures } from './match-text.js';

/**
 * Cross-venue event matching: suggestions, never decisions. Titles differ, sides can be inverted
 * and resolution rules differ, and a wrong match is the main source of "risk-free" losses, so
 * every suggestion carries its score AND the reasons behind it, and only the user confirms.
 *
 * Speed: candidates are BLOCKED before scoring — a pair is scored only if the two markets share
 * at least two distinctive tokens (an inverted index, frequent tokens left out) and their close
 * dates are within `maxDateGapDays` — so 5,000 × 5,000 markets score tens of thousands of pairs,
 * not 25 million. Pure: no I/O, no clock.
 */
export interface MatchSide {
  readonly venue: string;
  readonly id: string;
  readonly question: string;
  readonly closeTs?: number;
}

export interface Suggestion {
  readonly pairId: string;
  /** 0..1; 1 means every signal agrees. */
  readonly score: number;
  readonly a: MatchSide;
  readonly b: MatchSide;
  readonly reasons: readonly string[];
  /** The questions point in opposite directions ("above" vs "below"): accept with --inverted if right. */
  readonly invertedHint: boolean;
}

export interface MatchOptions {
  /** Suggestions below this score are dropped. Default 0.5. */
  readonly minScore?: number;
  /** Close dates further apart than this never match (the blocking window). Default 45 days. */
  readonly maxDateGapDays?: number;
  /** Best suggestions kept per market of the first list. Default 3. */
  readonly perMarket?: number;
}

const DAY = 86_400_000;

/** Canonical pair id: `venue:id~venue:id`, sides sorted, so either order names the same pair. */
export function pairIdOf(a: { venue: string; id: string }, b: { venue: string; id: string }): string {
  const x = `${a.venue}:${a.id}`;
  const y = `${b.venue}:${b.id}`;
  return x < y ? `${x}~${y}` : `${y}~${x}`;
}

/** Splits a pair id back into its two sides; undefined when it is not `venue:id~venue:id`. */
export function parsePairId(pairId: string): [{ venue: string; id: string }, { venue: string; id: string }] | undefined {
  const parts = pairId.split('~');
  if (parts.length !== 2) return undefined;
  const sides = parts.map((p) => {
    const i = p.indexOf(':');
    return i > 0 && i < p.length - 1 ? { venue: p.slice(0, i), id: p.slice(i + 1) } : undefined;
  });
  return sides[0] && sides[1] ? [sides[0], sides[1]] : undefined;
}

interface Item {
  readonly m: PredictionMarket;
  readonly f: QuestionFeatures;
}

/** The text a market is matched on: its question plus outcome labels that are not plain Yes. */
export function matchText(m: PredictionMarket): string {
  let t = m.question;
  const add = (s: string | undefined) => {
    if (s && !/^(yes|no)$/i.test(s) && !t.toLowerCase().includes(s.toLowerCase())) t += ` ${s}`;
  };
  add(m.event?.outcome);
  add(m.yesLabel);
  return t;
}

export function suggestMatches(as: readonly PredictionMarket[], bs: readonly PredictionMarket[], o: MatchOptions = {}): Suggestion[] {
  const minScore = o.minScore ?? 0.5;
  const maxGap = (o.maxDateGapDays ?? 45) * DAY;
  const perMarket = o.perMarket ?? 3;
  const A: Item[] = as.map((m) => ({ m, f: questionFeatures(matchText(m)) }));
  const B: Item[] = bs.map((m) => ({ m, f: questionFeatures(matchText(m)) }));

  const df = new Map<string, number>();
  for (const x of [...A, ...B]) for (const t of x.f.tokens) df.set(t, (df.get(t) ?? 0) + 1);
  const total = A.length + B.length;
  const idf = (t: string) => Math.log(1 + total / (df.get(t) ?? 1));

  // Inverted index over B, leaving out tokens too common to say anything ("win", "price").
  const cap = Math.max(25, Math.ceil(B.length * 0.02));
  const index = new Map<string, number[]>();
  B.forEach((x, j) => {
    for (const t of x.f.tokens) {
      let l = index.get(t);
      if (!l) index.set(t, (l = []));
      l.push(j);
    }
  });
  for (const [t, l] of index) if (l.length > cap) index.delete(t);

  const hits = new Int32Array(B.length);
  const stamp = new Int32Array(B.length).fill(-1);
  const out: Suggestion[] = [];
  A.forEach((a, i) => {
    const cand: number[] = [];
    for (const t of a.f.tokens) {
      const l = index.get(t);
      if (!l) continue;
      for (const j of l) {
        if (stamp[j] !== i) {
          stamp[j] = i;
          hits[j] = 0;
          cand.push(j);
        }
        hits[j]++;
      }
    }
    const need = a.f.tokens.length <= 2 ? 1 : 2;
    const best: Suggestion[] = [];
    for (const j of cand) {
      if (hits[j] < need) continue;
      const b = B[j];
      if (a.m.venue === b.m.venue) continue;
      if (a.m.closeTs !== undefined && b.m.closeTs !== undefined && Math.abs(a.m.closeTs - b.m.closeTs) > maxGap) continue;
      const s = scorePair(a, b, idf);
      if (s.score >= minScore) best.push(s);
    }
    best.sort((x, y) => y.score - x.score);
    out.push(...best.slice(0, perMarket));
  });
  return out.sort((x, y) => y.score - x.score || (x.pairId < y.pairId ? -1 : 1));
}

const side = (m: PredictionMarket): MatchSide => ({ venue: m.venue, id: m.id, question: matchText(m), closeTs: m.closeTs });

/** Scores one candidate pair; exported for tests and for `match` explanations. */
export function scorePair(a: Item, b: Item, idf: (t: string) => number): Suggestion {
  const reasons: string[] = [];
  const fa = a.f;
  const fb = b.f;
  const setB = new Set(fb.tokens);
  let shared = 0;
  let sumA = 0;
  let sumB = 0;
  const common: string[] = [];
  for (const t of fa.tokens) {
    const w = idf(t);
    sumA += w;
    if (setB.has(t)) {
      shared += w;
      common.push(t);
    }
  }
  for (const t of fb.tokens) sumB += idf(t);
  // Half Jaccard (penalises extra words), half overlap (a terse title inside a verbose one).
  const union = sumA + sumB - shared;
  const tokenSim = union > 0 ? 0.5 * (shared / union) + 0.5 * (shared / Math.min(sumA, sumB)) : 0;
  if (common.length) reasons.push(`shared words: ${common.sort((x, y) => idf(y) - idf(x)).slice(0, 6).join(', ')}`);

  const entitySim = jaccard(fa.entities, fb.entities);
  let closeSim = 0.7;
  if (a.m.closeTs !== undefined && b.m.closeTs !== undefined) {
    const gap = Math.abs(a.m.closeTs - b.m.closeTs) / DAY;
    closeSim = gap <= 1 ? 1 : gap <= 7 ? 0.85 : gap <= 31 ? 0.6 : 0.3;
    reasons.push(gap < 1 ? 'close dates within a day' : `close dates ${gap.toFixed(gap < 10 ? 1 : 0)} days apart`);
  } else reasons.push('a close date is unknown');
  // Specifics (thresholds, years, dates) agreeing are the strongest evidence of one event.
  const agree = [overlap(fa.numbers, fb.numbers), overlap(fa.years, fb.years), overlap(fa.days, fb.days)].filter((x): x is number => typeof x === 'number');
  const specifics = agree.length ? agree.reduce((s, x) => s + x, 0) / agree.length : 0.6;

  let score = 0.45 * tokenSim + 0.15 * (entitySim ?? tokenSim) + 0.15 * closeSim + 0.25 * specifics;
  for (const [m, other] of [[a.m, fb], [b.m, fa]] as const) {
    const label = m.event?.outcome ?? (/^(yes|no)$/i.test(m.yesLabel) ? undefined : m.yesLabel);
    if (!label) continue;
    const words = questionFeatures(label).tokens;
    if (words.length && !words.some((w) => other.tokens.includes(w))) {
      score *= 0.4;
      reasons.push(`outcome '${label}' is not named on the other side`);
    }
  }

  const nums = overlap(fa.numbers, fb.numbers);
  if (nums === 'disjoint') {
    score *= 0.35;
    reasons.push(`different numbers: ${fa.numbers.join(', ')} vs ${fb.numbers.join(', ')}`);
  } else if (nums === 'one-sided') {
    score *= 0.8;
    reasons.push(`only one side names a number (${[...fa.numbers, ...fb.numbers].join(', ')})`);
  } else if (typeof nums === 'number') {
    score *= 0.6 + 0.4 * nums;
    reasons.push(`same numbers: ${fa.numbers.filter((x) => fb.numbers.includes(x)).join(', ')}`);
  }
  const yrs = overlap(fa.years, fb.years);
  if (yrs === 'disjoint') {
    score *= 0.35;
    reasons.push(`different years: ${fa.years.join(', ')} vs ${fb.years.join(', ')}`);
  } else if (typeof yrs === 'number') reasons.push(`same year: ${fa.years.filter((x) => fb.years.includes(x)).join(', ')}`);
  const days = overlap(fa.days, fb.days);
  if (days === 'disjoint') {
    score *= 0.5;
    reasons.push(`different dates in the text: ${fa.days.join(', ')} vs ${fb.days.join(', ')}`);
  } else if (typeof days === 'number') reasons.push(`same date in the text: ${fa.days.filter((x) => fb.days.includes(x)).join(', ')}`);
  const invertedHint = !!fa.direction && !!fb.direction && fa.direction !== fb.direction;
  if (invertedHint) {
    score *= 0.9;
    reasons.push(`opposite directions (${fa.direction === 'up' ? 'above' : 'below'} vs ${fb.direction === 'up' ? 'above' : 'below'}): if the same threshold, accept with --inverted`);
  }
  return { pairId: pairIdOf(a.m, b.m), score: Math.round(score * 1000) / 1000, a: side(a.m), b: side(b.m), reasons, invertedHint };
}

function jaccard(x: readonly string[], y: readonly string[]): number | undefined {
  if (x.length === 0 || y.length === 0) return undefined;
  const s = new Set(y);
  const inter = x.filter((e) => s.has(e)).length;
  return inter / (x.length + y.length - inter);
}

/** Overlap of two value lists: undefined (neither), 'one-sided', 'disjoint', or the Jaccard share. */
function overlap<T>(x: readonly T[], y: readonly T[]): number | 'one-sided' | 'disjoint' | undefined {
  if (x.length === 0 && y.length === 0) return undefined;
  if (x.length === 0 || y.length === 0) return 'one-sided';
  const inter = x.filter((e) => y.includes(e)).length;
  if (inter === 0) return 'disjoint';
  return inter / (x.length + y.length - inter);
}
