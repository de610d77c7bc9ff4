// dashboard.js: the live panels of the status port's dashboard. Each panel
// polls one endpoint of the same origin (docs/operator.md, "Dashboard"):
//
//   /state/tree                every second: the supervision tree
//   /state                     every 3 s: overview and allocation (DRF)
//   /metrics                   every 2 s: rates, hook latency, cycles, restarts
//   /state/timeline?since=N    every 2 s: restarts, escalations, faults
//
// A missing endpoint or field shows "n/a"; nothing here needs the others.
(function () {
  'use strict';

  const C = window.MactorCharts;
  const P = window.MactorProm;
  const $ = (id) => document.getElementById(id);
  const FLASH_MS = 2500;
  const HISTORY = 150; // metric points kept (5 minutes at 2 s)
  const MAX_CHILDREN = 200; // children shown under one supervisor
  const TIMELINE_KEEP = 2000;

  // ---- fetching and the connection line ---------------------------------

  const conn = { lastOk: 0, failing: false };

  async function get(path, kind) {
    let resp;
    try {
      resp = await fetch(path, { cache: 'no-store', headers: { Accept: kind === 'json' ? 'application/json' : 'text/plain' } });
    } catch (err) {
      conn.failing = true;
      showConnection();
      return { ok: false, status: 0, error: String(err) };
    }
    conn.failing = false;
    conn.lastOk = Date.now();
    showConnection();
    if (!resp.ok) return { ok: false, status: resp.status };
    try {
      const data = kind === 'json' ? await resp.json() : await resp.text();
      return { ok: true, status: resp.status, data: data };
    } catch (err) {
      return { ok: false, status: resp.status, error: String(err) };
    }
  }

  function showConnection() {
    const el = $('connection');
    const when = conn.lastOk ? new Date(conn.lastOk).toLocaleTimeString() : 'never';
    const text = conn.failing ? 'engine unreachable (last answer: ' + when + ')' : 'live, updated ' + when;
    if (el.textContent !== text) el.textContent = text;
    el.classList.toggle('down', conn.failing);
  }

  function setText(id, value) {
    const el = $(id);
    if (el) el.textContent = value === null || value === undefined || value === '' ? 'n/a' : String(value);
  }

  function na(id, r) {
    const el = $(id);
    if (!el) return;
    const why = r && r.status === 404 ? 'n/a (this engine does not serve it)' : r && r.status === 503 ? 'n/a (engine starting)' : 'n/a';
    C.empty(el, why);
  }

  function loop(fn, ms) {
    const run = async () => {
      try {
        await fn();
      } catch (err) {
        console.warn('dashboard panel failed:', err); // a bad answer must not stop the others
      }
      setTimeout(run, ms);
    };
    run();
  }

  // ---- supervision tree --------------------------------------------------

  const tree = { restarts: new Map(), flashAt: new Map(), closed: new Set(), last: '' };

  function pathOf(n, parent) {
    return n.path || (parent ? parent + '/' : '') + (n.name || '?');
  }

  function walk(n, parent, fn) {
    const p = pathOf(n, parent);
    fn(n, p);
    (n.children || []).forEach((c) => walk(c, p, fn));
  }

  async function pollTree() {
    const r = await get('/state/tree', 'json');
    if (!r.ok || !r.data || typeof r.data !== 'object') {
      tree.last = '';
      na('tree-body', r);
      return;
    }
    const root = r.data.tree || r.data;
    const now = Date.now();
    walk(root, '', (n, p) => {
      const count = Number(n.restarts) || 0;
      const prev = tree.restarts.get(p);
      if (prev !== undefined && count > prev) tree.flashAt.set(p, now);
      tree.restarts.set(p, count);
    });
    const workers = $('tree-workers').checked;
    const key = JSON.stringify(root) + workers;
    if (key === tree.last) return;
    tree.last = key;
    const body = $('tree-body');
    const ul = document.createElement('ul');
    ul.className = 'tree';
    ul.appendChild(renderNode(root, '', workers, now));
    body.replaceChildren(ul);
  }

  function badge(text, cls) {
    const s = document.createElement('span');
    s.className = 'badge ' + (cls || '');
    s.textContent = text;
    return s;
  }

  function nodeLine(n, p) {
    const line = document.createElement('span');
    line.className = 'node-line';
    const name = document.createElement('span');
    name.className = 'node-name';
    name.textContent = n.name || p;
    line.appendChild(name);
    if (n.strategy) line.appendChild(badge(n.strategy, 'strategy'));
    const status = n.status || 'n/a';
    line.appendChild(badge(status, 'status status-' + status.replace(/[^a-z_]/g, '')));
    if (n.error) {
      const err = badge('no answer', 'status status-stopped');
      err.title = String(n.error);
      line.appendChild(err);
    }
    const rs = document.createElement('span');
    rs.className = 'restarts';
    const count = n.restarts === undefined ? 'n/a' : String(n.restarts);
    rs.textContent = '↻ ' + count;
    rs.title = 'restarts since the engine started: ' + count;
    rs.setAttribute('aria-label', 'restarts: ' + count);
    line.appendChild(rs);
    return line;
  }

  function renderNode(n, parent, workers, now) {
    const p = pathOf(n, parent);
    const li = document.createElement('li');
    li.className = 'node kind-' + (n.kind === 'supervisor' ? 'supervisor' : 'worker');
    li.dataset.path = p;
    li.dataset.name = n.name || '';
    li.dataset.restarts = String(Number(n.restarts) || 0);
    const flashed = tree.flashAt.get(p);
    if (flashed !== undefined && now - flashed < FLASH_MS) {
      li.classList.add('flash');
      // A re-render carries on with the animation where it was.
      li.style.animationDelay = -(now - flashed) + 'ms';
    }
    const kids = n.children || [];
    if (n.kind !== 'supervisor' && !kids.length) {
      li.appendChild(nodeLine(n, p));
      return li;
    }
    const det = document.createElement('details');
    det.open = !tree.closed.has(p);
    det.addEventListener('toggle', () => {
      if (det.open) tree.closed.delete(p);
      else tree.closed.add(p);
    });
    const sum = document.createElement('summary');
    sum.appendChild(nodeLine(n, p));
    const nWorkers = kids.filter((c) => c.kind !== 'supervisor').length;
    if (nWorkers) sum.appendChild(badge(nWorkers + (nWorkers === 1 ? ' worker' : ' workers'), 'count'));
    det.appendChild(sum);
    const ul = document.createElement('ul');
    let shown = 0;
    kids.forEach((c) => {
      if (c.kind !== 'supervisor' && !workers) return;
      if (shown++ >= MAX_CHILDREN) return;
      ul.appendChild(renderNode(c, p, workers, now));
    });
    if (shown > MAX_CHILDREN) {
      const more = document.createElement('li');
      more.className = 'more';
      more.textContent = '… and ' + (shown - MAX_CHILDREN) + ' more';
      ul.appendChild(more);
    }
    det.appendChild(ul);
    li.appendChild(det);
    return li;
  }

  // ---- overview and allocation (/state) ----------------------------------

  function resources(r) {
    if (!r || typeof r !== 'object') return 'n/a';
    const parts = Object.keys(r).sort().map((k) => {
      const v = Number(r[k]);
      if ((k === 'mem' || k === 'disk') && v >= 1024) return k + ' ' + C.format(v / 1024) + ' GB';
      if (k === 'mem' || k === 'disk') return k + ' ' + C.format(v) + ' MB';
      return k + ' ' + C.format(v);
    });
    return parts.length ? parts.join(', ') : 'none';
  }

  function duration(s) {
    if (typeof s !== 'number' || !isFinite(s)) return null;
    const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60), sec = Math.floor(s % 60);
    if (d) return d + 'd ' + h + 'h ' + m + 'm';
    if (h) return h + 'h ' + m + 'm ' + sec + 's';
    if (m) return m + 'm ' + sec + 's';
    return sec + 's';
  }

  function count(v) {
    return Array.isArray(v) ? v.length : typeof v === 'number' ? v : null;
  }

  async function pollState() {
    const r = await get('/state', 'json');
    if (!r.ok || !r.data || typeof r.data !== 'object') {
      ['ov-version', 'ov-uptime', 'ov-frameworks', 'ov-agents', 'ov-subscribed'].forEach((id) => setText(id, null));
      ['alloc-roles', 'alloc-frameworks', 'alloc-table'].forEach((id) => na(id, r));
      return;
    }
    const s = r.data;
    if (s.started_at && tl.startedAt && s.started_at !== tl.startedAt) {
      // Another engine process: its timeline numbering started again.
      tl.next = 0;
      tl.events = [];
      tl.shown = '';
    }
    if (s.started_at) tl.startedAt = s.started_at;
    setText('ov-version', s.version);
    setText('ov-uptime', duration(s.uptime_s));
    setText('ov-frameworks', count(s.frameworks));
    setText('ov-agents', count(s.agents));
    setText('ov-subscribed', typeof s.subscribed === 'boolean' ? (s.subscribed ? 'yes' : 'no') : null);

    if (s.allocator_error) {
      C.empty($('alloc-roles'), 'n/a: ' + s.allocator_error);
      C.empty($('alloc-frameworks'), 'n/a');
    } else if (!Array.isArray(s.roles)) {
      na('alloc-roles');
      na('alloc-frameworks');
    } else {
      const roles = s.roles.slice().sort((a, b) => (b.share || 0) - (a.share || 0));
      C.bars($('alloc-roles'), roles.map((ro) => ({
        label: ro.role || '*',
        value: Number(ro.share) || 0,
        note: C.format(Number(ro.share) || 0, '%') + ' · ' + resources(ro.allocated) +
          (ro.weight !== undefined && ro.weight !== 1 ? ' · weight ' + ro.weight : '') +
          (ro.suppressed_by && ro.suppressed_by.length ? ' · suppressed by ' + ro.suppressed_by.length : ''),
      })), { label: 'Dominant resource share per role', max: 1, empty: 'no roles yet' });
      const fws = [];
      roles.forEach((ro) => (ro.frameworks || []).forEach((f) => fws.push({
        label: (f.name || f.framework_id || '?') + ' (' + (ro.role || '*') + ')',
        value: Number(f.share) || 0,
        note: C.format(Number(f.share) || 0, '%') + ' · ' + resources(f.allocated),
      })));
      fws.sort((a, b) => b.value - a.value);
      C.bars($('alloc-frameworks'), fws.slice(0, 30), { label: 'Dominant resource share per framework', max: 1, empty: 'no frameworks with resources yet' });
    }
    if (!Array.isArray(s.allocations)) {
      na('alloc-table');
    } else {
      renderTable($('alloc-table'), 'Allocations (first 100)', ['Framework', 'Role', 'Agent', 'Allocated', 'Offered'],
        s.allocations.slice(0, 100).map((a) => [a.framework_id, a.role, a.agent_id, resources(a.allocated), resources(a.offered)]), 'no allocations yet');
    }
  }

  function renderTable(container, caption, head, rows, emptyText) {
    if (!rows.length) return C.empty(container, emptyText);
    const t = document.createElement('table');
    const cap = document.createElement('caption');
    cap.textContent = caption;
    t.appendChild(cap);
    const thead = t.createTHead().insertRow();
    head.forEach((h) => {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = h;
      thead.appendChild(th);
    });
    const tb = t.createTBody();
    rows.forEach((row) => {
      const tr = tb.insertRow();
      row.forEach((v) => {
        tr.insertCell().textContent = v === undefined || v === null || v === '' ? 'n/a' : String(v);
      });
    });
    container.replaceChildren(t);
  }

  // ---- metrics -----------------------------------------------------------

  const RATES = [
    { name: 'bridge calls', metric: 'mactor_bridge_calls_total' },
    { name: 'stream events', metric: 'mactor_bridge_events_total' },
    { name: 'hook calls', metric: 'mactor_hook_calls_total' },
    { name: 'offer events', metric: 'mactor_allocator_events_total' },
  ];
  const metrics = { prev: null, rates: RATES.map(() => []), cycle: [] };

  function push(arr, point) {
    arr.push(point);
    if (arr.length > HISTORY) arr.shift();
  }

  function clock(t) {
    return new Date(t * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  // bins turns cumulative buckets into counts per bucket, keeping one
  // empty bucket on each side of the ones that have observations.
  function bins(cum) {
    let below = 0;
    let last = 0;
    const all = cum.map((b) => {
      const n = b.count - below;
      below = b.count;
      const label = b.le === Infinity ? '> ' + C.format(last, 's') : '≤ ' + C.format(b.le, 's');
      last = b.le;
      return { label: label, count: Math.max(0, n) };
    });
    const first = all.findIndex((b) => b.count > 0);
    if (first < 0) return [];
    let end = all.length - 1;
    while (all[end].count === 0) end--;
    return all.slice(Math.max(0, first - 1), Math.min(all.length, end + 2));
  }

  async function pollMetrics() {
    const r = await get('/metrics', 'text');
    if (!r.ok) {
      ['rates-chart', 'hook-histogram', 'cyc-chart', 'restarts-chart', 'faults-chart'].forEach((id) => na(id, r));
      return;
    }
    const samples = P.parse(r.data);
    const t = Date.now() / 1000;
    const cur = { t: t, totals: RATES.map((x) => total(samples, x.metric)), byType: P.by(samples, 'mactor_bridge_events_total', 'type'),
      cycSum: P.sum(samples, 'mactor_allocator_cycle_seconds_sum'), cycCount: P.sum(samples, 'mactor_allocator_cycle_seconds_count') };
    const prev = metrics.prev;
    metrics.prev = cur;

    // Event rates: counters' increase per second since the last scrape.
    if (prev) {
      const dt = cur.t - prev.t;
      RATES.forEach((x, i) => {
        const a = cur.totals[i], b = prev.totals[i];
        if (a >= b && dt > 0) push(metrics.rates[i], [t, (a - b) / dt]);
      });
      const rows = Object.keys(cur.byType).sort().map((k) => {
        const d = cur.byType[k] - (prev.byType[k] || 0);
        return [k || '(none)', C.format(dt > 0 && d >= 0 ? d / dt : null, '/s'), C.format(cur.byType[k])];
      });
      renderTable($('rates-by-type'), 'SUBSCRIBE stream events by type', ['Type', 'Rate', 'Total'], rows, 'no stream events yet');
      if (cur.cycCount !== null && prev.cycCount !== null && cur.cycCount > prev.cycCount) {
        push(metrics.cycle, [t, (cur.cycSum - prev.cycSum) / (cur.cycCount - prev.cycCount)]);
      }
    }
    const series = RATES.map((x, i) => ({ name: x.name, points: metrics.rates[i] }));
    const span = { xMin: t - HISTORY * 2, xMax: t }; // the last 5 minutes
    C.line($('rates-chart'), series, { label: 'Events per second', yUnit: '/s', xFormat: clock, yMin: 0, xMin: span.xMin, xMax: span.xMax, empty: 'collecting…' });

    // Hook latency: every hook's histogram added up, since the start.
    const hb = P.buckets(samples, 'mactor_hook_duration_seconds');
    setText('hook-p50', C.format(P.quantile(0.5, hb), 's'));
    setText('hook-p90', C.format(P.quantile(0.9, hb), 's'));
    setText('hook-p99', C.format(P.quantile(0.99, hb), 's'));
    setText('hook-calls', C.format(total(samples, 'mactor_hook_calls_total')));
    const fb = P.by(samples, 'mactor_hook_fallbacks_total', 'reason');
    setText('hook-fallbacks', Object.keys(fb).length ? Object.keys(fb).sort().map((k) => k + ' ' + C.format(fb[k])).join(', ') : '0');
    C.histogram($('hook-histogram'), bins(hb), { label: 'Hook answers per latency bucket', empty: 'no hook calls yet' });

    // Allocation cycles.
    const cb = P.buckets(samples, 'mactor_allocator_cycle_seconds');
    setText('cyc-count', C.format(total(samples, 'mactor_allocator_cycles_total')));
    setText('cyc-p50', C.format(P.quantile(0.5, cb), 's'));
    setText('cyc-p99', C.format(P.quantile(0.99, cb), 's'));
    // Offers: one per framework and agent of each OFFERS event (older
    // engines count only the events).
    const offers = P.sum(samples, 'mactor_allocator_offers_total');
    setText('cyc-offers', C.format(offers !== null ? offers : total(samples, 'mactor_allocator_events_total')));
    C.line($('cyc-chart'), [{ name: 'mean cycle time', points: metrics.cycle }], { label: 'Mean allocation cycle time', yUnit: 's', xFormat: clock, yMin: 0, xMin: span.xMin, xMax: span.xMax, empty: 'no cycle since the page opened' });

    // Restarts, escalations, dead letters, faults.
    setText('ov-restarts', C.format(total(samples, 'mactor_supervisor_restarts_total')));
    setText('ov-escalations', C.format(total(samples, 'mactor_supervisor_escalations_total')));
    setText('ov-deadletters', C.format(total(samples, 'mactor_dead_letters_total')));
    barsBy('restarts-chart', samples, 'mactor_supervisor_restarts_total', 'supervisor', 'Restarts per supervisor', 'no restarts yet');
    barsBy('faults-chart', samples, 'mactor_faults_injected_total', 'kind', 'Faults injected per kind', 'no faults injected (serve --faults)');
  }

  // total is a counter's sum over its labels. A labelled counter that
  // counted nothing yet is absent from /metrics, so absent reads as 0.
  function total(samples, metric) {
    return P.sum(samples, metric) || 0;
  }

  function barsBy(id, samples, metric, label, title, emptyText) {
    const m = P.by(samples, metric, label);
    const items = Object.keys(m).filter((k) => m[k] > 0).sort((a, b) => m[b] - m[a]).slice(0, 20).map((k) => ({ label: k || '(none)', value: m[k] }));
    C.bars($(id), items, { label: title, empty: emptyText });
  }

  // ---- timeline ----------------------------------------------------------

  const KINDS = ['fault', 'restart', 'escalation', 'stop', 'dead_letter', 'fallback', 'engine_start'];
  const tl = { next: 0, events: [], shown: '', startedAt: '' };

  async function pollTimeline() {
    const r = await get('/state/timeline?since=' + tl.next, 'json');
    if (!r.ok || !r.data || !Array.isArray(r.data.events)) {
      if (!tl.events.length) {
        na('tl-chart', r);
        const tb = $('tl-table').tBodies[0];
        tb.replaceChildren();
        tb.insertRow().insertCell().textContent = 'n/a';
      }
      return;
    }
    const next = Number(r.data.next) || 0;
    if (next < tl.next) {
      // Another engine process (a restart): its numbering starts over.
      tl.next = 0;
      tl.events = [];
      return pollTimeline();
    }
    tl.next = next;
    r.data.events.forEach((e) => tl.events.push(e));
    if (tl.events.length > TIMELINE_KEEP) tl.events.splice(0, tl.events.length - TIMELINE_KEEP);
    renderTimeline();
  }

  function renderTimeline() {
    const win = Number($('tl-window').value) || 300;
    const now = Date.now() / 1000;
    const key = tl.next + ':' + win + ':' + Math.floor(now / 5);
    if (key === tl.shown) return;
    tl.shown = key;
    const evs = tl.events.map((e) => ({
      t: Date.parse(e.time) / 1000,
      kind: e.kind || 'event',
      label: (e.kind || 'event') + ' ' + (e.actor || '') + (e.detail ? ': ' + e.detail : ''),
    })).filter((e) => isFinite(e.t) && e.t >= now - win);
    C.timeline($('tl-chart'), evs, { from: now - win, to: now, kinds: KINDS, xFormat: clock, label: 'Lifecycle events over time', empty: 'no events in this window' });
    const tb = $('tl-table').tBodies[0];
    tb.replaceChildren();
    const latest = tl.events.slice(-100).reverse();
    if (!latest.length) {
      tb.insertRow().insertCell().textContent = 'no events yet';
      return;
    }
    latest.forEach((e) => {
      const tr = tb.insertRow();
      tr.className = 'kind-' + String(e.kind || '').replace(/[^a-z_]/g, '');
      const d = new Date(e.time);
      [e.seq, isNaN(d) ? e.time : d.toLocaleTimeString(), e.kind, e.actor, e.detail].forEach((v) => {
        tr.insertCell().textContent = v === undefined || v === null || v === '' ? '' : String(v);
      });
    });
  }

  // ---- start -------------------------------------------------------------

  function start() {
    $('tree-workers').addEventListener('change', () => {
      tree.last = '';
      pollTree();
    });
    $('tl-window').addEventListener('change', () => {
      tl.shown = '';
      renderTimeline();
    });
    loop(pollTree, 1000);
    loop(pollState, 3000);
    loop(pollMetrics, 2000);
    loop(pollTimeline, 2000);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
