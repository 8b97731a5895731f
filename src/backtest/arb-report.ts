/**
 * `backtest --strategy arb --report <html>`: one self-contained page (inline SVG, no script,
 * nothing fetched) — the timeline of opportunities and what became of them, the capture-vs-latency
 * curve of a --latency sweep, the P&L breakdown and the misses by cause.
 */
import type { ArbTrade } from './arb-replay.js';
import type { ArbRunSummary } from './arb-summary.js';
import type { PnlBreakdown } from './arb-value.js';
import { esc, fmt, iso } from './html-text.js';

export interface ArbReportInput {
  readonly summary: ArbRunSummary;
  readonly sweep: readonly ArbRunSummary[];
  readonly pnl: PnlBreakdown;
  readonly trades: readonly ArbTrade[];
  readonly rebalance: string;
}

const W = 860;
const H = 220;
const PAD = 40;
const COLOUR: Record<ArbTrade['outcome'], string> = { caught: '#1a7f37', partial: '#bf8700', missed: '#cf222e' };

export function arbReportHtml(r: ArbReportInput): string {
  const s = r.summary;
  const p = r.pnl;
  const misses = Object.entries(s.misses)
    .map(([c, m]) => `<tr><td>${esc(c)}</td><td>${m.count}</td><td>${fmt(m.profitLost, '—')}</td><td>${esc(Object.entries(m.where).map(([k, n]) => `${k} ×${n}`).join(', '))}</td></tr>`)
    .join('');
  const pnl = [
    ['Captured spread', p.capturedSpread],
    ['Taker fees', -p.fees],
    ['Transfer fees', -p.transferCosts],
    ['Funding (round trips)', p.funding],
    ['Inventory revaluation', p.revaluation],
    ['Total (end − start value)', p.total],
  ]
    .map(([k, v]) => `<tr><td>${k}</td><td>${fmt(v as number, '—')}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>arblens — arbitrage replay</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;max-width:${W + 40}px}table{border-collapse:collapse;margin:8px 0 20px}td,th{border-bottom:1px solid #ddd;padding:3px 10px;text-align:right}td:first-child,th:first-child{text-align:left}svg{border:1px solid #ddd;background:#fff}</style></head>
<body>
<h1>Arbitrage replay</h1>
<p>${s.opportunitiesActedOn} opportunities acted on at ${s.latencyMs} ms latency (rebalance: ${esc(r.rebalance)}): ${s.caught} caught, ${s.partial} partly, ${s.missed} missed — capture rate ${pct(s.captureRatePct)} % of the promised ${fmt(s.promisedProfit, '—')} (realised ${fmt(s.realisedProfit, '—')} ${esc(p.currency ?? '')}).</p>
<h2>Timeline</h2>
${timeline(r.trades)}
<p>Each mark is one opportunity at the time it was seen, at the height of its promised net profit; <span style="color:${COLOUR.caught}">caught</span>, <span style="color:${COLOUR.partial}">partly caught</span>, <span style="color:${COLOUR.missed}">missed</span>.</p>
<h2>Capture vs latency</h2>
${r.sweep.length > 1 ? curve(r.sweep) : '<p>One latency only: run with <code>--latency 0,50,100,250,500,1000ms</code> for the curve.</p>'}
<table><tr><th>latency</th><th>acted on</th><th>caught</th><th>caught %</th><th>capture %</th><th>realised P&amp;L</th></tr>${r.sweep.map((x) => `<tr><td>${x.latencyMs} ms</td><td>${x.opportunitiesActedOn}</td><td>${x.caught + x.partial}</td><td>${pct(x.caughtPct)}</td><td>${pct(x.captureRatePct)}</td><td>${fmt(x.realisedProfit, '—')}</td></tr>`).join('')}</table>
<h2>P&amp;L in ${esc(p.currency ?? '')}</h2>
<table>${pnl}</table>
<p>Start value ${fmt(p.startValue, '—')}, end value ${fmt(p.endValue, '—')}${p.unvalued.length ? `; not valued: ${esc(p.unvalued.join(', '))}` : ''}.</p>
<h2>Partly filled or missed, by cause</h2>
<table><tr><th>cause</th><th>count</th><th>profit lost</th><th>where</th></tr>${misses}</table>
</body></html>
`;
}

function timeline(trades: readonly ArbTrade[]): string {
  if (!trades.length) return '<p>No opportunity was acted on.</p>';
  const t0 = Math.min(...trades.map((t) => t.seenTs));
  const t1 = Math.max(...trades.map((t) => t.seenTs), t0 + 1);
  const top = Math.max(...trades.map((t) => t.promisedProfit), 1e-9);
  const x = (t: number) => PAD + ((t - t0) / (t1 - t0)) * (W - 2 * PAD);
  const y = (v: number) => H - PAD - (Math.max(0, v) / top) * (H - 2 * PAD);
  // At most 5,000 marks: a long replay stays a small file.
  const step = Math.max(1, Math.ceil(trades.length / 5000));
  const marks = trades
    .filter((_, i) => i % step === 0)
    .map((t) => `<circle cx="${x(t.seenTs).toFixed(1)}" cy="${y(t.promisedProfit).toFixed(1)}" r="2.5" fill="${COLOUR[t.outcome]}"><title>${esc(`${t.id} ${iso(t.seenTs)}: ${t.outcome}${t.cause ? ` (${t.cause})` : ''}, promised ${fmt(t.promisedProfit, '—')}, realised ${fmt(t.realisedProfit, '—')}`)}</title></circle>`)
    .join('');
  return `<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="timeline">${axes(iso(t0), iso(t1), '0', fmt(top, '—'))}${marks}</svg>`;
}

function curve(sweep: readonly ArbRunSummary[]): string {
  const maxL = Math.max(...sweep.map((s) => s.latencyMs), 1);
  const x = (l: number) => PAD + (l / maxL) * (W - 2 * PAD);
  const y = (v: number) => H - PAD - (Math.max(0, Math.min(100, v)) / 100) * (H - 2 * PAD);
  const line = (f: (s: ArbRunSummary) => number | null, colour: string) => {
    const pts = sweep.map((s) => [x(s.latencyMs), y(f(s) ?? 0)] as const);
    return `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${pts.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>${pts.map(([a, b]) => `<circle cx="${a.toFixed(1)}" cy="${b.toFixed(1)}" r="3" fill="${colour}"/>`).join('')}`;
  };
  return `<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="capture vs latency">${axes('0 ms', `${maxL} ms`, '0 %', '100 %')}${line((s) => s.captureRatePct, '#0969da')}${line((s) => s.caughtPct, '#8250df')}</svg>
<p><span style="color:#0969da">capture rate (realised / promised P&amp;L)</span> and <span style="color:#8250df">share of opportunities caught</span> per latency.</p>`;
}

function axes(x0: string, x1: string, y0: string, y1: string): string {
  return `<line x1="${PAD}" y1="${H - PAD}" x2="${W - PAD}" y2="${H - PAD}" stroke="#888"/><line x1="${PAD}" y1="${PAD}" x2="${PAD}" y2="${H - PAD}" stroke="#888"/>
<text x="${PAD}" y="${H - PAD + 16}" font-size="11">${esc(x0)}</text><text x="${W - PAD}" y="${H - PAD + 16}" font-size="11" text-anchor="end">${esc(x1)}</text>
<text x="${PAD - 4}" y="${H - PAD}" font-size="11" text-anchor="end">${esc(y0)}</text><text x="${PAD - 4}" y="${PAD + 4}" font-size="11" text-anchor="end">${esc(y1)}</text>`;
}

const pct = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(1));



