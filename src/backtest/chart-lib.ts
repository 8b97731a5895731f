/**
 * The chart library the report inlines: uPlot (MIT, ~51 kB minified + 2 kB CSS, ~22 kB gzipped;
 * TradingView's lightweight-charts is ~198 kB for the same page). Read from node_modules when a
 * report is written, so the page carries it and fetches nothing.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let cached: { js: string; css: string } | undefined;

export function chartLibrary(): { js: string; css: string } {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const js = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
  const css = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  return (cached = { js, css });
}
