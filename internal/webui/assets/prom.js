// prom.js: reads the Prometheus text exposition format (what /metrics
// serves) and answers the few questions the dashboard asks of it.
//
//   MactorProm.parse(text)                 -> [{name, labels, value}]
//   MactorProm.sum(samples, name, match)   -> number, or null when absent
//   MactorProm.by(samples, name, label)    -> {labelValue: sum}
//   MactorProm.buckets(samples, base, match) -> [{le, count}] cumulative
//   MactorProm.quantile(q, buckets)        -> seconds, or null
//   MactorProm.minus(a, b)                 -> bucket-wise a - b
(function (global) {
  'use strict';

  // parseLabels reads `a="x",b="y\"z"` starting after '{'; returns the
  // labels and the index after the closing '}'.
  function parseLabels(line, i) {
    var labels = {};
    while (i < line.length) {
      while (line[i] === ' ' || line[i] === ',') i++;
      if (line[i] === '}') return [labels, i + 1];
      var eq = line.indexOf('=', i);
      if (eq < 0) return null;
      var key = line.slice(i, eq).trim();
      i = eq + 1;
      if (line[i] !== '"') return null;
      i++;
      var v = '';
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length) {
          i++;
          v += line[i] === 'n' ? '\n' : line[i];
        } else {
          v += line[i];
        }
        i++;
      }
      if (line[i] !== '"') return null;
      labels[key] = v;
      i++;
    }
    return null;
  }

  function parseValue(s) {
    if (s === '+Inf' || s === 'Inf') return Infinity;
    if (s === '-Inf') return -Infinity;
    if (s === 'NaN') return NaN;
    var v = Number(s);
    return isNaN(v) ? null : v;
  }

  // parse returns every sample of the exposition; comment lines and lines
  // it cannot read are skipped.
  function parse(textBody) {
    var out = [];
    String(textBody || '').split('\n').forEach(function (raw) {
      var line = raw.trim();
      if (!line || line[0] === '#') return;
      var m = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
      if (!m) return;
      var name = m[0], i = name.length, labels = {};
      if (line[i] === '{') {
        var r = parseLabels(line, i + 1);
        if (!r) return;
        labels = r[0];
        i = r[1];
      }
      var rest = line.slice(i).trim().split(/\s+/);
      var value = parseValue(rest[0]);
      if (value === null) return;
      out.push({ name: name, labels: labels, value: value });
    });
    return out;
  }

  function matches(s, name, match) {
    if (s.name !== name) return false;
    if (!match) return true;
    for (var k in match) {
      if (Object.prototype.hasOwnProperty.call(match, k) && s.labels[k] !== match[k]) return false;
    }
    return true;
  }

  function sum(samples, name, match) {
    var total = null;
    samples.forEach(function (s) {
      if (matches(s, name, match)) total = (total || 0) + s.value;
    });
    return total;
  }

  function by(samples, name, label) {
    var out = {};
    samples.forEach(function (s) {
      if (s.name !== name) return;
      var k = s.labels[label] === undefined ? '' : s.labels[label];
      out[k] = (out[k] || 0) + s.value;
    });
    return out;
  }

  // buckets adds up the histogram `base` over every label set that match
  // selects (all when absent): cumulative counts by upper bound, sorted.
  function buckets(samples, base, match) {
    var byLe = {};
    samples.forEach(function (s) {
      if (!matches(s, base + '_bucket', match) || s.labels.le === undefined) return;
      var le = parseValue(s.labels.le);
      if (le === null) return;
      byLe[le] = (byLe[le] || 0) + s.value;
    });
    return Object.keys(byLe).map(Number).sort(function (a, b) { return a - b; }).map(function (le) {
      return { le: le, count: byLe[le] };
    });
  }

  // minus subtracts two cumulative bucket lists of the same histogram
  // (the observations between two scrapes).
  function minus(a, b) {
    var prev = {};
    (b || []).forEach(function (x) { prev[x.le] = x.count; });
    return a.map(function (x) { return { le: x.le, count: Math.max(0, x.count - (prev[x.le] || 0)) }; });
  }

  // quantile estimates the q-quantile from cumulative buckets, by linear
  // interpolation inside the bucket that holds it (as Prometheus's
  // histogram_quantile does). null when there are no observations.
  function quantile(q, bs) {
    if (!bs || !bs.length) return null;
    var total = bs[bs.length - 1].count;
    if (!(total > 0)) return null;
    var rank = q * total;
    for (var i = 0; i < bs.length; i++) {
      if (bs[i].count >= rank) {
        if (bs[i].le === Infinity) return i > 0 ? bs[i - 1].le : null;
        var lo = i > 0 ? bs[i - 1].le : 0, below = i > 0 ? bs[i - 1].count : 0;
        var inBucket = bs[i].count - below;
        if (inBucket <= 0) return bs[i].le;
        return lo + (bs[i].le - lo) * (rank - below) / inBucket;
      }
    }
    return null;
  }

  global.MactorProm = { parse: parse, sum: sum, by: by, buckets: buckets, minus: minus, quantile: quantile };
})(typeof globalThis !== 'undefined' ? globalThis : this);
