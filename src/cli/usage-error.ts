/**
 * Commander's own usage messages rewritten into the house style, `arblens: <flag>: <what> — <fix>`,
 * so every usage error reads the same whoever raised it (our parsers already throw that shape).
 * Unknown shapes pass through with the prefix.
 */
export function restyleCommanderError(text: string): string {
  const lines = text.trim().split('\n');
  const msg = lines[0].replace(/^error:\s*/, '');
  const suggestion = /\(Did you mean (.+?)\?\)/.exec(text)?.[1];
  const fix = (dflt: string) => (suggestion ? `did you mean ${suggestion}?` : dflt);
  let m: RegExpExecArray | null;
  if ((m = /^unknown option '([^']+)'/.exec(msg))) return `arblens: ${m[1]}: unknown option — ${fix('see --help for the options of this command')}`;
  if ((m = /^unknown command '([^']+)'/.exec(msg))) return `arblens: ${m[1]}: unknown command — ${fix('run `arblens --help` for the commands')}`;
  if ((m = /^option '(\S+?)(?:,\s*(\S+))? (<[^>]+>)' argument missing/.exec(msg))) {
    const flag = m[2] ?? m[1];
    return `arblens: ${flag}: needs a value — e.g. ${flag} ${m[3]}`;
  }
  if ((m = /^option '(\S+?)(?:,\s*(\S+))?(?: [<[][^>\]]+[>\]])?' argument '([^']*)' is invalid\. Allowed choices are (.+?)\.?$/.exec(msg))) {
    const flag = m[2] ?? m[1];
    return `arblens: ${flag}: '${m[3]}' is not one of ${m[4]} — e.g. ${flag} ${m[4].split(',')[0].trim()}`;
  }
  if ((m = /^required option '(\S+?)(?:,\s*(\S+))?(?: <[^>]+>)?' not specified/.exec(msg))) return `arblens: ${m[2] ?? m[1]}: required — add ${m[2] ?? m[1]} <value>`;
  if ((m = /^missing required argument '([^']+)'/.exec(msg))) return `arblens: <${m[1]}>: missing — see --help for what to pass`;
  if ((m = /^too many arguments(?: for '([^']+)')?\. Expected (\d+) arguments? but got (\d+)/.exec(msg))) {
    return `arblens: ${m[1] ?? 'arblens'}: ${m[3]} argument(s) given, ${m[2]} expected — flags start with --; see \`arblens ${m[1] ?? ''} --help\``.replace('arblens  --help', 'arblens --help');
  }
  if ((m = /^option '([^']+)' cannot be used with option '([^']+)'/.exec(msg))) return `arblens: ${m[1].split(' ')[0]}: cannot be used with ${m[2].split(' ')[0]} — pick one`;
  return `arblens: ${msg}`;
}
