// Load benchmark (not a test): a 20-panel dashboard on auto-refresh every 5 s for DURATION seconds against
// the live stack. Every 30 s it samples the app's wasm linear memory and the JS heap (after a forced GC),
// and it counts backend requests started, finished, aborted (a newer refresh cancelled them) and failed,
// and the most in flight at once. Ends with a table, the memory slope and the panels' final states.
//
// env: BASE (app, default http://127.0.0.1:$TRIFOCAL_NGINX_PORT/ or :28080/), DURATION (s, default 600),
// SAMPLE (s, default 30), REFRESH (default 5s), CHROMIUM (default /usr/bin/chromium).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dashboard20 } from './dash20.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = createRequire(join(root, 'e2e', 'package.json'))('playwright-core');

const BASE = (process.env.BASE || `http://127.0.0.1:${process.env.TRIFOCAL_NGINX_PORT || 28080}/`).replace(/\/?$/, '/');
const DURATION = Number(process.env.DURATION || 600);
const SAMPLE = Number(process.env.SAMPLE || 30);
const REFRESH = process.env.REFRESH || '5s';
const UID = 'refresh-load';


const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
});
// Tall enough to show all 20 panels: panels out of view would not refresh (they wait until scrolled to).
const context = await browser.newContext({ viewport: { width: 1600, height: 1600 } });
const page = await context.newPage();
await page.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => { window.__benchWasm = e.detail && e.detail.wasm; }));
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
const cdp = await context.newCDPSession(page);
await cdp.send('Performance.enable');

// Requests to the backends: started, finished, aborted by the app, failed otherwise; in flight now and at most.
const count = { started: 0, finished: 0, aborted: 0, failed: 0, inflight: 0, maxInflight: 0 };
const isApi = (r) => new URL(r.url()).pathname.startsWith('/api/');
page.on('request', (r) => {
  if (!isApi(r)) return;
  count.started += 1;
  count.inflight += 1;
  count.maxInflight = Math.max(count.maxInflight, count.inflight);
});
page.on('requestfinished', (r) => { if (isApi(r)) { count.finished += 1; count.inflight -= 1; } });
page.on('requestfailed', (r) => {
  if (!isApi(r)) return;
  count.inflight -= 1;
  if ((r.failure()?.errorText || '').includes('ERR_ABORTED')) count.aborted += 1; else count.failed += 1;
});

// Install the dashboard in this browser's storage, as Save would, then open it with auto-refresh.
await page.goto(`${BASE}#/`);
await page.evaluate(({ uid, d }) => {
  localStorage.setItem(`trifocal.dashboard.${uid}`, JSON.stringify(d));
  localStorage.setItem('trifocal.dashboards', JSON.stringify([uid]));
}, { uid: UID, d: dashboard20(UID, 'Refresh load (20 panels)') });
await page.goto(`${BASE}#/dashboard/${UID}?from=now-1h&to=now&refresh=${REFRESH}`);
await page.reload();
await page.waitForSelector('[data-testid=panel]', { timeout: 30000 });

async function sample(t) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value || 0) / 1048576;
  const { wasm, states, nodes } = await page.evaluate(() => {
    const m = window.__benchWasm && window.__benchWasm.memory;
    const s = {};
    for (const p of document.querySelectorAll('[data-testid=panel]')) s[p.dataset.state] = (s[p.dataset.state] || 0) + 1;
    return { wasm: m ? m.buffer.byteLength / 1048576 : NaN, states: s, nodes: document.getElementsByTagName('*').length };
  });
  return { t, wasm, heap, nodes, states, ...count };
}

const rows = [];
const start = Date.now();
const fmt = (r) => [String(r.t).padStart(5), r.wasm.toFixed(1).padStart(8), r.heap.toFixed(1).padStart(8), String(r.nodes).padStart(6),
  String(r.started).padStart(8), String(r.finished).padStart(8), String(r.aborted).padStart(8), String(r.failed).padStart(6),
  String(r.inflight).padStart(8), String(r.maxInflight).padStart(8), `  ${Object.entries(r.states).map(([k, v]) => `${k}:${v}`).join(' ')}`].join(' ');
console.log(`refresh load: ${BASE}#/dashboard/${UID}, 20 panels, refresh ${REFRESH}, ${DURATION} s, sample every ${SAMPLE} s`);
console.log(['    t', 'wasm MB', 'heap MB', ' nodes', ' started', 'finished', ' aborted', 'failed', 'inflight', 'max infl', '  panels'].join(' '));
for (let t = 0; t <= DURATION; t += SAMPLE) {
  const wait = start + t * 1000 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const r = await sample(t);
  rows.push(r);
  console.log(fmt(r));
}

// Least-squares slope of memory over the run, from the first sample after warm-up (t >= 60 s, or after the
// first sample on a short run).
const late = rows.filter((r) => r.t >= 60);
const warm = late.length >= 2 ? late : rows.slice(Math.min(1, rows.length - 1));
const slope = (key) => {
  const xs = warm.map((r) => r.t / 60); const ys = warm.map((r) => r[key]);
  const n = xs.length; if (n < 2) return NaN;
  const mx = xs.reduce((a, b) => a + b) / n; const my = ys.reduce((a, b) => a + b) / n;
  const num = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0); const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return num / den;
};
const first = rows[0]; const last = rows[rows.length - 1];
const ticks = Math.floor(DURATION / parseInt(REFRESH, 10));
console.log('');
console.log(`wasm memory: ${first.wasm.toFixed(1)} MB at start, ${warm[0].wasm.toFixed(1)} MB at ${warm[0].t} s, ${last.wasm.toFixed(1)} MB at end; slope ${slope('wasm').toFixed(3)} MB/min`);
console.log(`JS heap (after GC): ${first.heap.toFixed(1)} MB at start, ${warm[0].heap.toFixed(1)} MB at ${warm[0].t} s, ${last.heap.toFixed(1)} MB at end; slope ${slope('heap').toFixed(3)} MB/min`);
console.log(`requests: ${last.started} started (about ${ticks} refreshes), ${last.finished} finished, ${last.aborted} aborted, ${last.failed} failed; at most ${last.maxInflight} in flight (${last.inflight} at the end)`);
console.log(`page errors: ${errors.length}${errors.length ? `: ${errors.slice(0, 3).join(' | ')}` : ''}`);
await browser.close();
