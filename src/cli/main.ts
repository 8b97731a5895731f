import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { ArblensError, EXIT } from '../core/errors.js';
import { restyleCommanderError } from './usage-error.js';
import { guardOutput } from './output.js';

type Register = (program: Command) => void;

/**
 * Every command, in help order, loaded on demand: `arblens backtest …` loads backtest.ts alone
 * (each command file pulls in its own option helpers and constants — ~25 modules for all of them,
 * ~20 ms of every start). Help, completion and anything unknown load them all.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  scan: async () => (await import('./scan.js')).registerScan,
  venues: async () => (await import('./venues.js')).registerVenues,
  match: async () => (await import('./match.js')).registerMatch,
  backtest: async () => (await import('./backtest.js')).registerBacktest,
  new: async () => (await import('./new.js')).registerNew,
  data: async () => (await import('./data.js')).registerData,
  export: async () => (await import('./export.js')).registerExport,
  watch: async () => (await import('./watch.js')).registerWatch,
  retail: async () => (await import('./retail.js')).registerRetail,
  serve: async () => (await import('./serve.js')).registerServe,
  stats: async () => (await import('./stats.js')).registerStats,
  store: async () => (await import('./store.js')).registerStore,
  doctor: async () => (await import('./doctor.js')).registerDoctor,
  completion: async () => (await import('./completion.js')).registerCompletion,
};

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Builds the program: every command, or only `only` when it names one (completion excepted: it
 * lists them all). Command files import their heavy parts lazily, so --help stays fast.
 */
export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command('arblens')
    .description('arbitrage scanner and backtesting toolkit for crypto exchanges and prediction markets')
    .version(pkg.version)
    .showSuggestionAfterError(true)
    .exitOverride()
    .option('--debug', 'print the stack trace of an unexpected error (never shown otherwise)')
    // Commander's own usage errors in the house style: `arblens: <flag>: <what> — <fix>`, exit 2.
    .configureOutput({ outputError: (str, write) => write(restyleCommanderError(str) + '\n') });
  const names = only !== undefined && only !== 'completion' && Object.hasOwn(COMMANDS, only) ? [only] : Object.keys(COMMANDS);
  for (const register of await Promise.all(names.map((n) => COMMANDS[n]()))) register(program);
  program.addHelpText('after', '\nRun `arblens <command> --help` for examples. Docs: README.md');
  return program;
}

let debug = false;

export async function main(argv: string[]): Promise<void> {
  // No configured secret reaches the terminal, whatever wrote it (issue 18, item 13).
  guardOutput();
  // `arblens … | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  // --debug is global and may sit anywhere; it only decides whether a stack trace is printed.
  debug = argv.slice(2).includes('--debug');
  argv = argv.filter((a, i) => i < 2 || a !== '--debug');
  // The layers below (the TUI's crash handler) read it from the environment.
  if (debug) process.env.ARBLENS_DEBUG = '1';
  const program = await buildProgram(argv[2]);
  // Bare `arblens` or a bare group command (`arblens data`): help on stdout, exit 0.
  const args = argv.slice(2);
  const group = args.length === 1 ? program.commands.find((c) => c.name() === args[0] && c.commands.length > 0) : undefined;
  if (args.length === 0 || group) {
    process.stdout.write((group ?? program).helpInformation());
    return;
  }
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = exitCodeFor(err);
  }
}

function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    // --help and --version exit 0; commander already printed its own usage message.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
    const inner = (err as { nestedError?: unknown }).nestedError;
    return inner instanceof ArblensError ? inner.exitCode : EXIT.usage;
  }
  if (err instanceof ArblensError) {
    process.stderr.write(`arblens: ${err.message}\n`);
    return err.exitCode;
  }
  const detail = err instanceof Error ? (debug ? err.stack : err.message) : String(err);
  process.stderr.write(`arblens: unexpected error: ${detail}${debug ? '' : ' (run again with --debug for the stack trace)'}\n`);
  return EXIT.runtime;
}
