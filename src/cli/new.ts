import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { UsageError } from '../core/errors.js';

/** `arblens new strategy <file>`: writes a commented strategy template to start from. */
export function registerNew(program: Command): void {
  program
    .command('new')
    .description('write a starting file: `arblens new strategy my-strat.ts`')
    .argument('<kind>', 'what to create: strategy')
    .argument('<file>', 'file to write (.ts)')
    .option('--force', 'overwrite the file if it exists')
    .addHelpText('after', '\nExample:\n  arblens new strategy my-strat.ts && arblens backtest --strategy ./my-strat.ts')
    .action(async (kind: string, file: string, o: { force?: boolean }) => {
      if (kind !== 'strategy') throw new UsageError(`new '${kind}': only 'strategy' can be created — e.g. arblens new strategy my-strat.ts`);
      if (!/\.(m?ts)$/.test(file)) throw new UsageError(`new strategy '${file}': give a .ts file name, e.g. ${file.replace(/\.[^.]*$/, '')}.ts`);
      if (existsSync(file) && !o.force) throw new UsageError(`new strategy: '${file}' already exists — pick another name or pass --force to overwrite it`);
      const { strategyTemplate } = await import('../backtest/strategy-template.js');
      const { writeFileAtomic } = await import('../backtest/write-file.js');
      const name = basename(file, extname(file)).replace(/[^\w-]/g, '-');
      writeFileAtomic(file, strategyTemplate(name), 'new strategy');
      process.stderr.write(`wrote ${file} — run it with: arblens backtest --strategy ./${file.replace(/^\.\//, '')}\n`);
    });
}
