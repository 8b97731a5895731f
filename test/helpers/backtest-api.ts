// The declarations behind `arblens/strategy` (strategies/api/*.d.ts), emitted from the sources by
// the TypeScript compiler; the authoring test compares them with the committed files.
import ts from 'typescript';
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
