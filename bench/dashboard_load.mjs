// Cold load of a 20-panel dashboard (issue 25, goal 5; not a test): the app opened cold on a dashboard of 20
// panels (bench/dash20.mjs, two per row, 8 grid rows high: about 2 500 px), against the live stack. Two ways
// in one run, alternating: a 1280 × 800 window, where only the panels in (or within 200 px of) the viewport
// ask their backends and the rest wait until scrolled to, as in Grafana; and a window tall enough to show all
// 20, where every panel loads at once (as every panel did before they waited to be seen). For each: the time
// from navigation to every panel in view drawn, then (scrolling down a screen per frame) to every panel drawn,
// the backend requests sent by then and the most in flight at once. Medians of RUNS.
//
// env: BASE (app, default http://127.0.0.1:$TRIFOCAL_NGINX_PORT/ or :28080/), RUNS (default 5),
// CHROMIUM (default /usr/bin/chromium).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dashboard20 } from './dash20.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = createRequire(join(root, 'e2e', 'package.json'))('playwright-core');

const BASE = (process.env.BASE || `http://127.0.0.1:${process.env.TRIFOCAL_NGINX_PORT || 28080}/`).replace(/\/?$/, '/');
const RUNS = Math.max(1, Number(process.env.RUNS || 5));
const UID = 'dashboard-load';
const DASH = dashboard20(UID, 'Dashboard load (20 panels)', { perRow: 2, h: 8 });
const MODES = [
  { name: 'viewport 1280×800 (panels out of view wait)', viewport: { width: 1280, height: 800 } },
  { name: 'viewport 1280×3000 (all 20 in view at once)', viewport: { width: 1280, height: 3000 } },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

// True when every panel (all 20 present) whose top is above `below` px has drawn (or said why not).
const SETTLED = (below) => {
  const ps = [...document.querySelectorAll('[data-testid=panel]')];
  return ps.length === 20 && ps.filter((p) => p.getBoundingClientRect().top < below)
    .every((p) => !['loading', 'waiting'].includes(p.dataset.state));
};

async function run(mode) {
  const context = await browser.newContext({ viewport: mode.viewport });
  await context.addInitScript(({ uid, d }) => {
    if (!/^https?:$/.test(location.protocol)) return;
    localStorage.setItem(`trifocal.dashboard.${uid}`, JSON.stringify(d));
    localStorage.setItem('trifocal.dashboards', JSON.stringify([uid]));
  }, { uid: UID, d: DASH });
  const page = await context.newPage();
  const count = { started: 0, inflight: 0, maxInflight: 0 };
  const isApi = (r) => new URL(r.url()).pathname.startsWith('/api/');
  page.on('request', (r) => { if (isApi(r)) { count.started += 1; count.inflight += 1; count.maxInflight = Math.max(count.maxInflight, count.inflight); } });
  const done = (r) => { if (isApi(r)) count.inflight -= 1; };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto(`${BASE}#/dashboard/${UID}?from=now-1h&to=now`);
  await page.waitForFunction(SETTLED, mode.viewport.height, { timeout: 120000, polling: 'raf' });
  const view = await page.evaluate(() => performance.now());
  const atView = { started: count.started, maxInflight: count.maxInflight };
  // The reader scrolls down a screen a frame until the end.
  await page.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    while (window.scrollY + innerHeight < document.documentElement.scrollHeight - 1) {
      window.scrollBy(0, innerHeight);
      await frame();
    }
  });
  await page.waitForFunction(SETTLED, 1e9, { timeout: 120000, polling: 'raf' });
  const all = await page.evaluate(() => performance.now());
  const states = await page.$$eval('[data-testid=panel]', (els) => els.map((p) => p.dataset.state));
  await context.close();
  return { view, all, atView, total: count.started, maxInflight: count.maxInflight, states, errors };
}

const results = MODES.map(() => []);
for (let i = 0; i < RUNS; i += 1) {
  for (const [m, mode] of MODES.entries()) {
    const r = await run(mode);
    results[m].push(r);
    const bad = r.states.filter((s) => s !== 'ok').length;
    console.log(`run ${i + 1} ${mode.name}: in view ${r.view.toFixed(0)} ms (${r.atView.started} requests, ${r.atView.maxInflight} in flight at most), all ${r.all.toFixed(0)} ms (${r.total} requests), ${bad} panels not ok${r.errors.length ? `, page errors: ${r.errors.slice(0, 2).join(' | ')}` : ''}`);
  }
}
await browser.close();

const median = (v) => { const s = [...v].sort((a, b) => a - b); const k = s.length >> 1; return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2; };
console.log('');
console.log(`dashboard load: ${BASE}#/dashboard/${UID}, 20 panels (14 time series, 2 stats, 2 tables, logs, traces), last 1 h, medians of ${RUNS} cold runs`);
console.log('| window | every panel in view drawn | requests sent by then | most in flight | every panel drawn (scrolled down) | requests in all |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [m, mode] of MODES.entries()) {
  const rs = results[m];
  console.log(`| ${mode.name} | ${median(rs.map((r) => r.view)).toFixed(0)} ms | ${median(rs.map((r) => r.atView.started))} | ${median(rs.map((r) => r.atView.maxInflight))} | ${median(rs.map((r) => r.all)).toFixed(0)} ms | ${median(rs.map((r) => r.total))} |`);
}
