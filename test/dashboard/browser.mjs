// browser.mjs drives Debian's Chromium through playwright-core for the Go
// test in this directory (browser_test.go), which starts the engine and
// reads this script's progress as JSON lines on stdout.
//
//   node browser.mjs dashboard <status URL> <worker name>
//     Opens the dashboard, waits until the tree shows the worker, prints
//     {"step":"tree","restarts":N}, then waits (for a condition, not a
//     time) until the page shows that worker with more restarts than N and
//     prints {"step":"restarted","restarts":M}. The Go test crashes the
//     worker after the first line. The hook latency panel must show the
//     hook call the Go test made before.
//
//   node browser.mjs report <file.html> <invariants> <faults>
//     Opens a chaos report written by webui.WriteReport and checks that it
//     shows the verdict and each invariant, that its charts are drawn with
//     one marker per fault, and that nothing is logged as an error.
//
// Environment: CHROMIUM (default /usr/bin/chromium), SCREENSHOT (a PNG
// path: where to save the page at the end), STEP_TIMEOUT_MS (default
// 30000). Exit 0 on success; on failure a {"step":"error",...} line and
// exit 1.
import { chromium } from 'playwright-core';

const [mode, target, ...rest] = process.argv.slice(2);
const timeout = Number(process.env.STEP_TIMEOUT_MS || 30000);

function say(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function fail(msg) {
  say({ step: 'error', error: String(msg) });
  process.exitCode = 1;
}

async function dashboard(page, url, worker) {
  const problems = [];
  // Uncaught exceptions are failures. Console errors are too, but for
  // an endpoint the engine answers with an error status (the browser
  // logs "Failed to load resource"), which the page shows as n/a.
  page.on('pageerror', (err) => problems.push('page error: ' + err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) problems.push('console: ' + msg.text());
  });
  const resp = await page.goto(url, { waitUntil: 'load' });
  if (!resp || resp.status() !== 200) throw new Error('GET / answered ' + (resp && resp.status()));
  await page.getByRole('heading', { name: 'Supervision tree' }).waitFor({ timeout });
  const node = `#tree-body li[data-name="${worker}"]`;
  await page.waitForSelector(node, { timeout });
  const before = Number(await page.getAttribute(node, 'data-restarts'));
  const visible = await page.locator(node + ' .restarts').first().textContent();
  say({ step: 'tree', restarts: before, shown: visible });
  await page.waitForFunction(
    ([sel, n]) => {
      const el = document.querySelector(sel);
      return el && Number(el.dataset.restarts) > n && el.querySelector('.restarts').textContent.includes(String(el.dataset.restarts));
    },
    [node, before],
    { timeout, polling: 100 },
  );
  const after = Number(await page.getAttribute(node, 'data-restarts'));
  const flashed = await page.evaluate((sel) => document.querySelector(sel).classList.contains('flash'), node);
  // The other panels drew something (a chart or their n/a) from the
  // same polls.
  await page.waitForFunction(() => ['alloc-roles', 'rates-chart', 'hook-histogram', 'tl-chart'].every((id) => {
    const el = document.getElementById(id);
    return el && el.textContent.trim() !== '' && el.children.length > 0;
  }), null, { timeout });
  // The Go test answered a hook call before the page opened: the hook
  // latency panel reads it from /metrics' histogram.
  await page.waitForFunction(() => document.querySelectorAll('#hook-histogram svg .bin').length > 0 &&
    document.getElementById('hook-calls').textContent !== '0' && document.getElementById('hook-p50').textContent !== 'n/a', null, { timeout });
  const connection = await page.textContent('#connection');
  if (!/^live/.test(connection)) throw new Error('connection line says ' + connection);
  if (problems.length) throw new Error(problems.join('; '));
  say({ step: 'restarted', restarts: after, flashed: flashed });
}

async function report(page, file, invariants, faults) {
  const problems = [];
  page.on('pageerror', (err) => problems.push('page error: ' + err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push('console ' + msg.type() + ': ' + msg.text());
  });
  page.on('request', (req) => {
    if (!req.url().startsWith('file:')) problems.push('request to ' + req.url());
  });
  await page.goto('file://' + file, { waitUntil: 'load' });
  const verdict = (await page.textContent('#verdict')).trim();
  const rows = await page.$$eval('tr.invariant', (trs) => trs.map((tr) => ({
    name: tr.dataset.name,
    verdict: tr.dataset.verdict,
    shown: tr.querySelector('td').textContent.trim(),
    visible: tr.getBoundingClientRect().height > 0,
  })));
  if (rows.length !== Number(invariants)) throw new Error(rows.length + ' invariant rows, want ' + invariants);
  rows.forEach((r) => {
    if (!r.visible || r.shown !== r.verdict) throw new Error('invariant ' + r.name + ' shows ' + r.shown + ', verdict ' + r.verdict);
  });
  const markers = await page.locator('#throughput-chart svg .marker').count();
  if (markers !== Number(faults)) throw new Error(markers + ' fault markers on the throughput chart, want ' + faults);
  const dots = await page.locator('#faults-timeline svg circle.event').count();
  if (dots !== Number(faults)) throw new Error(dots + ' faults on the timeline, want ' + faults);
  const lines = await page.locator('#throughput-chart svg path.line').count();
  if (lines !== 1) throw new Error(lines + ' throughput lines, want 1');
  const bars = await page.locator('#recovery-chart svg rect.bar').count();
  if (bars === 0) throw new Error('no recovery histogram');
  if (problems.length) throw new Error(problems.join('; '));
  say({ step: 'report', verdict: verdict, invariants: rows });
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    timeout,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.setDefaultTimeout(timeout);
    try {
      if (mode === 'dashboard') await dashboard(page, target, rest[0]);
      else if (mode === 'report') await report(page, target, rest[0], rest[1]);
      else throw new Error('usage: node browser.mjs dashboard URL WORKER | report FILE INVARIANTS FAULTS');
    } finally {
      if (process.env.SCREENSHOT) await page.screenshot({ path: process.env.SCREENSHOT, fullPage: true }).catch(() => {});
    }
  } finally {
    await browser.close();
  }
}

main().catch((err) => fail(err && err.stack ? err.stack.split('\n').slice(0, 3).join(' | ') : err));
