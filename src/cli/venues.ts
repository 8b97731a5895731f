import type { Command } from 'commander';
import type { MarketType } from '../core/types.js';
import { writeOut } from './output.js';

export function registerVenues(program: Command): void {
  program
    .command('venues')
    .description('list the venues arblens knows: kind, markets, default fees, status')
    .option('-j, --json', 'print as a JSON array')
    .addHelpText('after', '\nExamples:\n  arblens venues\n  arblens venues --json | jq -r \'.[] | select(.status=="active") | .id\'')
    .action(async (o: { json?: boolean }) => {
      // Loaded here, not at start-up: the registry brings every venue adapter, and every other
      // command would pay for it on each run.
      const { REGISTRY, registryFee } = await import('../venues/registry.js');
      const { loadConfig, venueConfig } = await import('../app/config.js');
      const cfg = loadConfig();
      const rows = [...REGISTRY.values()].map((d) => {
        const config = venueConfig(d.id, cfg);
        const notConfigured = d.notConfigured?.(config);
        // Crypto venues: the very rule scan applies (override > published); prediction venues price per market.
        const fee = (m: string) => (d.kind === 'crypto' ? registryFee(d.id, m as MarketType, config) : undefined);
        const status = d.retired ? 'retired' : notConfigured ? 'not-configured' : 'active';
        return {
          id: d.id,
          label: d.label,
          kind: d.kind,
          markets: d.markets,
          status,
          reason: d.retired ?? notConfigured,
          takerFees: Object.fromEntries(Object.entries(d.defaultFees).map(([m, f]) => [m, fee(m)?.takerRate ?? f?.taker])),
          feeSources: Object.fromEntries(Object.keys(d.defaultFees).map((m) => [m, fee(m)?.source ?? 'venue-market-data'])),
          docs: d.docs,
        };
      });
      if (o.json) return writeOut(JSON.stringify(rows, null, 2));
      const w = Math.max(...rows.map((r) => r.id.length));
      for (const r of rows) {
        const fees = Object.entries(r.takerFees).map(([m, f]) => `${m} ${((f ?? 0) * 100).toFixed(3)}% (${r.feeSources[m]})`).join(', ');
        writeOut(`${r.id.padEnd(w)}  ${r.kind.padEnd(10)}  ${r.markets.join('+').padEnd(10)}  ${r.status.padEnd(14)}  ${r.reason ?? `taker ${fees}`}`);
      }
    });
}
