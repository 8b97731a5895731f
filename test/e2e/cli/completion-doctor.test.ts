// `arblens completion` scripts complete commands, flags and values in a real bash; `arblens
// doctor` checks a store, names credentials without printing them, and measures clock skew
// against a local server speaking Binance's /api/v3/time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arblens, BIN } from '../../helpers/cli.js';

/** The CLI run without blocking this process (the local time server must answer meanwhile). */
function arblensAsync(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8' }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Runs the bash completion function for a command line and returns its suggestions. */
function complete(script: string, line: string): string[] {
  const words = line.split(' ');
  const sh = `${script}\nCOMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')}); COMP_CWORD=${words.length - 1}; _arblens; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return spawnSync('bash', ['--norc', '-c', sh], { encoding: 'utf8' }).stdout.trim().split('\n');
}

test('bash completion: commands, flags, venue ids, table names, formats, strategies', () => {
  const r = arblens(['completion', 'bash']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(complete(r.stdout, 'arblens sc').includes('scan'));
  assert.ok(complete(r.stdout, 'arblens scan --ma').includes('--max-age'));
  assert.ok(complete(r.stdout, 'arblens scan --venues bin').includes('binance'));
  assert.ok(complete(r.stdout, 'arblens export --table back').includes('backtest-runs'));
  assert.ok(complete(r.stdout, 'arblens scan --format ts').includes('tsv'));
  assert.ok(complete(r.stdout, 'arblens backtest --strategy s').includes('sma'));
  assert.ok(complete(r.stdout, 'arblens data down').includes('download'));
  assert.ok(complete(r.stdout, 'arblens data download --ven').includes('--venue'));
});

test('zsh and fish scripts name the same commands', () => {
  const z = arblens(['completion', 'zsh']);
  assert.match(z.stdout, /bashcompinit/);
  const f = arblens(['completion', 'fish']);
  assert.match(f.stdout, /complete -c arblens -n '__fish_seen_subcommand_from scan' -l venues -r -a '[^']*binance/);
  if (spawnSync('fish', ['--version']).status === 0) assert.equal(spawnSync('fish', ['-n', '-c', f.stdout]).status, 0);
});

async function timeServer(offsetMs: number) {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(req.url === '/api/v3/time' ? JSON.stringify({ serverTime: Date.now() + offsetMs }) : '{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => server.close() };
}

test('doctor: a clock 5 s off fails with the fix; credentials named, never printed', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'arblens-doctor-'));
  const srv = await timeServer(5000);
  t.after(() => srv.close());
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, 'cfg'), ARBLENS_DB: join(home, 'x.db'), ARBLENS_BINANCE_URL: srv.url, ARBLENS_OKX_API_KEY: 'key-SECRET-123', ARBLENS_OKX_SECRET: 'sec-SECRET-456', ARBLENS_BYBIT_API_KEY: 'only-key-789' };
  const r = await arblensAsync(['doctor'], env);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /FAIL {2}clock: (49\d\d|50\d\d) ms behind binance .* — sync the clock/);
  assert.match(r.stdout, /credentials: API key and secret present for okx \(values not shown\)/);
  assert.match(r.stdout, /warn {2}credentials: incomplete: bybit \(secret missing\)/);
  assert.match(r.stdout, /warn {2}store: no store at .*x\.db yet/);
  assert.doesNotMatch(r.stdout + r.stderr, /SECRET-|only-key/);
});
