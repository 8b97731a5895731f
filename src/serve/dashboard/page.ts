import { DASHBOARD_CSS } from './style.js';
import { DASHBOARD_JS } from './script.js';

/**
 * The dashboard: one page with its style and script inline, so it works offline and behind a
 * strict CSP (nothing from a CDN). It talks only to this server's API and stream.
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>arblens · live opportunities</title>
<style>${DASHBOARD_CSS}</style>
</head>
<body>
<header>
  <h1>arblens</h1>
  <span id="conn" class="conn" data-state="connecting">connecting…</span>
  <span id="count" class="muted"></span>
</header>
<section id="venues" class="venues" aria-label="venue health"></section>
<section class="controls">
  <input id="filter" type="search" placeholder="filter: symbol, venue, kind" aria-label="filter">
  <label>min net % <input id="minnet" type="number" step="0.01" value="" inputmode="decimal"></label>
</section>
<main>
  <section class="table-wrap">
    <table id="opps">
      <thead><tr>
        <th data-sort="rank">#</th><th data-sort="kind">kind</th><th data-sort="symbol">symbol</th><th class="wide">route</th>
        <th data-sort="netSpreadPct" class="num">net %</th><th data-sort="profit" class="num">net profit</th>
        <th data-sort="size" class="num wide">size</th><th data-sort="lifetimeMs" class="num wide">lifetime</th>
      </tr></thead>
      <tbody></tbody>
    </table>
    <p id="empty" class="muted">waiting for opportunities…</p>
  </section>
  <aside id="detail" hidden>
    <button id="close-detail" aria-label="close">×</button>
    <div id="detail-body"></div>
  </aside>
</main>
<section class="alerts"><h2>alerts</h2><ol id="alerts"></ol></section>
<script>${DASHBOARD_JS}</script>
</body>
</html>
`;
