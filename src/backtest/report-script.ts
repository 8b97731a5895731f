/**
 * The report page's own script (plain browser JavaScript, inlined after uPlot): builds the
 * panels from the embedded data and links them. Wheel zooms around the pointer, drag pans,
 * double-click (or the button) shows everything; every panel follows the same time range and
 * the same crosshair, whose values each panel's legend shows. Candles, trade lines and level
 * lines are drawn on uPlot's canvas in a draw hook. `window.arblensReport` exposes the charts so
 * the browser test can read the visible range.
 */
export const REPORT_SCRIPT = String.raw`
(() => {
  const D = JSON.parse(document.getElementById('report-data').textContent);
  const UTC = (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC');
  const num = (v) => {
    if (v == null || !isFinite(v)) return '—';
    const a = Math.abs(v);
    return v.toLocaleString('en-US', { maximumFractionDigits: a >= 1000 ? 2 : a >= 1 ? 4 : 6 });
  };
  const when = (v) => v == null ? '—' : new Date(v * 1e3).toISOString().slice(0, 16).replace('T', ' ');
  // Time ticks in UTC, 24-hour: months, days, or hours (a midnight tick names its day).
  const pad = (x) => String(x).padStart(2, '0');
  const tick = (v, incr) => {
    const d = new Date(v * 1e3);
    const day = d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate());
    if (incr >= 28 * 86400) return day.slice(0, 7);
    if (incr >= 86400 || (d.getUTCHours() === 0 && d.getUTCMinutes() === 0)) return day;
    return pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
  };
  const PALETTE = ['#0969da', '#bf8700', '#8250df', '#1a7f37', '#cf222e', '#57606a'];
  const host = document.getElementById('charts');
  const charts = [];
  const t0 = D.t[0], t1 = D.t[D.t.length - 1] + (D.t.length > 1 ? (D.t[1] - D.t[0]) : 60);
  let syncing = false;

  function status(min, max) {
    const el = document.getElementById('x-range');
    el.dataset.min = String(min);
    el.dataset.max = String(max);
    el.textContent = when(min) + ' → ' + when(max) + ' UTC';
  }

  // One time range for all panels: whichever panel changes it, the others follow.
  function follow(u) {
    if (syncing) return;
    syncing = true;
    const { min, max } = u.scales.x;
    for (const c of charts) if (c !== u) c.setScale('x', { min, max });
    syncing = false;
    status(min, max);
  }

  function setRange(u, min, max) {
    const span = Math.max(max - min, (D.t.length > 1 ? D.t[1] - D.t[0] : 60) * 5);
    const full = t1 - t0;
    if (span >= full) { min = t0; max = t1; }
    else {
      if (min < t0) { min = t0; max = t0 + span; }
      if (max > t1) { max = t1; min = t1 - span; }
    }
    u.setScale('x', { min, max });
  }

  function interact(u) {
    const over = u.over;
    over.addEventListener('wheel', (e) => {
      e.preventDefault();
      const { min, max } = u.scales.x;
      const rect = over.getBoundingClientRect();
      const at = u.posToVal(e.clientX - rect.left, 'x');
      const f = e.deltaY < 0 ? 0.8 : 1.25;
      setRange(u, at - (at - min) * f, at + (max - at) * f);
    }, { passive: false });
    over.addEventListener('mousedown', (e) => {
      if (e.button !== 0) return;
      e.preventDefault();
      const x0 = e.clientX, { min, max } = u.scales.x;
      const perPx = (max - min) / over.getBoundingClientRect().width;
      const move = (m) => setRange(u, min - (m.clientX - x0) * perPx, max - (m.clientX - x0) * perPx);
      const up = () => { document.removeEventListener('mousemove', move); document.removeEventListener('mouseup', up); };
      document.addEventListener('mousemove', move);
      document.addEventListener('mouseup', up);
    });
    over.addEventListener('dblclick', () => setRange(u, t0, t1));
  }

  function clip(u, draw) {
    const ctx = u.ctx, b = u.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(b.left, b.top, b.width, b.height);
    ctx.clip();
    draw(ctx, b);
    ctx.restore();
  }

  function visible(u) {
    const { min, max } = u.scales.x;
    let a = 0, z = D.t.length - 1;
    while (a < z && D.t[a] < min) a++;
    while (z > a && D.t[z] > max) z--;
    return [Math.max(0, a - 1), Math.min(D.t.length - 1, z + 1)];
  }

  function drawCandles(u) {
    clip(u, (ctx) => {
      const [a, z] = visible(u);
      const px = (u.valToPos(D.t[Math.min(a + 1, D.t.length - 1)], 'x', true) - u.valToPos(D.t[a], 'x', true)) || 4;
      const w = Math.max(1, Math.min(px * 0.7, 24 * devicePixelRatio));
      for (let i = a; i <= z; i++) {
        if (D.o[i] == null) continue;
        const x = u.valToPos(D.t[i], 'x', true);
        const up = D.c[i] >= D.o[i];
        ctx.strokeStyle = ctx.fillStyle = up ? '#1a7f37' : '#cf222e';
        const yo = u.valToPos(D.o[i], 'y', true), yc = u.valToPos(D.c[i], 'y', true);
        ctx.beginPath();
        ctx.moveTo(Math.round(x) + 0.5, u.valToPos(D.h[i], 'y', true));
        ctx.lineTo(Math.round(x) + 0.5, u.valToPos(D.l[i], 'y', true));
        ctx.lineWidth = 1;
        ctx.stroke();
        ctx.fillRect(x - w / 2, Math.min(yo, yc), w, Math.max(1, Math.abs(yc - yo)));
      }
    });
  }

  function drawTrades(u) {
    const T = D.trades;
    const { min, max } = u.scales.x;
    let inView = 0;
    for (let k = 0; k < T.a.length; k++) if (T.b[k] >= min && T.a[k] <= max) inView++;
    // Thousands of markers are a smear: past a few hundred in view, say so and wait for a zoom.
    if (inView > 400) {
      const ctx = u.ctx;
      ctx.fillStyle = '#57606a';
      ctx.font = (12 * devicePixelRatio) + 'px system-ui, sans-serif';
      ctx.fillText(inView + ' trades in view: zoom in to see them', u.bbox.left + 8 * devicePixelRatio, u.bbox.top + 16 * devicePixelRatio);
      return;
    }
    clip(u, (ctx) => {
      const s = 5 * devicePixelRatio;
      for (let k = 0; k < T.a.length; k++) {
        if (T.b[k] < min || T.a[k] > max) continue;
        const x0 = u.valToPos(T.a[k], 'x', true), y0 = u.valToPos(T.p[k], 'y', true);
        const x1 = u.valToPos(T.b[k], 'x', true), y1 = u.valToPos(T.q[k], 'y', true);
        const win = T.r[k] > 0;
        ctx.strokeStyle = win ? '#1a7f37' : '#cf222e';
        ctx.lineWidth = 1.5 * devicePixelRatio;
        ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
        ctx.beginPath(); ctx.moveTo(x0, y0); ctx.lineTo(x1, y1); ctx.stroke();
        ctx.setLineDash([]);
        // Entry: a triangle pointing the trade's way (up long, down short); exit: a dot.
        ctx.fillStyle = T.long[k] ? '#0969da' : '#bc4c00';
        ctx.beginPath();
        if (T.long[k]) { ctx.moveTo(x0, y0 + s * 0.2); ctx.lineTo(x0 - s, y0 + s * 1.8); ctx.lineTo(x0 + s, y0 + s * 1.8); }
        else { ctx.moveTo(x0, y0 - s * 0.2); ctx.lineTo(x0 - s, y0 - s * 1.8); ctx.lineTo(x0 + s, y0 - s * 1.8); }
        ctx.fill();
        ctx.fillStyle = ctx.strokeStyle;
        ctx.beginPath(); ctx.arc(x1, y1, s * 0.6, 0, 2 * Math.PI); ctx.fill();
      }
    });
  }

  function drawLevels(u, levels) {
    clip(u, (ctx, b) => {
      ctx.strokeStyle = '#8c959f';
      ctx.lineWidth = devicePixelRatio;
      ctx.setLineDash([5 * devicePixelRatio, 4 * devicePixelRatio]);
      for (const v of levels) {
        const y = Math.round(u.valToPos(v, 'y', true)) + 0.5;
        ctx.beginPath(); ctx.moveTo(b.left, y); ctx.lineTo(b.left + b.width, y); ctx.stroke();
      }
      ctx.setLineDash([]);
    });
  }

  const hidden = { paths: () => null, points: { show: false } };
  function panel(id, title, height, series, data, extra = {}) {
    const box = document.createElement('section');
    box.className = 'panel';
    box.id = id;
    const h = document.createElement('h3');
    h.textContent = title;
    box.appendChild(h);
    host.appendChild(box);
    const u = new uPlot({
      width: host.clientWidth,
      height,
      tzDate: UTC,
      scales: { x: { time: true, min: t0, max: t1 }, ...(extra.scales || {}) },
      cursor: { sync: { key: 'arblens' }, drag: { x: false, y: false, setScale: false }, points: { size: 6 } },
      legend: { live: true },
      series: [{ label: 'Time', value: (uu, v) => when(v) }, ...series.map((s) => ({ value: (uu, v) => num(v), ...s }))],
      // The same y-axis width in every panel keeps their time axes aligned.
      axes: [{ stroke: '#57606a', grid: { stroke: '#eaeef2' }, values: (uu, splits, ai, space, incr) => splits.map((v) => tick(v, incr)) }, { size: 80, space: 24, stroke: '#57606a', grid: { stroke: '#eaeef2' }, ...(extra.yAxis || {}) }],
      hooks: { setScale: [(uu, key) => key === 'x' && follow(uu)], draw: extra.draw ? [extra.draw] : [] },
    }, [D.t, ...data], box);
    interact(u);
    charts.push(u);
    return u;
  }

  const ov = D.overlays.map((p, k) => ({ label: p.name, stroke: p.color || PALETTE[k % PALETTE.length], width: 1.5 }));
  panel('price-chart', 'Price' + (D.bucket > 1 ? ' (each candle ' + D.bucket + ' bars, for display)' : ''), 340,
    [{ label: 'Open', ...hidden }, { label: 'High', ...hidden }, { label: 'Low', ...hidden }, { label: 'Close', ...hidden }, ...ov],
    [D.o, D.h, D.l, D.c, ...D.overlays.map((p) => p.values)],
    { draw: (u) => { drawCandles(u); drawTrades(u); } });
  panel('volume-chart', 'Volume', 120, [{ label: 'Volume', stroke: '#8c959f', fill: 'rgba(140,149,159,0.45)', paths: uPlot.paths.bars({ size: [0.7, 24] }), points: { show: false } }], [D.v],
    { scales: { y: { range: (u, lo, hi) => [0, hi > 0 ? hi * 1.1 : 1] } } });
  for (const p of D.panels) {
    panel('panel-' + p.name.replace(/[^a-z0-9]+/gi, '-'), p.name, 140,
      p.series.map((s, k) => ({ label: s.name, stroke: s.color || PALETTE[(k + 2) % PALETTE.length], width: 1.5 })),
      p.series.map((s) => s.values), { draw: (u) => drawLevels(u, p.levels) });
  }
  panel('equity-chart', 'Equity: strategy and buy & hold', 220,
    [{ label: 'Strategy', stroke: '#0969da', width: 1.5 }, { label: 'Buy & hold', stroke: '#8c959f', width: 1.2, dash: [6, 4] }], [D.equity, D.hold]);
  panel('drawdown-chart', 'Drawdown [%]', 140, [{ label: 'Drawdown %', stroke: '#cf222e', fill: 'rgba(207,34,46,0.15)', width: 1.2 }], [D.dd],
    { scales: { y: { range: (u, lo) => [Math.min(lo, -1) * 1.05, 0] } } });

  document.getElementById('reset-zoom').addEventListener('click', () => setRange(charts[0], t0, t1));
  window.addEventListener('resize', () => { for (const c of charts) c.setSize({ width: host.clientWidth, height: c.height }); });
  status(t0, t1);
  window.arblensReport = { charts, data: D, ready: true };
})();
`;
