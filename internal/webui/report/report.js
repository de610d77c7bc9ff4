// report.js: the chaos report's charts, drawn with charts.js (inlined
// before this file) from the report JSON embedded in the page.
(function () {
  'use strict';

  var C = window.MactorCharts;
  var node = document.getElementById('report-data');
  var r;
  try {
    r = JSON.parse(node ? node.textContent : 'null') || {};
  } catch (err) {
    r = {};
  }
  var faults = Array.isArray(r.fault_log) ? r.fault_log : [];

  function seconds(t) { return C.format(t) + ' s'; }

  function label(f) {
    return f.kind + ' at ' + (f.at_ms / 1000).toFixed(3) + ' s' +
      (f.target ? ' → ' + f.target : '') +
      (f.ok ? '' : ' (not injected' + (f.error ? ': ' + f.error : '') + ')') +
      (typeof f.recovery_ms === 'number' ? ', recovered in ' + C.format(f.recovery_ms, 'ms') : '');
  }

  // Throughput over time, with a marker per fault.
  var points = (Array.isArray(r.throughput) ? r.throughput : [])
    .filter(function (p) { return typeof p.t_s === 'number' && typeof p.events_per_s === 'number'; })
    .map(function (p) { return [p.t_s, p.events_per_s]; });
  var markers = faults.filter(function (f) { return typeof f.at_ms === 'number'; }).map(function (f) {
    return { x: f.at_ms / 1000, label: label(f), cls: f.ok ? '' : 'failed' };
  });
  C.line(document.getElementById('throughput-chart'), [{ name: 'events per second', points: points }], {
    label: 'Throughput over time with faults marked', yUnit: '/s', xFormat: seconds, yMin: 0, markers: markers,
    xMin: 0, xMax: typeof r.duration_s === 'number' ? r.duration_s : undefined,
    empty: 'n/a: the report has no throughput samples',
  });

  // Faults on a timeline, one lane per kind.
  var duration = typeof r.duration_s === 'number' ? r.duration_s : undefined;
  C.timeline(document.getElementById('faults-timeline'), faults.map(function (f) {
    return { t: f.at_ms / 1000, kind: f.kind, label: label(f) };
  }), { from: 0, to: duration, xFormat: seconds, label: 'Faults by kind over the run', kinds: r.fault_kinds, empty: 'n/a: no fault was injected' });

  // Recovery times, in buckets growing by 2 and 2.5.
  var edges = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];
  var rec = faults.map(function (f) { return f.recovery_ms; }).filter(function (v) { return typeof v === 'number'; });
  var bins = edges.map(function (e) { return { le: e, label: '≤ ' + C.format(e, 'ms'), count: 0 }; });
  bins.push({ le: Infinity, label: '> ' + C.format(edges[edges.length - 1], 'ms'), count: 0 });
  rec.forEach(function (v) {
    for (var i = 0; i < bins.length; i++) {
      if (v <= bins[i].le) { bins[i].count++; break; }
    }
  });
  var first = bins.findIndex(function (b) { return b.count > 0; });
  var last = bins.length - 1 - bins.slice().reverse().findIndex(function (b) { return b.count > 0; });
  C.histogram(document.getElementById('recovery-chart'), first < 0 ? [] : bins.slice(Math.max(0, first - 1), Math.min(bins.length, last + 2)), {
    label: 'Faults per recovery time', empty: 'n/a: no recovery times in the report',
  });
})();
