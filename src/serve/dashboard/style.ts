/** Dashboard style: dark, dense, readable on a wall screen and on a phone (columns drop under 700 px). */
export const DASHBOARD_CSS = `
:root { color-scheme: dark; --bg:#0f1115; --fg:#d8dee9; --muted:#7b8394; --up:#2e7d32; --down:#c62828; --hi:#f9a825; --row:#161a21; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; background:var(--bg); color:var(--fg); }
header { display:flex; gap:12px; align-items:baseline; padding:8px 12px; border-bottom:1px solid #222; }
h1 { font-size:18px; margin:0; } h2 { font-size:14px; margin:4px 0; color:var(--muted); }
.muted { color:var(--muted); }
.conn[data-state=live] { color:#66bb6a; } .conn[data-state=reconnecting], .conn[data-state=connecting] { color:var(--hi); }
.venues { display:flex; flex-wrap:wrap; gap:6px; padding:6px 12px; }
.venue { padding:2px 8px; border-radius:10px; background:var(--up); font-size:12px; }
.venue.down { background:var(--down); }
.controls { display:flex; flex-wrap:wrap; gap:12px; padding:6px 12px; align-items:center; }
input { background:#1b2029; color:var(--fg); border:1px solid #333; border-radius:4px; padding:4px 6px; }
#minnet { width:6em; }
main { display:flex; gap:12px; padding:0 12px; align-items:flex-start; }
.table-wrap { flex:1; overflow-x:auto; min-width:0; }
table { width:100%; border-collapse:collapse; }
th, td { padding:4px 6px; text-align:left; white-space:nowrap; }
th { cursor:pointer; color:var(--muted); font-weight:normal; border-bottom:1px solid #333; user-select:none; }
th.sorted { color:var(--fg); }
.num { text-align:right; font-variant-numeric: tabular-nums; }
tbody tr { background:var(--row); cursor:pointer; transition: background 1s, opacity 1.2s; }
tbody tr:nth-child(even) { background:#13161c; }
tbody tr.flash { background:#3b3310; transition:none; }
tbody tr.closing { opacity:0.15; }
tbody tr.selected { outline:1px solid var(--hi); }
tbody tr.alert td:first-child { border-left:3px solid var(--hi); }
aside { width:420px; max-width:100%; min-width:0; overflow-x:auto; background:#161a21; padding:8px 12px; border-radius:6px; position:relative; }
aside table td, aside table th { font-size:12px; }
#close-detail { position:absolute; right:6px; top:4px; background:none; color:var(--fg); border:0; font-size:20px; cursor:pointer; }
dl { display:grid; grid-template-columns:max-content 1fr; gap:2px 10px; font-size:12px; }
dt { color:var(--muted); } dd { margin:0; overflow-wrap:anywhere; }
svg.spark { width:100%; height:60px; background:#0f1115; }
.alerts { padding:6px 12px; } #alerts { font-size:12px; max-height:160px; overflow:auto; margin:0; padding-left:18px; }
@media (max-width: 700px) {
  .wide { display:none; }
  main { flex-direction:column; padding:0 6px; }
  aside { width:100%; }
  .table-wrap { width:100%; }
  th, td { padding:4px 3px; }
}
`;
