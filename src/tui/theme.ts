/**
 * Colour on or off for the TUI: NO_COLOR (any non-empty value, https://no-color.org) turns every
 * colour off; meaning then rests on words and markers (✖, !, ⇄), never on colour alone.
 * Bold and inverse are not colours: the selected row stays visible.
 */
export function colorEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return !env.NO_COLOR;
}

/** A colour name, or undefined when colour is off (Ink's `color` prop then draws plain text). */
export function tint(name: string | undefined): string | undefined {
  return name && colorEnabled() ? name : undefined;
}
