/**
 * Dashboard script (plain browser JS, inlined into the page; no template literals inside so it
 * can live in this string). State: the live set by id, the venue rows, the selected id. The
 * WebSocket gives a snapshot then events; on close it reconnects with backoff and the next
 * snapshot replaces the state. Drawing is batched to one frame.
 */
export const DASHBOARD_JS = String.raw`
(function () {
  'use strict';
  var params = new URLSearchParams(location.search);
  var token = params.get('token') || sessionStorage.getItem('arblens-token') || '';
  if (token) sessionStorage.setItem('arblens-token', token);
  var live = new Map(), closing = new Map(), venues = [], selected = null, sortKey = 'profit', sortDir = -1;
  var flashes = new Set(), dirty = false, ws = null, retryMs = 500, rankOf = new Map();
  var $ = function (id) { return document.getElementById(id); };
  var esc = function (s) { return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); };
  var fmt = function (x, d) { return typeof x === 'number' && isFinite(x) ? x.toLocaleString(undefined, { maximumFractionDigits: d, minimumFractionDigits: Math.min(d, 2) }) : '–'; };
  var profit = function (o) { return typeof o.netProfitValue === 'number' ? o.netProfitValue : o.netProfit; };
  var dur = function (ms) { if (ms == null) return '–'; if (ms < 1000) return ms + ' ms'; if (ms < 60000) return (ms / 1000).toFixed(1) + ' s'; return Math.floor(ms / 60000) + ' m ' + Math.floor((ms % 60000) / 1000) + ' s'; };
  function api(path) {
    return fetch(path, { headers: token ? { authorization: 'Bearer ' + token } : {} }).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }
  function setConn(state, text) { var c = $('conn'); c.dataset.state = state; c.textContent = text; }

  function connect() {
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/opportunities' + (token ? '?token=' + encodeURIComponent(token) : '');
    ws = new WebSocket(url);
    ws.onopen = function () { retryMs = 500; setConn('live', 'live'); };
    ws.onmessage = function (m) { String(m.data).split('\n').forEach(function (line) { if (line) onEvent(JSON.parse(line)); }); };
    ws.onclose = function (e) {
      setConn('reconnecting', 'reconnecting… (' + (e.code || 'no code') + ')');
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  }

  function onEvent(e) {
    if (e.event === 'snapshot') {
      live.clear(); closing.clear(); rankOf.clear();
      e.opportunities.forEach(function (o, i) { live.set(o.id, o); rankOf.set(o.id, i); });
      venues = e.venues;
    } else if (e.event === 'open' || e.event === 'update') {
      var o = Object.assign({}, e); delete o.event;
      live.set(o.id, o); closing.delete(o.id); flashes.add(o.id);
      if (!rankOf.has(o.id)) rankOf.set(o.id, rankOf.size);
      if (e.alert) logAlert(o.kind + ' ' + o.symbol + ' net ' + fmt(o.netSpreadPct, 3) + ' % · ' + fmt(profit(o), 2) + ' ' + (o.valueCurrency || o.quote));
      if (o.id === selected) showDetail(o.id, true);
    } else if (e.event === 'close') {
      var old = live.get(e.id);
      live.delete(e.id);
      if (old) { closing.set(e.id, old); setTimeout(function () { closing.delete(e.id); rankOf.delete(e.id); draw(); }, 1500); }
    } else if (e.event === 'venue') {
      var v = venues.find(function (x) { return x.venue === e.venue; });
      if (v) { v.state = e.state; v.message = e.message; } else venues.push({ venue: e.venue, state: e.state, message: e.message });
      if (e.state !== 'connected' && e.state !== 'connecting') logAlert(e.venue + ' ' + e.state + (e.message ? ': ' + e.message : ''));
    }
    draw();
  }

  function logAlert(text) {
    var li = document.createElement('li');
    li.textContent = new Date().toLocaleTimeString() + ' ' + text;
    var ol = $('alerts'); ol.insertBefore(li, ol.firstChild);
    while (ol.children.length > 100) ol.removeChild(ol.lastChild);
  }

  function draw() { if (!dirty) { dirty = true; requestAnimationFrame(render); } }

  function rows() {
    var f = $('filter').value.trim().toLowerCase(), min = parseFloat($('minnet').value);
    var all = Array.from(live.values()).concat(Array.from(closing.values()));
    all = all.filter(function (o) {
      if (!isNaN(min) && !(o.netSpreadPct >= min)) return false;
      if (!f) return true;
      return (o.id + ' ' + o.kind + ' ' + o.symbol).toLowerCase().indexOf(f) >= 0;
    });
    var key = function (o) {
      if (sortKey === 'rank') return -(rankOf.has(o.id) ? rankOf.get(o.id) : 1e9);
      if (sortKey === 'profit') return profit(o);
      return o[sortKey];
    };
    return all.sort(function (a, b) { var x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * sortDir; });
  }

  // One <tr> per opportunity, kept across frames and updated cell by cell: a row rebuilt between
  // a press and its release would swallow the click (the browser fires none when the pressed
  // element has left the page), and with ten ticks a second that happened to real clicks.
  var CELLS = ['', '', '', 'wide', 'num', 'num', 'num wide', 'num wide'];
  var rowEls = new Map();
  function rowEl(id) {
    var tr = rowEls.get(id);
    if (tr) return tr;
    tr = document.createElement('tr');
    tr.dataset.id = id;
    CELLS.forEach(function (c) { var td = document.createElement('td'); if (c) td.className = c; tr.appendChild(td); });
    rowEls.set(id, tr);
    return tr;
  }
  function setCells(tr, texts) {
    for (var k = 0; k < texts.length; k++) if (tr.cells[k].textContent !== texts[k]) tr.cells[k].textContent = texts[k];
  }

  function render() {
    dirty = false;
    var list = rows(), tb = document.querySelector('#opps tbody'), keep = new Set();
    list.forEach(function (o, i) {
      var route = (o.legs || []).map(function (l) { return l.side + ' ' + l.venue; }).join(' → ');
      var tr = rowEl(o.id);
      keep.add(o.id);
      tr.className = [closing.has(o.id) ? 'closing' : '', flashes.has(o.id) ? 'flash' : '', o.id === selected ? 'selected' : '', o.alert ? 'alert' : ''].join(' ').trim();
      setCells(tr, [String(i + 1), o.kind, o.symbol, route, fmt(o.netSpreadPct, 3), fmt(profit(o), 2) + ' ' + (o.valueCurrency || o.quote), fmt(o.size, 4), dur(o.lifetimeMs)]);
      if (tb.children[i] !== tr) tb.insertBefore(tr, tb.children[i] || null);
    });
    rowEls.forEach(function (tr, id) { if (!keep.has(id)) { tr.remove(); rowEls.delete(id); } });
    $('empty').hidden = list.length > 0;
    $('count').textContent = live.size + ' live';
    if (flashes.size) { var ids = Array.from(flashes); flashes.clear(); setTimeout(function () { ids.forEach(function (id) { var r = rowEls.get(id); if (r) r.classList.remove('flash'); }); }, 60); }
    $('venues').innerHTML = venues.map(function (v) {
      var down = v.state !== 'connected' && v.state !== 'connecting';
      var age = v.lastMessageAgeMs == null ? '' : ' · ' + dur(v.lastMessageAgeMs);
      return '<span class="venue' + (down ? ' down' : '') + '" data-venue="' + esc(v.venue) + '" title="' + esc(v.message || v.state) + '">' + esc(v.venue) + ' ' + esc(v.state) + age + '</span>';
    }).join('');
    document.querySelectorAll('th[data-sort]').forEach(function (th) { th.classList.toggle('sorted', th.dataset.sort === sortKey); });
  }

  function spark(points) {
    if (!points || points.length < 2) return '<p class="muted">profit history: one point so far</p>';
    var xs = points.map(function (p) { return p.tsMs; }), ys = points.map(function (p) { return p.netProfit; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs), y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var sx = function (x) { return x1 === x0 ? 0 : ((x - x0) / (x1 - x0)) * 300; }, sy = function (y) { return y1 === y0 ? 30 : 56 - ((y - y0) / (y1 - y0)) * 52; };
    var d = points.map(function (p, i) { return (i ? 'L' : 'M') + sx(p.tsMs).toFixed(1) + ' ' + sy(p.netProfit).toFixed(1); }).join(' ');
    return '<svg class="spark" viewBox="0 0 300 60" preserveAspectRatio="none" aria-label="net profit over its lifetime"><path d="' + d + '" fill="none" stroke="#f9a825" stroke-width="1.5"/></svg>' +
      '<p class="muted">net profit ' + fmt(y0, 2) + ' … ' + fmt(y1, 2) + ' over ' + dur(x1 - x0) + '</p>';
  }

  function kv(obj) {
    return '<dl>' + Object.keys(obj || {}).map(function (k) {
      var v = obj[k];
      return '<dt>' + esc(k) + '</dt><dd>' + esc(typeof v === 'object' ? JSON.stringify(v) : v) + '</dd>';
    }).join('') + '</dl>';
  }

  function detailHtml(o, status, historyHtml) {
    var legs = (o.legs || []).map(function (l) {
      return '<tr><td>' + esc(l.side) + '</td><td>' + esc(l.venue) + '</td><td>' + esc(l.market) + '</td><td class="num">' + fmt(l.price, 8) + '</td><td class="num">' + fmt(l.vwap, 8) + '</td><td class="num">' + fmt(l.size, 6) + '</td><td class="num">' + fmt(l.fee, 6) + '</td></tr>';
    }).join('');
    return '<h2>' + esc(o.id) + ' <span class="muted">(' + esc(status) + ')</span></h2>' +
      '<p>net ' + fmt(o.netSpreadPct, 4) + ' % · gross ' + fmt(o.grossSpreadPct, 4) + ' % · net profit ' + fmt(o.netProfit, 4) + ' ' + esc(o.quote) + ' · size ' + fmt(o.size, 6) + '</p>' +
      historyHtml +
      '<h2>legs (depth walk)</h2><table data-legs><thead><tr><th>side</th><th>venue</th><th>market</th><th class="num">price</th><th class="num">vwap</th><th class="num">size</th><th class="num">fee</th></tr></thead><tbody>' + legs + '</tbody></table>' +
      '<h2>assumptions</h2>' + kv(o.assumptions);
  }

  // The row's own copy is drawn at once; the server's copy then adds the profit trail (and
  // wins, being newer). A failed fetch leaves the local copy up with a note instead of nothing.
  function showDetail(id, refresh) {
    selected = id;
    var local = live.get(id) || closing.get(id);
    if (local && !refresh) { $('detail-body').innerHTML = detailHtml(local, live.has(id) ? 'live' : 'closed', '<p class="muted">profit history: loading…</p>'); $('detail').hidden = false; draw(); }
    api('/api/v1/opportunities/' + encodeURIComponent(id)).then(function (o) {
      if (selected !== id) return;
      $('detail-body').innerHTML = detailHtml(o, o.status, spark(o.history));
      $('detail').hidden = false;
      draw();
    }).catch(function (err) {
      if (selected !== id || !local || refresh) return;
      $('detail-body').innerHTML = detailHtml(local, live.has(id) ? 'live' : 'closed', '<p class="muted">profit history: not available (' + esc(err.message) + ')</p>');
    });
  }

  document.querySelector('#opps tbody').addEventListener('click', function (e) {
    var tr = e.target.closest('tr[data-id]');
    if (tr) showDetail(tr.dataset.id);
  });
  $('close-detail').addEventListener('click', function () { selected = null; $('detail').hidden = true; draw(); });
  document.querySelectorAll('th[data-sort]').forEach(function (th) {
    th.addEventListener('click', function () { var k = th.dataset.sort; sortDir = k === sortKey ? -sortDir : -1; sortKey = k; draw(); });
  });
  $('filter').addEventListener('input', draw);
  $('minnet').addEventListener('input', draw);
  // Ages of last messages move without events: refresh the venue rows now and then.
  setInterval(function () { if (ws && ws.readyState === 1) api('/api/v1/venues').then(function (v) { venues = v; draw(); }).catch(function () {}); }, 2000);
  connect();
})();
`;
