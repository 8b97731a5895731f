// The report's data (display reduction), the strategy's plot declarations, the assumptions block
// and the grid heatmap, checked against hand-computed cases; and the size of a long run's page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBacktest } from '../../../src/backtest/bar-engine.js';
import { assumptions } from '../../../src/backtest/report-assumptions.js';
import { reportData } from '../../../src/backtest/report-data.js';
import { heatmapCells, heatmapSvg } from '../../../src/backtest/report-heatmap.js';
import { reportHtml } from '../../../src/backtest/report-html.js';
import { runOne } from '../../../src/backtest/run.js';
import { toSeries } from '../../../src/backtest/series.js';
import { tradeColumnsOf } from '../../../src/backtest/trades-json.js';
import { BUILTIN_STRATEGIES } from '../../../src/backtest/strategies/index.js';
import type { Metrics } from '../../../src/backtest/metrics.js';
import type { BacktestResult, Strategy } from '../../../src/backtest/types.js';
import { bars, DAY, opts, T0 } from '../../helpers/backtest.js';

const FIVE = bars([
  [100, 101, 99, 100, 1],
  [102, 103, 101, 102, 2],
  [104, 106, 103, 105, 3],
  [106, 108, 105, 107, 4],
  [108, 109, 107, 108, 5],
]);

test('display candles merge buckets of bars: first open, highest high, lowest low, last close, summed volume', () => {
  const result: BacktestResult = {
    equity: Float64Array.from([10_000, 10_500, 9_450, 9_800, 11_000]),
    exposedBars: 0,
    trades: [],
    fills: [],
    commissions: 0,
    tradeColumns: tradeColumnsOf([]),
    plots: [
      { name: 'line', values: [1, 2, 3, 4, 5], panel: 'price', group: 'line' },
      { name: 'osc', values: [10, 20, 30, 40, 50], panel: 'own', group: 'osc', levels: [30, 70] },
    ],
  };
  // 5 bars, at most 2 points: ceil(5 / 2) = 3 bars per candle → buckets [0..2] and [3..4].
  const d = reportData(FIVE, result, 10_000, 2);
  assert.equal(d.bucket, 3);
  assert.deepEqual(d.t, [T0 / 1000, (T0 + 3 * DAY) / 1000]);
  assert.deepEqual(d.o, [100, 106]);
  assert.deepEqual(d.h, [106, 109]); // max(101, 103, 106), max(108, 109)
  assert.deepEqual(d.l, [99, 105]);
  assert.deepEqual(d.c, [105, 108]);
  assert.deepEqual(d.v, [6, 9]); // 1 + 2 + 3, 4 + 5
  // Equity at each bucket's last bar; buy and hold = 10000 × close / 100.
  assert.deepEqual(d.equity, [9_450, 11_000]);
  assert.deepEqual(d.hold, [10_500, 10_800]);
  // Running peak 10000, 10500, 10500, 10500, 11000: deepest in bucket 0 is 9450 / 10500 − 1 =
  // −10 %, in bucket 1 it is 9800 / 10500 − 1 = −6.666667 % (bar 3), not bar 4's 0.
  assert.deepEqual(d.dd, [-10, -6.666667]);
  assert.deepEqual(d.overlays, [{ name: 'line', color: undefined, values: [3, 5] }]);
  assert.deepEqual(d.panels, [{ name: 'osc', levels: [30, 70], series: [{ name: 'osc', color: undefined, values: [30, 50] }] }]);
  // Unreduced when the series is short enough.
  assert.equal(reportData(FIVE, result, 10_000).bucket, 1);
});

test('a strategy declares series to plot from init; a bad declaration names the strategy', () => {
  const s: Strategy<null> = {
    name: 'plotter',
    params: {},
    init({ data, plot }) {
      plot('close', data.close, { color: '#123456' });
      plot('zero', new Float64Array(data.length), { panel: 'own', group: 'osc', levels: [0] });
      return null;
    },
    next() {},
  };
  const r = runBacktest(FIVE, s, {}, opts());
  assert.deepEqual(
    r.plots.map((p) => [p.name, p.panel, p.group, p.color, p.levels]),
    [
      ['close', 'price', 'close', '#123456', undefined],
      ['zero', 'own', 'osc', undefined, [0]],
    ],
  );
  const bad: Strategy<null> = { name: 'bad-plot', params: {}, init: ({ plot }) => (plot('x', undefined as never), null), next() {} };
  assert.throws(() => runBacktest(FIVE, bad, {}, opts()), /bad-plot.*plot\(name, values\)/);
  // The built-ins declare theirs: the two averages over the candles, RSI in its own panel.
  const sma = runBacktest(FIVE, BUILTIN_STRATEGIES.get('sma')!, { fast: 2, slow: 3 }, opts());
  assert.deepEqual(sma.plots.map((p) => `${p.name}/${p.panel}`), ['SMA 2/price', 'SMA 3/price']);
  const rsi = runBacktest(FIVE, BUILTIN_STRATEGIES.get('rsi')!, { period: 2, lower: 30, upper: 70 }, opts());
  assert.deepEqual(rsi.plots.map((p) => [p.name, p.panel, p.levels]), [['RSI 2', 'own', [30, 70]]]);
});

test('assumptions state costs, fills, sizing, annualisation, the ruin rule and the ruin, and a grid selection', () => {
  const m = runOne(FIVE, BUILTIN_STRATEGIES.get('sma')!, { fast: 2, slow: 3 }, opts()).metrics;
  const rows = Object.fromEntries(
    assumptions({
      source: 'csv:five.csv',
      bars: 5,
      options: opts({ commission: 0.00075, commissionFixed: 1, slippageBps: 5, size: 0.5, wholeUnits: true, longOnly: true, tradeOnClose: true, maintenanceMargin: 0.05 }),
      costs: { commission: 0.00075, commissionSource: 'binance spot taker fee (published)' },
      metrics: m,
      ruin: { bar: 3, ts: T0 + 3 * DAY, price: 98.5, deficit: 12 },
      grid: { combinations: 42, key: 'sharpe' },
    }),
  );
  assert.equal(rows.Data, 'csv:five.csv: 5 bars, 2024-01-01T00:00:00Z → 2024-01-05T00:00:00Z');
  assert.equal(rows.Commission, '0.075 % of notional per fill (binance spot taker fee (published)) + 1 per fill');
  assert.equal(rows.Slippage, '5 bps against every fill (buys higher, sells lower)');
  assert.match(rows['Fill rule'], /signal bar's close/);
  assert.equal(rows.Sizing, '50 % of available equity per order, whole units, long only (a sell only closes a long)');
  assert.equal(rows.Annualisation, `${m.periodsPerYear} periods per year: ${m.annualisation}`);
  assert.match(rows['Ruin rule'], /5 % of its notional/);
  assert.equal(rows.Ruin, 'RUINED at bar 3 (2024-01-04), liquidated at 98.5, owing 12 beyond the account');
  assert.match(rows.Selection, /^best of 42 in-sample combinations by sharpe/);
});

test('the heatmap keeps, per pair of the first two parameters, the best value over the others', () => {
  const row = (a: number, b: number, c: number, sharpe: number) => ({ params: { a, b, c }, metrics: { sharpe } as Metrics });
  const h = { rows: [row(1, 10, 0, 0.5), row(1, 10, 1, 0.9), row(2, 10, 0, -0.2), row(1, 20, 0, NaN), row(2, 20, 1, 1.4)], axes: ['a', 'b', 'c'], key: 'sharpe' as const };
  const m = heatmapCells(h)!;
  assert.deepEqual(m.xs, [1, 2]);
  assert.deepEqual(m.ys, [10, 20]);
  // (1,10): max(0.5, 0.9); (2,10): −0.2; (1,20): only NaN → NaN; (2,20): 1.4.
  assert.deepEqual(m.cells, [
    [0.9, -0.2],
    [NaN, 1.4],
  ]);
  const svg = heatmapSvg(h, 'Sharpe Ratio');
  assert.match(svg, /data-x="2" data-y="20" data-v="1.4"[^>]*stroke="#cf222e"/, 'the best cell is outlined');
  assert.match(svg, /each cell the best over c/);
  assert.equal(heatmapCells({ ...h, axes: ['a'] }), undefined, 'one varied parameter: no map');
});

test('a year of minute bars makes a page under 2 MB: candles reduced, figures from every bar', () => {
  const n = 525_600;
  let s = 7;
  const rnd = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  let p = 100;
  const candles = Array.from({ length: n }, (_, i) => {
    const o = p;
    const c = (p = o * (1 + (rnd() - 0.5) * 0.002));
    return { ts: T0 + i * 60_000, open: o, high: Math.max(o, c) * 1.0002, low: Math.min(o, c) * 0.9998, close: c, volume: 1 };
  });
  const series = toSeries(candles);
  const o = opts({ commission: 0.001 });
  const run = runOne(series, BUILTIN_STRATEGIES.get('sma')!, { fast: 10, slow: 30 }, o);
  const html = reportHtml({ title: 'long', source: 'synthetic', series, run, options: o, costs: { commission: 0.001, commissionSource: '--commission' } });
  assert.ok(html.length < 2_000_000, `${html.length} bytes`);
  const data = JSON.parse(html.match(/<script type="application\/json" id="report-data">(.*?)<\/script>/s)![1]);
  assert.equal(data.bucket, 132); // ceil(525600 / 4000)
  assert.equal(data.t.length, Math.ceil(n / 132));
  assert.equal(data.bars, n);
  assert.match(html, new RegExp(`<tr data-key="trades"><td># Trades</td><td>${run.metrics.trades}</td>`));
  assert.match(html, /Each displayed candle merges 132 bars/);
});

test('text that would end a script element is escaped inside the embedded data', () => {
  const s: Strategy<null> = { name: 'x', params: {}, init: ({ data, plot }) => (plot('</script><b>', data.close), null), next() {} };
  const run = runOne(FIVE, s, {}, opts());
  const html = reportHtml({ title: '<t>', source: 'csv', series: FIVE, run, options: opts(), costs: { commission: 0, commissionSource: '--commission' } });
  assert.equal(html.split('</script>').length - 1, 3, 'only the three script elements end');
  assert.match(html, /<h1>&lt;t&gt;<\/h1>/);
});
