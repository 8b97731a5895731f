// The rule of the house (docs/ARCHITECTURE.md): imports point down, never sideways between
// sibling layers, and no file reaches itself through its imports. A short script of our own
// rather than dependency-cruiser or madge: the rule is a dozen lines, and TypeScript's own
// pre-processor (already a dev dependency) finds every static and dynamic import.
// Usage: node scripts/check-imports.mjs [srcDir]   — prints each problem, exits 1 if any.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** Top-level folders of src/ by height: a file may import only from lower layers or its own folder. */
export const LAYERS = {
  cli: 6,
  tui: 5,
  serve: 5,
  app: 4,
  backtest: 3,
  export: 3,
  retail: 3,
  venues: 2,
  engine: 2,
  store: 2,
  core: 1,
};

function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Relative imports of one file, resolved to source files (`./x.js` → `./x.ts` or `./x.tsx`). */
function importsOf(file, known) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const out = [];
  for (const { fileName } of importedFiles) {
    if (!fileName.startsWith('.')) continue;
    const base = resolve(dirname(file), fileName).replace(/\.js$/, '');
    const hit = [`${base}.ts`, `${base}.tsx`, base].find((c) => known.has(c));
    out.push(hit ?? resolve(dirname(file), fileName));
  }
  return out;
}

const layerOf = (srcDir, file) => relative(srcDir, file).split('/')[0];

/** Every broken rule under `srcDir`, as readable lines (empty when the house is in order). */
export function checkImports(srcDir) {
  const files = sourceFiles(srcDir);
  const known = new Set(files);
  const graph = new Map(files.map((f) => [f, importsOf(f, known)]));
  const problems = [];
  const name = (f) => relative(srcDir, f);
  for (const [from, tos] of graph) {
    const a = layerOf(srcDir, from);
    if (!(a in LAYERS) && a.includes('.')) continue; // a file at the top of src/ (none today)
    if (!(a in LAYERS)) problems.push(`${name(from)}: folder '${a}' has no layer — add it to LAYERS in scripts/check-imports.mjs`);
    for (const to of tos) {
      if (!to.startsWith(srcDir)) { problems.push(`${name(from)} imports ${to}, outside src/`); continue; }
      if (!known.has(to)) { problems.push(`${name(from)} imports ${name(to)}, which does not exist`); continue; }
      const b = layerOf(srcDir, to);
      if (a === b) continue;
      if (!(LAYERS[b] < LAYERS[a])) problems.push(`${name(from)} imports ${name(to)}: ${a} → ${b} points ${LAYERS[b] === LAYERS[a] ? 'sideways' : 'up'} (layers: cli → tui/serve → app → backtest/export/retail → venues/engine/store → core)`);
    }
  }
  problems.push(...cycles(graph).map((c) => `import circle: ${c.map(name).join(' → ')}`));
  return problems;
}

/** Strongly connected groups of more than one file (Tarjan), each reported once as a path. */
function cycles(graph) {
  let index = 0;
  const idx = new Map(), low = new Map(), onStack = new Set(), stack = [], found = [];
  const visit = (v) => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) !== idx.get(v)) return;
    const group = [];
    let w;
    do { w = stack.pop(); onStack.delete(w); group.push(w); } while (w !== v);
    if (group.length > 1 || (graph.get(v) ?? []).includes(v)) found.push([...group.reverse(), group[0]]);
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return found;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const src = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'src'));
  const problems = checkImports(src);
  for (const p of problems) console.error(p);
  console.error(problems.length ? `${problems.length} import problem(s)` : 'imports point one way; no circles');
  process.exit(problems.length ? 1 : 0);
}
