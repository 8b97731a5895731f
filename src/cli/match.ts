import type { Command } from 'commander';
import { EXIT, UsageError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import type { Suggestion } from '../engine/match.js';
import type { PredictionAdapter } from '../venues/prediction-types.js';
import { durationOption, integer, list, number } from './parse.js';
import { reportTo, warn, writeOut, type OutputMode } from './output.js';

interface MatchOptions {
  venues?: string[];
  minScore: number;
  top: number;
  timeout: number;
  json?: boolean;
  demo?: boolean;
  accept?: string;
  inverted?: boolean;
  remove?: string;
  list?: boolean;
  quiet?: boolean;
}

export function registerMatch(program: Command): void {
  program
    .command('match')
    .description('suggest which prediction markets on two venues are the same event; confirm pairs for scan')
    .option('--venues <list>', 'prediction venues to match (default: every configured one)', list)
    .option('--min-score <score>', 'hide suggestions scoring below this (0–1)', number('--min-score', 'use a score between 0 and 1 such as 0.5', { min: 0, max: 1 }), 0.5)
    .option('--top <n>', 'show the best n (0 = all)', integer('--top', 'use e.g. 50, or 0 for all'), 50)
    .addOption(durationOption('--timeout <duration>', 'deadline per venue', 30_000, '30s'))
    .option('-j, --json', 'print suggestions (or the accepted pair) as JSON')
    .option('--demo', 'offline: match the synthetic sample markets in data/demo/prediction.json')
    .option('--accept <pairId>', 'confirm a suggested pair into the pairs file')
    .option('--inverted', "with --accept: YES on one side is NO on the other (\"above 3 %\" vs \"3 % or below\")")
    .option('--remove <pairId>', 'delete a pair from the pairs file')
    .option('--list', 'print the confirmed pairs')
    .option('--quiet', 'no warnings on stderr')
    .addHelpText(
      'after',
      `
Examples:
  arblens match --venues polymarket,kalshi
  arblens match --venues polymarket,kalshi --json | jq '.[] | select(.score > 0.8)'
  arblens match --accept 'kalshi:KXBTCY-26DEC31-T150000~polymarket:540817'
  arblens match --accept 'kalshi:KXU3-26NOV-T4.5~polymarket:540902' --inverted
  arblens match --demo

Pairs live in $XDG_CONFIG_HOME/arblens/pairs.json (or $ARBLENS_PAIRS): a JSON file you may edit.`,
    )
    .action(async (o: MatchOptions) => {
      process.exitCode = await runMatch(o);
    });
}

export async function runMatch(o: MatchOptions): Promise<number> {
  const mode: OutputMode = { json: !!o.json, ndjson: false, quiet: o.quiet };
  const files = await import('../app/pairs-file.js');
  const path = files.pairsPath();
  if (o.inverted && !o.accept) throw new UsageError('--inverted: only applies with --accept — add --accept <pairId>');
  if ([o.accept, o.remove, o.list].filter(Boolean).length > 1) throw new UsageError('--accept: cannot be used with --remove or --list — pick one');
  if (o.accept) return accept(o, path, mode);
  if (o.remove) {
    if (!files.removePair(path, o.remove)) throw new UsageError(`--remove: no pair '${o.remove}' in ${path} — run \`arblens match --list\``);
    if (!o.quiet) process.stderr.write(`removed ${o.remove} from ${path}\n`);
    return EXIT.ok;
  }
  if (o.list) {
    const pairs = files.loadPairs(path);
    if (o.json) writeOut(JSON.stringify(pairs, null, 2));
    else if (pairs.length === 0) writeOut(`no confirmed pairs yet in ${path} — run \`arblens match\` and accept one`);
    else for (const p of pairs) writeOut(`${p.id}${p.inverted ? '  (inverted)' : ''}\n  ${p.a.venue}: ${p.a.question ?? p.a.id}\n  ${p.b.venue}: ${p.b.question ?? p.b.id}`);
    return EXIT.ok;
  }

  const adapters = await openAdapters(o, mode);
  if (adapters.length < 2) {
    warn(mode, undefined, `matching needs two prediction venues, ${adapters.length} available — name them with --venues (see \`arblens venues\`)`, 'error');
    return EXIT.usage;
  }
  const { fetchCatalogues } = await import('../app/catalogues.js');
  const { suggestMatches } = await import('../engine/match.js');
  const cat = await fetchCatalogues(adapters, { timeoutMs: o.timeout, concurrency: 4, warn: (v, m) => warn(mode, v, m) });
  for (const [v, e] of cat.failed) warn(mode, v, e, 'error');
  const ids = adapters.map((a) => a.id).filter((id) => cat.markets.has(id));
  const suggestions: Suggestion[] = [];
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) suggestions.push(...suggestMatches(cat.markets.get(ids[i])!, cat.markets.get(ids[j])!, { minScore: o.minScore }));
  suggestions.sort((a, b) => b.score - a.score || (a.pairId < b.pairId ? -1 : 1));
  const shown = o.top ? suggestions.slice(0, o.top) : suggestions;
  const confirmed = new Set(files.loadPairs(path).map((p) => p.id));
  if (!o.demo) files.writeJsonAtomic(files.suggestionsPath(), { savedAt: new Date().toISOString(), suggestions });
  if (o.json) writeOut(JSON.stringify(shown.map((s) => ({ ...s, confirmed: confirmed.has(s.pairId) })), null, 2));
  else if (shown.length === 0) writeOut(`no suggestions scoring ≥ ${o.minScore} (lower --min-score to see weaker ones)`);
  else writeOut(shown.map((s) => describe(s, confirmed.has(s.pairId))).join('\n\n'));
  if (ids.length < 2) return EXIT.runtime;
  return cat.failed.size > 0 ? EXIT.partial : EXIT.ok;
}

async function accept(o: MatchOptions, path: string, mode: OutputMode): Promise<number> {
  const files = await import('../app/pairs-file.js');
  const { parsePairId } = await import('../engine/match.js');
  const { REGISTRY } = await import('../venues/registry.js');
  const sides = parsePairId(o.accept!);
  for (const s of sides ?? []) {
    const d = REGISTRY.get(s.venue);
    if (!d || d.kind !== 'prediction') {
      const names = [...REGISTRY.values()].filter((x) => x.kind === 'prediction').map((x) => x.id);
      const guess = didYouMean(s.venue, names);
      throw new UsageError(`--accept: '${s.venue}' is not a prediction venue (${names.join(', ')})${guess ? ` — did you mean '${guess}'?` : ''}`);
    }
  }
  let known: Suggestion | undefined;
  try {
    const { readFileSync } = await import('node:fs');
    const cache = JSON.parse(readFileSync(files.suggestionsPath(), 'utf8')) as { suggestions?: Suggestion[] };
    const want = sides ? sides.map((s) => `${s.venue}:${s.id}`).sort().join('~') : o.accept;
    known = cache.suggestions?.find((s) => s.pairId === want);
  } catch {
    // No cached suggestions: the pair is stored without its questions.
  }
  const entry = files.acceptPair(path, o.accept!, !!o.inverted, Date.now(), known);
  if (o.json) writeOut(JSON.stringify(entry, null, 2));
  else writeOut(`accepted ${entry.id}${entry.inverted ? ' (inverted)' : ''} into ${path}`);
  if (known?.invertedHint && !o.inverted) warn(mode, undefined, 'the matcher saw opposite directions in these questions: if YES on one is NO on the other, accept again with --inverted');
  return EXIT.ok;
}

async function openAdapters(o: MatchOptions, mode: OutputMode): Promise<PredictionAdapter[]> {
  const { openVenues, pickDemoVenues } = await import('../app/open-venues.js');
  if (o.demo) {
    const { predictionDemoVenues } = await import('../venues/demo/prediction.js');
    return pickDemoVenues(predictionDemoVenues(Date.now()), o.venues, 'prediction demo data');
  }
  const { isPredictionAdapter } = await import('../venues/prediction-types.js');
  return (await openVenues(o.venues, new Set(['prediction']), reportTo(mode), o.timeout)).adapters.filter(isPredictionAdapter);
}

function describe(s: Suggestion, confirmed: boolean): string {
  const day = (t?: number) => (t !== undefined ? new Date(t).toISOString().slice(0, 10) : 'unknown');
  const w = Math.max(s.a.venue.length, s.b.venue.length);
  return [
    `${s.score.toFixed(2)}  ${s.pairId}${confirmed ? '  [confirmed]' : ''}${s.invertedHint ? '  [maybe inverted]' : ''}`,
    `      ${s.a.venue.padEnd(w)}  ${s.a.question}  (closes ${day(s.a.closeTs)})`,
    `      ${s.b.venue.padEnd(w)}  ${s.b.question}  (closes ${day(s.b.closeTs)})`,
    `      why: ${s.reasons.join('; ')}`,
  ].join('\n');
}
