// charts.js: mactor's own small SVG charts, shared by the dashboard and
// the chaos report (which inlines this file). No dependencies. Every chart
// is drawn into a container element, replacing what was there; colours
// come from CSS classes (style.css), so the charts follow the page's theme.
//
//   MactorCharts.bars(container, items, opts)       horizontal bars
//   MactorCharts.line(container, series, opts)      lines over x, with markers
//   MactorCharts.histogram(container, bins, opts)   vertical bars per bucket
//   MactorCharts.timeline(container, events, opts)  one lane per event kind
//   MactorCharts.format(value, unit)                short number formatting
(function (global) {
  'use strict';

  var NS = 'http://www.w3.org/2000/svg';

  function el(name, attrs, parent) {
    var n = document.createElementNS(NS, name);
    for (var k in attrs) {
      if (Object.prototype.hasOwnProperty.call(attrs, k) && attrs[k] !== undefined && attrs[k] !== null) {
        n.setAttribute(k, String(attrs[k]));
      }
    }
    if (parent) parent.appendChild(n);
    return n;
  }

  function text(parent, x, y, s, cls, anchor) {
    var t = el('text', { x: x, y: y, 'class': cls || 'chart-text', 'text-anchor': anchor || 'start' }, parent);
    t.textContent = s;
    return t;
  }

  function tooltip(node, s) {
    var t = el('title', {}, node);
    t.textContent = s;
  }

  function clear(container) {
    while (container.firstChild) container.removeChild(container.firstChild);
  }

  function empty(container, message) {
    clear(container);
    var p = document.createElement('p');
    p.className = 'chart-empty';
    p.textContent = message || 'no data';
    container.appendChild(p);
  }

  // width is the container's width in CSS pixels, so that one unit of the
  // chart is one pixel and its text keeps the page's size.
  function width(container, fallback) {
    var w = container.clientWidth;
    return w >= 240 ? Math.floor(w) : fallback;
  }

  // svg makes the chart's root: scalable (viewBox), an image to assistive
  // technology, named by label.
  function svg(container, w, h, label) {
    clear(container);
    var s = el('svg', { viewBox: '0 0 ' + w + ' ' + h, role: 'img', 'aria-label': label || 'chart', 'class': 'chart', preserveAspectRatio: 'xMinYMin meet' }, container);
    tooltip(s, label || 'chart');
    return s;
  }

  // format renders a number shortly: 1.2k, 3.4M, 12.5 ms.
  function format(v, unit) {
    if (v === null || v === undefined || typeof v !== 'number' || !isFinite(v)) return 'n/a';
    if (unit === 's') {
      var a = Math.abs(v);
      if (a === 0) return '0 s';
      if (a < 1e-3) return trim(v * 1e6) + ' µs';
      if (a < 1) return trim(v * 1e3) + ' ms';
      return trim(v) + ' s';
    }
    if (unit === 'ms') return trim(v) + ' ms';
    if (unit === '%') return trim(v * 100) + '%';
    var abs = Math.abs(v), suffix = '';
    if (abs >= 1e9) { v /= 1e9; suffix = 'G'; } else if (abs >= 1e6) { v /= 1e6; suffix = 'M'; } else if (abs >= 1e4) { v /= 1e3; suffix = 'k'; }
    return trim(v) + suffix + (unit ? ' ' + unit : '');
  }

  function trim(v) {
    var a = Math.abs(v);
    var s = a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
    if (s.indexOf('.') >= 0) s = s.replace(/0+$/, '').replace(/\.$/, '');
    return s;
  }

  // ticks returns about n round values covering [lo, hi].
  function ticks(lo, hi, n) {
    if (!(hi > lo)) hi = lo + 1;
    var raw = (hi - lo) / Math.max(1, n);
    var mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = mag;
    [1, 2, 2.5, 5, 10].some(function (m) { step = m * mag; return step >= raw; });
    var out = [];
    for (var v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toFixed(12));
    return out;
  }

  // bars draws one horizontal bar per item: {label, value, note, cls}.
  // opts: {label, max, unit, note: function(item) -> text after the bar}.
  function bars(container, items, opts) {
    opts = opts || {};
    if (!items || !items.length) return empty(container, opts.empty);
    var notes = items.map(function (it) { return it.note !== undefined ? String(it.note) : format(it.value, opts.unit); });
    var longest = Math.max.apply(null, notes.map(function (n) { return n.length; }));
    var longLabel = Math.max.apply(null, items.map(function (it) { return String(it.label).length; }));
    var W = width(container, 520), row = 22, top = 4;
    var labelW = Math.min(W * 0.4, Math.max(40, Math.min(26, longLabel) * 6.2 + 10));
    var valueW = Math.min(W * 0.45, Math.max(60, longest * 6.2 + 10));
    var H = top * 2 + row * items.length;
    var max = opts.max || Math.max.apply(null, items.map(function (i) { return i.value || 0; }));
    if (!(max > 0)) max = 1;
    var s = svg(container, W, H, opts.label);
    var barW = W - labelW - valueW - 8;
    items.forEach(function (it, i) {
      var y = top + i * row;
      var g = el('g', { 'class': 'bar-row' }, s);
      var name = String(it.label);
      text(g, labelW - 6, y + 15, name.length > 26 ? name.slice(0, 25) + '…' : name, 'chart-label', 'end');
      el('rect', { x: labelW, y: y + 3, width: barW, height: row - 6, 'class': 'bar-track', rx: 2 }, g);
      var w = Math.max(0, Math.min(1, (it.value || 0) / max)) * barW;
      el('rect', { x: labelW, y: y + 3, width: w, height: row - 6, 'class': 'bar ' + (it.cls || 'series-' + (i % 6)), rx: 2 }, g);
      var v = notes[i];
      text(g, labelW + barW + 6, y + 15, v, 'chart-value');
      tooltip(g, name + ': ' + v);
    });
    return s;
  }

  // line draws series ({name, points: [[x, y], ...]}) over a shared x axis.
  // opts: {label, xUnit, yUnit, xFormat, xMin, xMax, yMin,
  // markers: [{x, label, cls}]}.
  function line(container, series, opts) {
    opts = opts || {};
    series = (series || []).filter(function (s) { return s.points && s.points.length; });
    if (!series.length) return empty(container, opts.empty);
    var W = width(container, 600), H = 210, L = 54, R = 12, T = 12, B = 26;
    var xs = [], ys = [];
    series.forEach(function (s) { s.points.forEach(function (p) { xs.push(p[0]); ys.push(p[1]); }); });
    (opts.markers || []).forEach(function (m) { xs.push(m.x); });
    if (typeof opts.xMin === 'number') xs.push(opts.xMin);
    if (typeof opts.xMax === 'number') xs.push(opts.xMax);
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    if (x1 === x0) x1 = x0 + 1;
    var y0 = opts.yMin !== undefined ? opts.yMin : Math.min(0, Math.min.apply(null, ys));
    var y1 = Math.max.apply(null, ys);
    if (!(y1 > y0)) y1 = y0 + 1;
    var yt = ticks(y0, y1, 4);
    y1 = Math.max(y1, yt[yt.length - 1]);
    var px = function (x) { return L + (x - x0) / (x1 - x0) * (W - L - R); };
    var py = function (y) { return H - B - (y - y0) / (y1 - y0) * (H - T - B); };
    var xf = opts.xFormat || function (x) { return format(x, opts.xUnit); };
    var s = svg(container, W, H, opts.label);
    var axes = el('g', { 'class': 'axes' }, s);
    yt.forEach(function (v) {
      el('line', { x1: L, x2: W - R, y1: py(v), y2: py(v), 'class': 'grid' }, axes);
      text(axes, L - 6, py(v) + 4, format(v, opts.yUnit), 'chart-tick', 'end');
    });
    ticks(x0, x1, 5).forEach(function (v) {
      if (v < x0 || v > x1) return;
      el('line', { x1: px(v), x2: px(v), y1: H - B, y2: H - B + 4, 'class': 'axis' }, axes);
      text(axes, px(v), H - 8, xf(v), 'chart-tick', 'middle');
    });
    el('line', { x1: L, x2: W - R, y1: H - B, y2: H - B, 'class': 'axis' }, axes);
    (opts.markers || []).forEach(function (m) {
      var g = el('g', { 'class': 'marker ' + (m.cls || '') }, s);
      el('line', { x1: px(m.x), x2: px(m.x), y1: T, y2: H - B, 'class': 'marker-line' }, g);
      el('path', { d: 'M' + (px(m.x) - 4) + ' ' + T + 'h8l-4 6z', 'class': 'marker-head' }, g);
      tooltip(g, m.label || '');
    });
    series.forEach(function (sr, i) {
      var d = sr.points.map(function (p, j) { return (j ? 'L' : 'M') + px(p[0]).toFixed(1) + ' ' + py(p[1]).toFixed(1); }).join('');
      var path = el('path', { d: d, 'class': 'line ' + (sr.cls || 'series-' + (i % 6)) }, s);
      tooltip(path, sr.name);
      if (sr.points.length === 1) {
        el('circle', { cx: px(sr.points[0][0]), cy: py(sr.points[0][1]), r: 3, 'class': 'dot ' + (sr.cls || 'series-' + (i % 6)) }, s);
      }
    });
    if (series.length > 1) legend(container, series);
    return s;
  }

  function legend(container, series) {
    var ul = document.createElement('ul');
    ul.className = 'legend';
    series.forEach(function (sr, i) {
      var li = document.createElement('li');
      var sw = document.createElement('span');
      sw.className = 'swatch ' + (sr.cls || 'series-' + (i % 6));
      sw.setAttribute('aria-hidden', 'true');
      li.appendChild(sw);
      li.appendChild(document.createTextNode(sr.name));
      ul.appendChild(li);
    });
    container.appendChild(ul);
  }

  // histogram draws bins ({label, count}) as vertical bars.
  // opts: {label, empty}.
  function histogram(container, bins, opts) {
    opts = opts || {};
    if (!bins || !bins.length || !bins.some(function (b) { return b.count > 0; })) return empty(container, opts.empty);
    var W = width(container, 600), H = 180, L = 44, R = 8, T = 10, B = 24;
    var max = Math.max.apply(null, bins.map(function (b) { return b.count; }));
    var yt = ticks(0, max, 3);
    var top = Math.max(max, yt[yt.length - 1]);
    var s = svg(container, W, H, opts.label);
    var bw = (W - L - R) / bins.length;
    var longest = Math.max.apply(null, bins.map(function (b) { return String(b.label).length; }));
    var every = Math.max(1, Math.ceil((longest * 5.6 + 6) / bw));
    yt.forEach(function (v) {
      var y = H - B - v / top * (H - T - B);
      el('line', { x1: L, x2: W - R, y1: y, y2: y, 'class': 'grid' }, s);
      text(s, L - 6, y + 4, format(v), 'chart-tick', 'end');
    });
    bins.forEach(function (b, i) {
      var h = b.count / top * (H - T - B);
      var g = el('g', { 'class': 'bin' }, s);
      el('rect', { x: L + i * bw + 1, y: H - B - h, width: Math.max(1, bw - 2), height: h, 'class': 'bar ' + (opts.cls || 'series-0') }, g);
      // Labels that would overlap are thinned out (every bar keeps its
      // tooltip).
      if (i % every === 0) text(g, L + i * bw + bw / 2, H - B + 14, b.label, 'chart-tick', 'middle');
      tooltip(g, b.label + ': ' + format(b.count));
    });
    el('line', { x1: L, x2: W - R, y1: H - B, y2: H - B, 'class': 'axis' }, s);
    return s;
  }

  // timeline draws events ({t, kind, label}) as marks in one lane per kind
  // between opts.from and opts.to (same unit as t); opts.kinds fixes the
  // lanes' order, opts.xFormat the axis labels.
  function timeline(container, events, opts) {
    opts = opts || {};
    if (!events || !events.length) return empty(container, opts.empty || 'no events');
    var kinds = (opts.kinds || []).slice();
    events.forEach(function (e) { if (kinds.indexOf(e.kind) < 0) kinds.push(e.kind); });
    kinds = kinds.filter(function (k) { return events.some(function (e) { return e.kind === k; }); });
    var lane = 22, L = 110, R = 12, T = 6, B = 24, W = width(container, 600);
    var H = T + B + lane * kinds.length;
    var from = opts.from !== undefined ? opts.from : Math.min.apply(null, events.map(function (e) { return e.t; }));
    var to = opts.to !== undefined ? opts.to : Math.max.apply(null, events.map(function (e) { return e.t; }));
    if (!(to > from)) to = from + 1;
    var px = function (t) { return L + (t - from) / (to - from) * (W - L - R); };
    var s = svg(container, W, H, opts.label);
    kinds.forEach(function (k, i) {
      var y = T + i * lane;
      el('line', { x1: L, x2: W - R, y1: y + lane / 2, y2: y + lane / 2, 'class': 'grid' }, s);
      text(s, L - 6, y + lane / 2 + 4, k, 'chart-label', 'end');
    });
    var xf = opts.xFormat || function (x) { return format(x); };
    ticks(from, to, 5).forEach(function (v) {
      if (v < from || v > to) return;
      text(s, px(v), H - 6, xf(v), 'chart-tick', 'middle');
    });
    events.forEach(function (e) {
      if (e.t < from || e.t > to) return;
      var y = T + kinds.indexOf(e.kind) * lane + lane / 2;
      var c = el('circle', { cx: px(e.t), cy: y, r: 5, 'class': 'event series-' + (kinds.indexOf(e.kind) % 6) + ' kind-' + String(e.kind).replace(/[^a-z0-9_-]/gi, '') }, s);
      tooltip(c, e.label || e.kind);
    });
    return s;
  }

  global.MactorCharts = { bars: bars, line: line, histogram: histogram, timeline: timeline, format: format, empty: empty };
})(typeof globalThis !== 'undefined' ? globalThis : this);
