import { register } from 'node:module';

let registered = false;

/**
 * Registers ink-cache-hooks (bounded text caches in Ink, see there) before Ink is first imported;
 * later imports of Ink's modules in this process go through them. Once per process.
 */
export function boundInkCaches(): void {
  if (registered) return;
  registered = true;
  try {
    // The built JavaScript, or the TypeScript source when run through tsx (tests).
    register(`./ink-cache-hooks.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);
  } catch {
    // Hooks unavailable (a runtime without module.register): the TUI runs, with Ink's own caches.
  }
}
