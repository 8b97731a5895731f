import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { ArblensError, EXIT } from '../core/errors.js';
import { restyleCommanderError } from './usage-error.js';
import { guardOutput } from './output.js';
import { registerCompletion } from './completion.js';
import { registerDoctor } from './doctor.js';
import { registerScan } from './scan.js';
import { registerVenues } from './venues.js';
import { registerMatch } from './match.js';
import { registerBacktest } from './backtest.js';
import { registerNew } from './new.js';
import { registerData } from './data.js';
import { registerExport } from './export.js';
import { registerWatch } from './watch.js';
import { registerRetail } from './retail.js';
import { registerServe } from './serve.js';
import { registerStats } from './stats.js';
import { registerStore } from './store.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Builds the program. Command files import their heavy parts lazily, so --help stays fast. */
export function buildProgram(): Command {
  const program = new Command('arblens')
    .description('arbitrage scanner and backtesting toolkit for crypto exchanges and prediction markets')
    .version(pkg.version)
    .showSuggestionAfterError(true)
    .exitOverride()
    .option('--debug', 'print the stack trace of an unexpected error (never shown otherwise)')
    // Commander's own usage errors in the house style: `arblens: <flag>: <what> — <fix>`, exit 2.
    .configureOutput({ outputError: (str, write) => write(restyleCommanderError(str) + '\n') });
  registerScan(program);
  registerVenues(program);
  registerMatch(program);
  registerBacktest(program);
  registerNew(program);
  registerData(program);
  registerExport(program);
  registerWatch(program);
  registerRetail(program);
  registerServe(program);
  registerStats(program);
  registerStore(program);
  registerDoctor(program);
  registerCompletion(program);
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
  const program = buildProgram();
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
