import { Argument, type Command } from 'commander';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;

/** The words a shell may complete: every command path with its flags, and values per flag. */
export interface CompletionModel {
  /** "scan", "data download" … → its flags (long and short). */
  readonly commands: ReadonlyMap<string, readonly string[]>;
  /** A flag → the values it takes (venue ids, table names, formats, strategies …). */
  readonly values: ReadonlyMap<string, readonly string[]>;
}

/** Walks the program, so a new flag or command completes without touching this file. */
export function completionModel(program: Command, values: ReadonlyMap<string, readonly string[]>): CompletionModel {
  const commands = new Map<string, string[]>();
  const walk = (c: Command, path: string[]) => {
    const flags = c.options.flatMap((o) => [o.long, o.short].filter((x): x is string => !!x));
    commands.set(path.join(' '), [...flags, '--help', ...c.commands.map((s) => s.name())]);
    for (const s of c.commands) walk(s, [...path, s.name()]);
  };
  walk(program, []);
  // Choices commander knows (--market, --feed, --sort …) complete as well.
  const all = new Map(values);
  const visit = (c: Command) => {
    for (const o of c.options) if (o.long && o.argChoices && !all.has(o.long)) all.set(o.long, o.argChoices);
    c.commands.forEach(visit);
  };
  visit(program);
  return { commands, values: all };
}

const words = (xs: readonly string[]) => xs.join(' ');

export function bashScript(m: CompletionModel): string {
  const cmdCases = [...m.commands].map(([path, flags]) => `    ${JSON.stringify(path)}) opts=${JSON.stringify(words(flags))} ;;`).join('\n');
  const valCases = [...m.values].map(([flag, vals]) => `    ${flag}) COMPREPLY=( $(compgen -W ${JSON.stringify(words(vals))} -- "\${cur##*,}") ); return ;;`).join('\n');
  return `# arblens completion for bash: source <(arblens completion bash)
_arblens() {
  local cur prev path="" opts="" w
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
${valCases}
  esac
  for w in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    [[ "$w" == -* ]] && continue
    case "\${path:+$path }$w" in
${[...m.commands.keys()].filter(Boolean).map((p) => `      ${JSON.stringify(p)}) path=${JSON.stringify(p)} ;;`).join('\n')}
    esac
  done
  case "$path" in
${cmdCases}
  esac
  COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
}
complete -o default -F _arblens arblens
`;
}

export function zshScript(m: CompletionModel): string {
  // zsh runs bash completion functions through bashcompinit: one script to keep right.
  return `#compdef arblens
# arblens completion for zsh: source <(arblens completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashScript(m).split('\n').slice(1).join('\n')}`;
}

export function fishScript(m: CompletionModel): string {
  const out = ['# arblens completion for fish: arblens completion fish > ~/.config/fish/completions/arblens.fish', 'complete -c arblens -f'];
  const top = [...m.commands.keys()].filter((p) => p && !p.includes(' '));
  out.push(`complete -c arblens -n '__fish_use_subcommand' -a '${top.join(' ')}'`);
  for (const [path, flags] of m.commands) {
    if (!path) continue;
    const parts = path.split(' ');
    const cond = parts.length === 1 ? `__fish_seen_subcommand_from ${parts[0]}` : `__fish_seen_subcommand_from ${parts[0]}; and __fish_seen_subcommand_from ${parts[1]}`;
    for (const f of flags) {
      if (!f.startsWith('-')) {
        out.push(`complete -c arblens -n '${cond}' -a '${f}'`);
        continue;
      }
      const vals = m.values.get(f);
      const opt = f.startsWith('--') ? `-l ${f.slice(2)}` : `-s ${f.slice(1)}`;
      out.push(`complete -c arblens -n '${cond}' ${opt}${vals ? ` -r -a '${words(vals)}'` : ''}`);
    }
  }
  return out.join('\n') + '\n';
}

export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script (commands, flags, venue ids, table names, formats, strategies)')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish'))
    .addHelpText(
      'after',
      `
Examples:
  source <(arblens completion bash)            # add to ~/.bashrc
  source <(arblens completion zsh)             # add to ~/.zshrc
  arblens completion fish > ~/.config/fish/completions/arblens.fish`,
    )
    .action(async (shell: string) => {
      const { oneOf } = await import('./parse.js');
      const sh = oneOf('<shell>', SHELLS)(shell);
      const m = completionModel(program, await valueLists());
      process.stdout.write(sh === 'bash' ? bashScript(m) : sh === 'zsh' ? zshScript(m) : fishScript(m));
    });
}

/** The values worth completing, read from the registries that define them (never a copy). */
async function valueLists(): Promise<Map<string, readonly string[]>> {
  const [{ venueIds }, { TABLE_NAMES }, { FORMATS }, { BUILTIN_STRATEGIES }, { SCAN_FORMATS }] = await Promise.all([
    import('../venues/registry.js'),
    import('../export/tables.js'),
    import('../export/formats/types.js'),
    import('../backtest/strategies/index.js'),
    import('./scan-table.js'),
  ]);
  const venues = venueIds();
  return new Map<string, readonly string[]>([
    ['--venues', venues],
    ['--venue', venues],
    ['--table', [...TABLE_NAMES]],
    ['--format', [...new Set([...SCAN_FORMATS, ...FORMATS])]],
    ['--strategy', [...BUILTIN_STRATEGIES.keys()]],
  ]);
}
