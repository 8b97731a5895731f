// The declarations behind `arblens/strategy` (strategies/api/*.d.ts), emitted from the sources by
// the TypeScript compiler; the authoring test compares them with the committed files. After a
// change to the API, rewrite them with:
//   node --import tsx -e "import('./test/helpers/backtest-api.ts').then((m) => m.writeApiDeclarations())"
import ts from 'typescript';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { basename } from 'node:path';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const API_FILES = ['strategy-api', 'types', 'indicators'];

/** file name (e.g. `types.d.ts`) → declaration text. */
export function emitApiDeclarations(): Map<string, string> {
  const out = new Map<string, string>();
  const program = ts.createProgram(
    API_FILES.map((f) => `${root}src/backtest/${f}.ts`),
    { declaration: true, emitDeclarationOnly: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, skipLibCheck: true },
  );
  program.emit(undefined, (name, text) => {
    const base = basename(name);
    if (API_FILES.some((f) => base === `${f}.d.ts`)) out.set(base, text);
  });
  return out;
}

const HEADER = '// Generated from src/backtest by the TypeScript compiler (test/e2e/backtest/authoring.test.ts checks it).\n';

/** Rewrites strategies/api/*.d.ts from the sources. */
export function writeApiDeclarations(): void {
  for (const [file, text] of emitApiDeclarations()) writeFileSync(`${root}strategies/api/${file}`, HEADER + text);
}
