// End-to-end: `backtest --report` writes one self-contained interactive page; headless Chromium
// (Debian's, via playwright-core) loads it with the network refused, and a real pointer hovers,
// zooms and pans it. Needs `npx tsc -p .` first (npm test builds).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { hasChromium, inkOf, launch } from '../../helpers/backtest-browser.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'arblens-report-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/arblens.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ARBLENS_DB: join(dir, 'store.db'), NO_COLOR: '1' }, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Opens a report with every non-file request refused and recorded; page errors are collected. */
async function open(file: string) {
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1200, height: 1300 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    requests.push(url);
    return route.abort();
  });
  await page.goto(`file://${file}`);
  await page.waitForFunction(() => (window as unknown as { arblensReport?: { ready: boolean } }).arblensReport?.ready === true, null, { timeout: 20_000 });
  return { browser, page, errors, requests };
}

/** Each panel's visible time range [min, max] (epoch seconds). */
function ranges(page: Page): Promise<[number, number][]> {
  return page.evaluate(() => (window as unknown as { arblensReport: { charts: { scales: { x: { min: number; max: number } } }[] } }).arblensReport.charts.map((c) => [c.scales.x.min, c.scales.x.max] as [number, number]));
}

test('the report: self-contained, candles with the strategy series and trades, hover shows values, wheel zooms and drag pans every panel, a non-blank screenshot', async (t) => {
  const report = join(dir, 'rsi.html');
  const r = cli(['backtest', '--strategy', 'rsi', '--param', 'period=14', '--param', 'lower=30', '--param', 'upper=70', '--commission', '0.001', '--report', report, '--no-save', '--json']);
  assert.equal(r.code, 0, r.err);
  const html = readFileSync(report, 'utf8');
  // Nothing to fetch: no external script, stylesheet, image or font.
  assert.doesNotMatch(html, /<(script|link|img|iframe)[^>]+(src|href)=/i);
  assert.doesNotMatch(html, /url\(\s*['"]?https?:|@import|fetch\(|XMLHttpRequest/);
  assert.match(html, /uPlot/, 'the chart library is inlined');
  const data = JSON.parse(html.match(/<script type="application\/json" id="report-data">(.*?)<\/script>/s)![1]);
  const j = JSON.parse(r.out);
  assert.equal(data.bars, j.bars);
  assert.equal(data.tradesTotal, j.metrics.trades);
  assert.deepEqual(data.panels.map((p: { name: string }) => p.name), ['RSI 14'], 'the strategy declared its RSI in a panel of its own');
  assert.deepEqual(data.panels[0].levels, [30, 70]);
  // The assumptions block states the costs and the annualisation the JSON reports.
  const assumptions = html.match(/<table id="assumptions">(.*?)<\/table>/s)![1];
  assert.match(assumptions, /0\.1 % of notional per fill \(--commission\)/);
  assert.match(assumptions, new RegExp(`${j.metrics.periodsPerYear} periods per year`));
  assert.match(assumptions, /next bar&#39;s open/);
  assert.match(assumptions, /Ruin<\/td><td>none/);

  if (!hasChromium()) return t.skip('chromium is not installed (apt-get install -y chromium)');
  const { browser, page, errors, requests } = await open(report);
  try {
    const price = page.locator('#price-chart .u-over');
    const box = (await price.boundingBox())!;
    // Hover: the crosshair's bar and its close appear in the legend, in every panel at once.
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    const hover = await page.evaluate(() => {
      const R = (window as unknown as { arblensReport: { charts: { cursor: { idx: number | null } }[]; data: { c: number[] } } }).arblensReport;
      const idx = R.charts[0].cursor.idx!;
      const cells = [...document.querySelectorAll('#price-chart .u-legend .u-series')].map((s) => s.textContent ?? '');
      return { idx, close: R.data.c[idx], cells, idxs: R.charts.map((c) => c.cursor.idx) };
    });
    assert.ok(hover.idx > 0 && hover.idx < data.t.length - 1, `hovering mid-chart selects a middle bar (${hover.idx})`);
    const closeCell = hover.cells.find((c) => c.startsWith('Close'))!;
    // The legend rounds to cents for prices ≥ 1000.
    assert.ok(Math.abs(Number(closeCell.replace(/[^0-9.]/g, '')) - hover.close) < 0.006, `legend ${closeCell} shows the hovered close ${hover.close}`);
    assert.ok(hover.idxs.every((i) => i === hover.idx), 'the crosshair is linked across panels');

    // Wheel up: zoom in around the pointer; every panel shows the same, narrower range.
    const [before] = await ranges(page);
    await page.mouse.wheel(0, -300);
    await page.waitForTimeout(100);
    const zoomed = await ranges(page);
    assert.ok(zoomed[0][1] - zoomed[0][0] < (before[1] - before[0]) * 0.9, `zoomed in: ${before} → ${zoomed[0]}`);
    assert.ok(zoomed.every(([a, b]) => a === zoomed[0][0] && b === zoomed[0][1]), 'every panel follows the zoom');
    const label = await page.locator('#x-range').getAttribute('data-min');
    assert.equal(Number(label), zoomed[0][0]);

    // Drag right: pan back in time by the same span.
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.5, { steps: 5 });
    await page.mouse.up();
    const panned = await ranges(page);
    assert.ok(panned[0][0] < zoomed[0][0], 'dragging right shows earlier bars');
    assert.ok(Math.abs(panned[0][1] - panned[0][0] - (zoomed[0][1] - zoomed[0][0])) < 1, 'panning keeps the span');
    assert.deepEqual(panned[3], panned[0], 'the equity panel pans with the price');

    const shot = await page.screenshot({ fullPage: true });
    const { ink, colours } = await inkOf(page, shot);
    assert.ok(ink > 0.03 && colours > 30, `a drawn page, not a blank one (ink ${(ink * 100).toFixed(1)} %, ${colours} colours)`);
    assert.deepEqual(errors, [], 'no script errors');
    assert.deepEqual(requests, [], 'the page fetched nothing');
  } finally {
    await browser.close();
  }
});

test('a grid report says it is the best of N in-sample combinations and maps the metric over two parameters', async (t) => {
  const report = join(dir, 'grid.html');
  const r = cli(['backtest', '--strategy', 'sma', '--param', 'fast=5:15:5', '--param', 'slow=20:40:10', '--optimize', 'sharpe', '--report', report, '--no-save', '--json', '--workers', '1']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.combinations, 9);
  const html = readFileSync(report, 'utf8');
  assert.match(html, /best of 9 in-sample combinations by Sharpe Ratio/);
  const cells = [...html.matchAll(/<rect class="cell" data-x="(\d+)" data-y="(\d+)" data-v="([^"]*)"/g)];
  assert.equal(cells.length, 9, 'one cell per fast × slow pair');
  // Each cell carries its combination's Sharpe; the outlined best is the grid's winner.
  for (const row of j.results) {
    const c = cells.find((x) => Number(x[1]) === row.params.fast && Number(x[2]) === row.params.slow)!;
    if (row.metrics.sharpe === null) assert.equal(c[3], '');
    else assert.ok(Math.abs(Number(c[3]) - row.metrics.sharpe) < 1e-9);
  }
  const best = j.results[0];
  assert.match(html, new RegExp(`data-x="${best.params.fast}" data-y="${best.params.slow}" data-v="[^"]*" x="\\d+" y="\\d+" width="\\d+" height="\\d+" fill="[^"]+" stroke="#cf222e"`));
  assert.match(html, new RegExp(`<p class="sub">fast=${best.params.fast} slow=${best.params.slow} ·`));
  if (!hasChromium()) return t.skip('chromium is not installed (apt-get install -y chromium)');
  const { browser, errors, requests, page } = await open(report);
  try {
    const overlays = await page.evaluate(() => (window as unknown as { arblensReport: { data: { overlays: { name: string }[] } } }).arblensReport.data.overlays.map((o) => o.name));
    assert.deepEqual(overlays, [`SMA ${best.params.fast}`, `SMA ${best.params.slow}`], 'the averages are drawn over the candles');
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, []);
  } finally {
    await browser.close();
  }
});

test('a walk-forward report shows the combined out-of-sample run and each window in-sample beside out-of-sample', () => {
  const report = join(dir, 'wf.html');
  const r = cli(['backtest', '--strategy', 'sma', '--param', 'fast=5:15:5', '--param', 'slow=30:60:10', '--walk-forward', '3', '--report', report, '--no-save', '--json', '--workers', '1']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.folds.length, 3);
  const html = readFileSync(report, 'utf8');
  assert.match(html, /combined out-of-sample run \(walk-forward\)/);
  assert.match(html, /each test window runs the best of 12 combinations by Sharpe Ratio on its train window/);
  // One table row per window, its parameters and out-of-sample return as the JSON gives them.
  const rows = [...html.matchAll(/<tr><td>(\d)<\/td><td>[^<]*<\/td><td>[^<]*<\/td><td>([^<]*)<\/td>(?:<td>[^<]*<\/td>){3}<td>([^<]*)<\/td>/g)];
  assert.equal(rows.length, 3);
  rows.forEach((m, i) => {
    assert.equal(m[2], `fast=${j.folds[i].params.fast} slow=${j.folds[i].params.slow}`);
    assert.ok(Math.abs(Number(m[3]) - j.folds[i].outOfSample.returnPct) < 0.01, `${m[3]} vs ${j.folds[i].outOfSample.returnPct}`);
  });
  // The page's Return [%] is the chained out-of-sample return: (1 + r1)(1 + r2)(1 + r3) − 1.
  const chained = (j.folds.reduce((g: number, f: { outOfSample: { returnPct: number } }) => g * (1 + f.outOfSample.returnPct / 100), 1) - 1) * 100;
  assert.ok(Math.abs(j.combinedOosReturnPct - chained) < 1e-6);
  const shown = Number(html.match(/<tr data-key="returnPct"><td>Return \[%\]<\/td><td>([^<]*)<\/td>/)![1]);
  assert.ok(Math.abs(shown - chained) < 0.01, `${shown} vs ${chained}`);
  // The data drawn starts at the first test bar: the train-only first window is not in it.
  const data = JSON.parse(html.match(/<script type="application\/json" id="report-data">(.*?)<\/script>/s)![1]);
  assert.equal(new Date(data.t[0] * 1000).toISOString().slice(0, 10), j.folds[0].test.from.slice(0, 10));
});
