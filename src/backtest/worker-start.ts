/**
 * How to start one of this folder's worker modules, from the built JavaScript or — in tests, which
 * run the TypeScript sources through tsx — from its `.ts` file: Node 20 workers do not inherit
 * `--import tsx`, so the worker then starts as a one-line script that loads the module through
 * tsx's API.
 */
export function workerStart(name: string, from: string): { readonly start: string | URL; readonly eval: boolean } {
  const fromTs = from.endsWith('.ts');
  const url = new URL(`./${name}${fromTs ? '.ts' : '.js'}`, from);
  if (!fromTs) return { start: url, eval: false };
  return { start: `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((t) => t.tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(from)}))`, eval: true };
}
