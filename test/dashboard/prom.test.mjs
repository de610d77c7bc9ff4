// prom.test.mjs: unit tests of the dashboard's Prometheus text reader
// (internal/webui/assets/prom.js), run with `node --test` by
// browser_test.go's TestPromParser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const src = readFileSync(new URL('../../internal/webui/assets/prom.js', import.meta.url), 'utf8');
const sandbox = {};
vm.runInNewContext(src, sandbox);
const P = sandbox.MactorProm;
// Arrays made in the sandbox are copied into this realm (Array.from)
// before deepEqual, which compares prototypes.

const exposition = `# HELP mactor_hook_duration_seconds Time to answer a hook call.
# TYPE mactor_hook_duration_seconds histogram
mactor_hook_duration_seconds_bucket{hook="a",le="0.001"} 4
mactor_hook_duration_seconds_bucket{hook="a",le="0.01"} 8
mactor_hook_duration_seconds_bucket{hook="a",le="+Inf"} 10
mactor_hook_duration_seconds_sum{hook="a"} 0.5
mactor_hook_duration_seconds_count{hook="a"} 10
mactor_hook_duration_seconds_bucket{hook="b",le="0.001"} 6
mactor_hook_duration_seconds_bucket{hook="b",le="0.01"} 10
mactor_hook_duration_seconds_bucket{hook="b",le="+Inf"} 10
mactor_bridge_events_total{type="OFFERS"} 12
mactor_bridge_events_total{type="RESCIND"} 3 1700000000000
weird_total{msg="a \\"quoted\\" \\\\ value\\nnext",x="1"} 2.5e3
process_start_time_seconds 1.7e+09
bad line here
nan_gauge NaN
`;

test('parse reads names, labels with escapes, values and timestamps', () => {
  const s = P.parse(exposition);
  const weird = s.find((x) => x.name === 'weird_total');
  assert.equal(weird.labels.msg, 'a "quoted" \\ value\nnext');
  assert.equal(weird.labels.x, '1');
  assert.equal(weird.value, 2500);
  assert.equal(s.find((x) => x.name === 'process_start_time_seconds').value, 1.7e9);
  assert.ok(Number.isNaN(s.find((x) => x.name === 'nan_gauge').value));
  assert.equal(s.filter((x) => x.name === 'bad').length, 0);
  assert.equal(P.sum(s, 'mactor_bridge_events_total'), 15);
  assert.equal(P.sum(s, 'mactor_bridge_events_total', { type: 'OFFERS' }), 12);
  assert.equal(P.sum(s, 'absent_total'), null);
  assert.deepEqual({ ...P.by(s, 'mactor_bridge_events_total', 'type') }, { OFFERS: 12, RESCIND: 3 });
});

test('buckets add up label sets by upper bound', () => {
  const b = P.buckets(P.parse(exposition), 'mactor_hook_duration_seconds');
  assert.deepEqual(Array.from(b, (x) => [x.le, x.count]), [[0.001, 10], [0.01, 18], [Infinity, 20]]);
  const a = P.buckets(P.parse(exposition), 'mactor_hook_duration_seconds', { hook: 'a' });
  assert.deepEqual(Array.from(a, (x) => x.count), [4, 8, 10]);
});

test('quantile interpolates inside the bucket, as histogram_quantile', () => {
  const b = [{ le: 0.001, count: 10 }, { le: 0.01, count: 18 }, { le: Infinity, count: 20 }];
  assert.equal(P.quantile(0.25, b), 0.0005); // rank 5 of 10 in [0, 1ms]
  assert.ok(Math.abs(P.quantile(0.7, b) - (0.001 + 0.009 * 4 / 8)) < 1e-12); // rank 14
  assert.equal(P.quantile(0.99, b), 0.01); // in +Inf: the highest finite bound
  assert.equal(P.quantile(0.5, []), null);
  assert.equal(P.quantile(0.5, [{ le: 1, count: 0 }]), null);
});

test('minus gives the observations between two scrapes', () => {
  const before = [{ le: 1, count: 2 }, { le: Infinity, count: 3 }];
  const after = [{ le: 1, count: 5 }, { le: Infinity, count: 9 }];
  assert.deepEqual(Array.from(P.minus(after, before), (x) => x.count), [3, 6]);
});
