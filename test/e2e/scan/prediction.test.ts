import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync as execFileSyncRaw } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { arblens, BIN, hasCommand } from '../../helpers/cli.js';
import { fixture, startVenueServer } from '../../helpers/venue-server.js';

interface Leg { side: string; venue: string; market: string; price: number; vwap: number; size: number; fee: number; outcome: string }
interface Opp {
  id: string; kind: string; symbol: string; size: number; quote: string; netProfit: number; netSpreadPct: number; legs: Leg[];
  shares: number; cost: number; payout: number; fees: number; returnPct: number; daysToResolution?: number; annualisedPct?: number;
  flags: string[]; pairId?: string; confirmed?: boolean; inverted?: boolean; resolutionGapDays?: number;
}

/** The CLI run asynchronously, so local venue servers in this process can answer it. */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const tmp = () => mkdtempSync(join(tmpdir(), 'arblens-pred-'));

test('scan --market prediction --demo --json: every binary kind, equal shares, payout − cost − fees = net', () => {
  const r = arblens(['scan', '--market', 'prediction', '--demo', '--json', '--top', '0'], { XDG_CONFIG_HOME: tmp() });
  assert.equal(r.code, 0, r.stderr);
  const opps = JSON.parse(r.stdout) as Opp[];
  const kinds = new Set(opps.map((o) => o.kind));
  for (const k of ['binary-complement', 'binary-intra', 'multi-outcome']) assert.ok(kinds.has(k), `kind ${k} missing`);
  // Ranked by profit in USD; Betfair's GBP has no rate unless given (--fx), so it comes after.
  const usd = (o: Opp) => (o as unknown as { netProfitValue: number | null }).netProfitValue;
  for (let i = 1; i < opps.length; i++) {
    const [a, b] = [usd(opps[i - 1]), usd(opps[i])];
    assert.ok(b === null || (a !== null && a >= b), `ranked by net profit in USD: ${opps[i - 1].id} before ${opps[i].id}`);
  }
  const gbp = opps.find((o) => o.id.startsWith('multi-outcome:betfair:'))!;
  assert.equal(usd(gbp), null);
  assert.equal(opps[opps.length - 1].id, gbp.id);
  // With a rate the GBP set is valued (net × 1.27) and takes its place among the USD ones.
  const fx = JSON.parse(arblens(['scan', '--market', 'prediction', '--demo', '--json', '--top', '0', '--fx', 'GBP=1.27'], { XDG_CONFIG_HOME: tmp() }).stdout) as Opp[];
  const valued = fx.find((o) => o.id === gbp.id)!;
  assert.ok(Math.abs((usd(valued) as number) - valued.netProfit * 1.27) < 1e-6);
  for (let i = 1; i < fx.length; i++) assert.ok((usd(fx[i - 1]) as number) >= (usd(fx[i]) as number), 'all valued, all in order');
  for (const o of opps) {
    assert.ok(o.legs.every((l) => l.side === 'buy' && l.size === o.shares), `${o.id}: equal shares on every leg`);
    // Prediction fees come from each market's own data: every leg says so.
    assert.ok(o.legs.every((l) => (l as unknown as { feeSource: string }).feeSource === 'venue-market-data'), `${o.id}: feeSource`);
    assert.equal(o.payout, o.shares);
    assert.ok(Math.abs(o.payout - o.cost - o.fees - o.netProfit) < 1e-6, `${o.id}: payout − cost − fees ≠ net`);
    const legCost = o.legs.reduce((s, l) => s + l.vwap * l.size, 0);
    assert.ok(Math.abs(legCost - o.cost) < 1e-6, `${o.id}: legs' VWAP × shares ≠ cost`);
    assert.ok(o.netProfit > 0);
    assert.ok(o.daysToResolution! > 0 && o.annualisedPct! > 0);
    assert.ok(!o.legs.some((l) => l.venue === 'manifold'), 'play money never in a money opportunity');
  }
  // The inverted pair buys YES on both venues.
  const inv = opps.find((o) => o.pairId === 'kalshi:KXU3-26NOV-T4.5~polymarket:540902')!;
  assert.equal(inv.inverted, true);
  assert.deepEqual(inv.legs.map((l) => l.market), ['KXU3-26NOV-T4.5:YES', '540902:YES']);
  // ETH: close dates 3 days apart are flagged.
  const eth = opps.find((o) => o.pairId === 'kalshi:KXETH-26DEC31-T5000~polymarket:541230')!;
  assert.ok(eth.flags.includes('resolution-gap') && eth.resolutionGapDays! > 3);
  // The Fed pair's 2-cent edge is eaten by fees; the augmented neg-risk event is skipped.
  assert.ok(!opps.some((o) => o.symbol.includes('KXFEDDECISION')));
  assert.ok(!opps.some((o) => o.symbol === 'ev-rep-2028'));
  // Betfair's set is in its own currency, commission on net winnings included.
  const bf = opps.find((o) => o.kind === 'multi-outcome' && o.legs[0].venue === 'betfair')!;
  assert.equal(bf.quote, 'GBP');
  assert.ok(Math.abs(bf.fees - 0.05 * (bf.payout - bf.cost)) < 1e-6, 'commission = 5 % of net market winnings');
});

test('scan --venues polymarket,kalshi --demo --json | jq selects binary-complement; table and --record work', () => {
  const dir = tmp();
  if (hasCommand('jq')) {
    const r = arblens(['scan', '--venues', 'polymarket,kalshi', '--demo', '--json'], { XDG_CONFIG_HOME: dir });
    const jq = execFileSync('jq', ['-c', '[.[] | select(.kind=="binary-complement") | .pairId]'], r.stdout);
    const ids = JSON.parse(jq) as string[];
    assert.ok(ids.length >= 3 && ids.every((x) => x.includes('kalshi:') && x.includes('polymarket:')), jq);
  }
  const table = arblens(['scan', '--market', 'prediction', '--demo'], { XDG_CONFIG_HOME: dir });
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /binary-complement/);
  assert.match(table.stdout, /kalshi Yes 0\.\d+ \+ polymarket/);
  const db = join(dir, 'a.db');
  const rec = arblens(['scan', '--market', 'prediction', '--demo', '--record', '--db', db], { XDG_CONFIG_HOME: dir });
  assert.equal(rec.code, 0, rec.stderr);
  const sql = new Database(db, { readonly: true });
  try {
    const quotes = sql.prepare("SELECT count(*) FROM quotes q JOIN instruments i ON i.id = q.instrument_id WHERE i.market = 'binary'").pluck().get() as number;
    const opps = sql.prepare("SELECT count(*) FROM opportunities WHERE kind IN ('binary-complement','binary-intra','multi-outcome')").pluck().get() as number;
    assert.ok(quotes > 10 && opps >= 5, `${quotes} quotes, ${opps} opportunities`);
  } finally {
    sql.close();
  }
});

test('usage errors exit 2 with the flag named', () => {
  const mixed = arblens(['scan', '--venues', 'binance,kalshi']);
  assert.equal(mixed.code, 2);
  assert.match(mixed.stderr, /mixes crypto and prediction venues/);
  const sym = arblens(['scan', '--market', 'prediction', '--demo', '--symbols', 'BTC/USDT']);
  assert.equal(sym.code, 2);
  assert.match(sym.stderr, /--symbols/);
  const am = arblens(['scan', '--market', 'prediction', '--auto-match', '1.5']);
  assert.equal(am.code, 2);
  assert.match(am.stderr, /--auto-match: '1.5'/);
  const inv = arblens(['match', '--inverted']);
  assert.equal(inv.code, 2);
  assert.match(inv.stderr, /--inverted: only applies with --accept/);
});

test('match --demo suggests with reasons; --accept/--list/--remove edit the pairs file', () => {
  const dir = tmp();
  const env = { XDG_CONFIG_HOME: dir };
  const m = arblens(['match', '--demo', '--venues', 'kalshi,polymarket', '--json'], env);
  assert.equal(m.code, 0, m.stderr);
  const sug = JSON.parse(m.stdout) as { pairId: string; score: number; reasons: string[]; invertedHint: boolean }[];
  const btc = sug.find((s) => s.pairId === 'kalshi:KXBTCY-26DEC31-T150000~polymarket:540817')!;
  assert.ok(btc.score > 0.8 && btc.reasons.some((r) => r.includes('same numbers: 150000')));
  assert.equal(sug.find((s) => s.pairId.includes('KXU3'))?.invertedHint, true);
  const acc = arblens(['match', '--accept', 'polymarket:540902~kalshi:KXU3-26NOV-T4.5', '--inverted'], env);
  assert.equal(acc.code, 0, acc.stderr);
  const file = JSON.parse(readFileSync(join(dir, 'arblens', 'pairs.json'), 'utf8')) as { pairs: { id: string; inverted: boolean }[] };
  assert.deepEqual(file.pairs.map((p) => [p.id, p.inverted]), [['kalshi:KXU3-26NOV-T4.5~polymarket:540902', true]]);
  const list = arblens(['match', '--list'], env);
  assert.match(list.stdout, /KXU3-26NOV-T4.5~polymarket:540902 {2}\(inverted\)/);
  const bad = arblens(['match', '--accept', 'kalshy:X~polymarket:1'], env);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /did you mean 'kalshi'/);
  assert.equal(arblens(['match', '--remove', 'kalshi:KXU3-26NOV-T4.5~polymarket:540902'], env).code, 0);
  assert.equal(arblens(['match', '--remove', 'kalshi:KXU3-26NOV-T4.5~polymarket:540902'], env).code, 2);
});

test('live pipeline against local venue servers: confirmed pair from the pairs file, Betfair not configured, failing venue → exit 3', async () => {
  const poly = await startVenueServer({ '/events': (_r, url) => (url.searchParams.get('offset') === '0' ? fixture('polymarket/rest/polymarket-events.json') : []), '/books': 'polymarket/rest/polymarket-books.json' });
  const kal = await startVenueServer({
    '/trade-api/v2/events': 'kalshi/rest/kalshi-events.json',
    '/trade-api/v2/series': 'kalshi/rest/kalshi-series.json',
    '/trade-api/v2/markets/KXBTCY-26DEC31-T150000/orderbook': 'kalshi/rest/kalshi-orderbook.json',
  });
  const mani = await startVenueServer({ '/v0/search-markets': 'manifold/rest/manifold-search.json' });
  const dir = tmp();
  writeFileSync(join(dir, 'pairs.json'), JSON.stringify({ version: 1, pairs: [{ a: { venue: 'polymarket', id: '540817' }, b: { venue: 'kalshi', id: 'KXBTCY-26DEC31-T150000' }, inverted: false }] }));
  const env = {
    XDG_CONFIG_HOME: dir,
    ARBLENS_PAIRS: join(dir, 'pairs.json'),
    ARBLENS_POLYMARKET_URL: poly.url,
    ARBLENS_KALSHI_URL: kal.url,
    ARBLENS_MANIFOLD_URL: mani.url,
    ARBLENS_BETFAIR_API_KEY: '',
    ARBLENS_BETFAIR_SESSION: '',
  };
  try {
    const r = await run(['scan', '--market', 'prediction', '--json', '--top', '0'], env);
    assert.equal(r.code, 0, r.stderr);
    const warnings = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { venue?: string; message: string });
    assert.ok(warnings.some((w) => w.venue === 'betfair' && /not configured/.test(w.message)));
    const opps = JSON.parse(r.stdout) as Opp[];
    assert.deepEqual(opps.map((o) => o.kind), ['binary-complement']);
    const o = opps[0];
    // YES on Kalshi (asks 0.38×400, 0.40×600) + NO on Polymarket (asks 0.56×300, 0.60×2000):
    // 300: cost 282, fees Kalshi ceil(4.9476)=4.95×0.5 = 2.475 + Poly 300×0.04×0.56×0.44 = 2.9568 → 12.5682
    // 400: cost 152 + 168 + 60 = 380, Kalshi ceil(6.5968)=6.60×0.5 = 3.30, Poly 2.9568 + 0.96 = 3.9168 → 12.7832
    // then 0.40 + 0.60 = 1.00: stop. Best: 400 shares.
    assert.equal(o.shares, 400);
    assert.ok(Math.abs(o.cost - 380) < 1e-9);
    assert.ok(Math.abs(o.netProfit - 12.7832) < 1e-9, String(o.netProfit));
    // The file lists Polymarket first, so its leg comes first.
    assert.deepEqual(o.legs.map((l) => l.market), ['540817:NO', 'KXBTCY-26DEC31-T150000:YES']);
    assert.equal(o.confirmed, true);

    // Kalshi down: Polymarket and Manifold still answer, the pair cannot be priced → exit 3.
    kal.fault = { status: 500 };
    const partial = await run(['scan', '--venues', 'polymarket,kalshi', '--json'], env);
    assert.equal(partial.code, 3, partial.stderr);
    assert.ok(partial.stderr.includes('"venue":"kalshi"') && partial.stderr.includes('HTTP 500'));
    assert.deepEqual(JSON.parse(partial.stdout), []);
  } finally {
    await Promise.all([poly.close(), kal.close(), mani.close()]);
  }
});

function execFileSync(cmd: string, args: string[], input: string): string {
  return execFileSyncRaw(cmd, args, { input, encoding: 'utf8' });
}
