/**
 * Module hooks (Node's `module.register`) that bound two caches inside Ink 6.
 *
 * Ink's `measureText` and `wrapText` memoise every distinct string they are given in a
 * module-level Map / object that is never emptied (vadimdemedes/ink#986). `watch` draws rows whose
 * figures change every frame, so each frame adds ~40 strings for good: ~150 MB an hour at the
 * default 4 frames/s, enough to exhaust the heap in a day-long session. Ink 6.8 is the last
 * release that runs on Node 20, so the two modules are edited as they load: each cache is emptied
 * once it holds CACHE_LIMIT entries (a frame needs ~100; an emptied cache costs one frame its
 * hits). When Ink's text is not what these edits expect, the module loads unchanged (a test says
 * so: test/unit/tui/ink-cache-hooks.test.ts).
 */
import type { LoadHook } from 'node:module';

export const CACHE_LIMIT = 4096;

/** Per module (by the end of its URL): [text in Ink's source, replacement], applied in order. */
export const EDITS: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  '/ink/build/measure-text.js': [['cache.set(text, dimensions);', `if (cache.size >= ${CACHE_LIMIT}) cache.clear();\n    cache.set(text, dimensions);`]],
  '/ink/build/wrap-text.js': [
    ['const cache = {};', 'let cache = {};\nlet cacheSize = 0;'],
    ['cache[cacheKey] = wrappedText;', `if (++cacheSize > ${CACHE_LIMIT}) {\n        cache = {};\n        cacheSize = 1;\n    }\n    cache[cacheKey] = wrappedText;`],
  ],
};

/** `source` with the edits for `url`, or undefined when none apply (or one no longer matches). */
export function edited(url: string, source: string): string | undefined {
  const edits = Object.entries(EDITS).find(([tail]) => url.endsWith(tail))?.[1];
  if (!edits) return undefined;
  let text = source;
  for (const [from, to] of edits) {
    if (!text.includes(from)) return undefined;
    text = text.replace(from, to);
  }
  return text;
}

export const load: LoadHook = async (url, context, nextLoad) => {
  const result = await nextLoad(url, context);
  if (!url.includes('/ink/build/') || result.source == null) return result;
  const source = typeof result.source === 'string' ? result.source : Buffer.from(result.source as Uint8Array).toString('utf8');
  const text = edited(url, source);
  return text === undefined ? result : { ...result, source: text };
};
