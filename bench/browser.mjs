// Browser benchmarks: headless Debian chromium (playwright-core) against a served build and a running stack
// (scripts/stack.sh up, or any server with the same /api/* paths). Several runs of each step, each in a fresh
// browser context (cold cache); prints median, min and max, then one table of the budgets in
// bench/budgets.toml. Timing budgets are reported, never asserted.
//
// env: BASE (app, default http://127.0.0.1:28080/), PEER (Prometheus with its classic UI, default the stack's
// Debian Prometheus 2.42, http://127.0.0.1:29091/; "none" skips it), PEER3 (Prometheus 3 serving its own web UI,
// default the stack's, http://127.0.0.1:29090/, once `scripts/build-backends.sh prometheus-ui` has built that UI;
// skipped with a note when its /query page is not the UI; "none" skips it), LOGS_PUSH (a Loki push URL for the
// 100k-line burst, of a live Loki that BASE's /api/loki/ reads; unset: no logs steps, as on the test stack,
// whose Loki answers are recorded, docs/decisions/0008), RUNS (default 3),
// LOG_LIMITS (default 5000,20000,100000), TRACE_SPANS (default 10000,50000), GEN (trifocal-gen binary),
// FETCH_SPANS (default 10000,50000: traces of that size sent once to the trace backend's OTLP receiver at
// OTLP, default http://127.0.0.1:24318, then fetched by ID through the app: fetch + parse -> first paint, beside
// `curl` of the same answer in the same run; and opened in the correlation workspace: scroll frames of its span
// list), TEMPO (default 1; 0 skips the recorded Tempo trace, 2 101 spans, opened by ID beside curl when the
// stack's replay server answers at /api/tempo-recorded/), CORRELATE, METRICS (default 1; 0 skips the correlation workspace steps, the metrics cold loads),
// HOST_LOG (output of the host examples, for the 1M-point budget), CHROMIUM (default /usr/bin/chromium),
// PROFILE (a CPU profile of each step whose name contains it, e.g. PROFILE="logs 100000" or PROFILE=all; written
// as .cpuprofile files to PROFILE_DIR, default the temp dir; open them in Chromium's DevTools, Performance).
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// playwright-core is installed for the browser tests (e2e/); use that copy.
const { chromium } = createRequire(join(root, 'e2e', 'package.json'))('playwright-core');

const BASE = (process.env.BASE || 'http://127.0.0.1:28080/').replace(/\/?$/, '/');
const PEER = process.env.PEER === 'none' ? null : (process.env.PEER || 'http://127.0.0.1:29091/').replace(/\/?$/, '/');
const PEER3 = process.env.PEER3 === 'none' ? null : (process.env.PEER3 || 'http://127.0.0.1:29090/').replace(/\/?$/, '/');
const LOGS_PUSH = process.env.LOGS_PUSH || '';
const RUNS = Math.max(1, Number(process.env.RUNS || 3));
const LOG_LIMITS = (process.env.LOG_LIMITS || '5000,20000,100000').split(',').map(Number).filter((n) => n > 0);
const TRACE_SPANS = (process.env.TRACE_SPANS || '10000,50000').split(',').map(Number).filter((n) => n > 0);
const FETCH_SPANS = (process.env.FETCH_SPANS || '10000,50000').split(',').map(Number).filter((n) => n > 0);
const OTLP = process.env.OTLP || 'http://127.0.0.1:24318';
const TEMPO = process.env.TEMPO !== '0';
const CORRELATE = process.env.CORRELATE !== '0';
const METRICS = process.env.METRICS !== '0';
const GEN = process.env.GEN || [join(process.env.CARGO_TARGET_DIR || join(root, 'target'), 'release/trifocal-gen')]
  .find(existsSync) || 'trifocal-gen';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'];

// The metrics query and range shared with the peer (1 h; Trifocal's automatic step for 1 h is 5 s).
const EXPR = 'sum by (service_name) (rate(http_server_requests_total[1m]))';
const LOG_QUERY = '{job="trifocal-gen"}';

// Marks the moment a file input changes (start of "open a trace file") and keeps the app's wasm memory.
const INIT = `
  document.addEventListener('change', (e) => { if (e.target && e.target.type === 'file') performance.mark('bench:file-change'); }, true);
  addEventListener('TrunkApplicationStarted', (e) => { window.__benchWasm = e.detail && e.detail.wasm; performance.mark('bench:app-started'); });
`;
// For a peer: a mark once its graph's element exists and the next frame has been painted.
const peerInit = (selector) => `
  new MutationObserver((_, obs) => {
    if (document.querySelector(${JSON.stringify(selector)})) {
      obs.disconnect();
      requestAnimationFrame(() => setTimeout(() => performance.mark('peer:graph-painted'), 0));
    }
  }).observe(document, { childList: true, subtree: true });
`;
// The peers drawing the same query and range: Debian's Prometheus 2.42 ships only its classic UI (jQuery +
// Rickshaw; / and /graph redirect to it), drawn as SVG; Prometheus 3's UI (React + Mantine) draws with uPlot on
// a canvas, created once the answer is in. Both read the old UI's link parameters.
const PEERS = [
  { name: 'Prometheus UI', url: PEER, path: 'classic/graph', init: peerInit('.graph_area svg path') },
  { name: 'Prometheus 3 UI', url: PEER3, path: 'query', init: peerInit('.uplot canvas') },
];

const results = new Map(); // name -> { unit, values[] }
function record(name, value, unit = 'ms') {
  if (value === null || value === undefined || !Number.isFinite(value)) return;
  if (!results.has(name)) results.set(name, { unit, values: [] });
  results.get(name).values.push(value);
}
const median = (v) => { const s = [...v].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const stat = (name) => (results.has(name) ? median(results.get(name).values) : null);

async function fresh(browser, init) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  if (init) await page.addInitScript(init);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return { context, page, cdp, errors };
}

const PROFILE = process.env.PROFILE || '';
const PROFILE_DIR = process.env.PROFILE_DIR || tmpdir();
let profiles = 0;

/** Starts a CPU profile when PROFILE names this step; the returned function stops it and writes the file. */
async function profile(cdp, step) {
  if (!PROFILE || (PROFILE !== 'all' && !step.includes(PROFILE))) return async () => {};
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile: p } = await cdp.send('Profiler.stop');
    mkdirSync(PROFILE_DIR, { recursive: true });
    const file = join(PROFILE_DIR, `trifocal-${step.replace(/\W+/g, '-')}-${++profiles}.cpuprofile`);
    writeFileSync(file, JSON.stringify(p));
    console.log(`CPU profile of "${step}": ${file}`);
  };
}

async function waitMark(page, name, timeout = 60000) {
  await page.waitForFunction((n) => performance.getEntriesByName(n).length > 0, name, { timeout, polling: 50 });
  return page.evaluate((n) => performance.getEntriesByName(n)[0].startTime, name);
}

/** JS heap (CDP) and the app's wasm linear memory, in MB. */
async function memory(page, cdp, prefix) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize');
  if (heap) record(`${prefix}: JS heap used`, heap.value / 1048576, 'MB');
  const wasm = await page.evaluate(() => {
    const m = window.__benchWasm && window.__benchWasm.memory;
    return m ? m.buffer.byteLength : null;
  });
  if (wasm !== null) record(`${prefix}: wasm memory`, wasm / 1048576, 'MB');
}

/** Scrolls `selector` by `step` px per animation frame; p50/p95 of the frame-to-frame times. */
async function scrollFrames(page, selector, step, frames = 120) {
  return page.evaluate(async ({ selector, step, frames }) => {
    const el = document.querySelector(selector);
    if (!el) return null;
    const deltas = [];
    let last = await new Promise((r) => requestAnimationFrame(r));
    for (let i = 0; i < frames; i++) {
      el.scrollTop += step;
      const t = await new Promise((r) => requestAnimationFrame(r));
      deltas.push(t - last);
      last = t;
    }
    deltas.sort((a, b) => a - b);
    return { p50: deltas[Math.floor(deltas.length * 0.5)], p95: deltas[Math.min(deltas.length - 1, Math.floor(deltas.length * 0.95))] };
  }, { selector, step, frames });
}

/** Types `error` then deletes it in the quick filter, one key at a time: for each key, the time from the
 *  input event to the end of the frame that paints its result (count and highlighted rows). */
async function quickFilterKeys(page) {
  return page.evaluate(async () => {
    const el = document.querySelector('[data-testid=quick-filter]');
    if (!el) return null;
    el.focus();
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    await frame();
    const times = [];
    const keys = [...'error'].map((c) => (v) => v + c).concat([...'error'].map(() => (v) => v.slice(0, -1)));
    for (const key of keys) {
      const t0 = performance.now();
      el.value = key(el.value);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      await frame();
      times.push(performance.now() - t0);
    }
    // Regex mode: the same lines searched by the browser's RegExp (one search over all lines).
    const box = document.querySelector('input[aria-label="Regular expression"]');
    let regex = null;
    if (box) {
      box.click();
      await frame();
      const pattern = String.raw`duration_ms=1\d{3}\b|timeout`;
      regex = [];
      for (const v of [pattern.slice(0, -1), pattern]) {
        const r0 = performance.now();
        el.value = v;
        el.dispatchEvent(new Event('input', { bubbles: true }));
        await frame();
        regex.push(performance.now() - r0);
      }
      box.click();
      el.value = '';
      el.dispatchEvent(new Event('input', { bubbles: true }));
      await frame();
    }
    return { first: times[0], max: Math.max(...times), regex };
  });
}

/** Opens the log list's Patterns tab: time from the click to the end of the frame that paints the patterns
 *  (Drain clustering of every loaded line, in wasm), and how many patterns. */
async function patternsTab(page) {
  return page.evaluate(async () => {
    const tab = document.querySelector('[data-testid=tab-patterns]');
    if (!tab) return null;
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    await frame();
    const t0 = performance.now();
    tab.click();
    while (!document.querySelector('[data-testid=patterns-summary]')) await frame();
    await frame();
    const ms = performance.now() - t0;
    const n = Number(document.querySelector('[data-testid=patterns-summary]').dataset.patterns);
    document.querySelector('[data-testid=tab-lines]').click();
    return { ms, n };
  });
}

async function metricsColdLoad(browser) {
  const { context, page, cdp, errors } = await fresh(browser, INIT);
  const hash = `#/metrics?from=now-1h&to=now&q.A=${encodeURIComponent(EXPR)}`;
  const stop = await profile(cdp, 'metrics cold load');
  await page.goto(BASE + hash);
  const painted = await waitMark(page, 'trifocal:chart-painted');
  await stop();
  const marks = await page.evaluate(() => Object.fromEntries(
    ['bench:app-started', 'trifocal:metrics-loaded'].map((n) => [n, performance.getEntriesByName(n)[0]?.startTime ?? null])));
  record('cold load: app started (wasm ready)', marks['bench:app-started']);
  record('cold load: first metric panel drawn', painted);
  const series = Number(await page.getAttribute('[data-testid=metrics-summary]', 'data-series'));
  record('metrics: series drawn', series, 'count');
  await memory(page, cdp, 'metrics');
  if (errors.length) console.error('page errors:', errors);
  await context.close();
}

/** Home opened cold, its own fetches done; then the same metrics link opened inside the app: the page's first
 *  visit (its pack or its files, scripts/build-wasm.mjs writeTable) -> first panel drawn, and the wasm bytes it
 *  fetched as they came over the wire (resource timing's encoded body sizes). */
async function metricsFromHome(browser) {
  const { context, page, errors } = await fresh(browser, INIT);
  await page.goto(`${BASE}#/`);
  await waitMark(page, 'bench:app-started');
  const wasmCount = () => page.evaluate(() => performance.getEntriesByType('resource').filter((e) => /\.wasm$/.test(e.name)).length);
  for (let n = -1, m = await wasmCount(); n !== m; m = await wasmCount()) {
    n = m;
    await page.waitForTimeout(1000);
  }
  const t0 = await page.evaluate((h) => {
    const t = performance.now();
    location.hash = h;
    return t;
  }, `#/metrics?from=now-1h&to=now&q.A=${encodeURIComponent(EXPR)}`);
  // The first panel painted after the click (Home paints no chart, but a later mark is what counts).
  await page.waitForFunction((t) => performance.getEntriesByName('trifocal:chart-painted').some((e) => e.startTime > t), t0, { timeout: 60000, polling: 50 });
  const painted = await page.evaluate((t) => performance.getEntriesByName('trifocal:chart-painted').find((e) => e.startTime > t).startTime, t0);
  const bytes = await page.evaluate((t) => performance.getEntriesByType('resource')
    .filter((e) => /\.wasm$/.test(e.name) && e.startTime >= t).reduce((n, e) => n + e.encodedBodySize, 0), t0);
  record('in-app first visit (Home -> metrics): first panel drawn', painted - t0);
  record('in-app first visit (Home -> metrics): wasm fetched', bytes / 1024, 'KB');
  if (errors.length) console.error('page errors:', errors);
  await context.close();
}

async function peerColdLoad(browser, peer) {
  const { context, page, cdp } = await fresh(browser, peer.init);
  const q = `g0.expr=${encodeURIComponent(EXPR)}&g0.tab=0&g0.range_input=1h&g0.step_input=5`;
  await page.goto(`${peer.url}${peer.path}?${q}`);
  const painted = await waitMark(page, 'peer:graph-painted');
  record(`peer (${peer.name}): first graph drawn`, painted);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize');
  if (heap) record(`peer (${peer.name}): JS heap used`, heap.value / 1048576, 'MB');
  const bytes = await page.evaluate(() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
    .filter((e) => !e.name.includes('/api/')).reduce((s, e) => s + (e.encodedBodySize || 0), 0));
  record(`peer (${peer.name}): app bytes fetched`, bytes / 1024, 'KB');
  await context.close();
}

/** The peers to run: those configured whose page is their UI (Prometheus 3 built without its UI answers an error). */
async function livePeers() {
  const live = [];
  for (const peer of PEERS.filter((p) => p.url)) {
    const text = await fetch(`${peer.url}${peer.path}`, { signal: AbortSignal.timeout(5000) }).then((r) => (r.ok ? r.text() : ''), () => '');
    if (/<!doctype|<html/i.test(text)) live.push(peer);
    else console.log(`peer ${peer.name} at ${peer.url}${peer.path}: no UI there, skipped${peer.url === PEER3 ? ' (build it: scripts/build-backends.sh prometheus-ui, then restart the stack)' : ''}`);
  }
  return live;
}

async function logsRun(browser, limit) {
  const { context, page, cdp, errors } = await fresh(browser, INIT);
  const hash = `#/logs?from=now-24h&to=now&query=${encodeURIComponent(LOG_QUERY)}&limit=${limit}`;
  const stop = await profile(cdp, `logs ${limit}`);
  await page.goto(BASE + hash);
  const painted = await waitMark(page, 'trifocal:logs-painted', 180000);
  const start = await waitMark(page, 'trifocal:logs-query');
  const lines = Number(await page.getAttribute('[data-testid=logs-summary]', 'data-lines'));
  const key = `logs ${limit}`;
  record(`${key}: query -> lines painted`, painted - start);
  record(`${key}: lines loaded`, lines, 'count');
  const f = await scrollFrames(page, '[data-testid=log-list]', 220);
  if (f) { record(`${key}: scroll frame p50`, f.p50); record(`${key}: scroll frame p95`, f.p95); }
  const q = await quickFilterKeys(page);
  await stop();
  if (q) { record(`${key}: quick filter, first keystroke -> repaint`, q.first); record(`${key}: quick filter, keystroke -> repaint (max)`, q.max); }
  if (q && q.regex) { record(`${key}: quick filter, regex, first -> repaint`, q.regex[0]); record(`${key}: quick filter, regex, next keystroke -> repaint`, q.regex[1]); }
  const pt = await patternsTab(page);
  if (pt) { record(`${key}: patterns tab, click -> painted`, pt.ms); record(`${key}: patterns found`, pt.n, 'count'); }
  await memory(page, cdp, key);
  if (errors.length) console.error('page errors:', errors);
  await context.close();
}

async function traceRun(browser, spans, file) {
  const { context, page, cdp, errors } = await fresh(browser, INIT);
  await page.goto(`${BASE}#/trace`);
  await page.waitForFunction(() => document.querySelector('[data-testid=backend-status]')?.dataset.mode !== 'checking', null, { timeout: 20000 });
  const stop = await profile(cdp, `trace ${spans / 1000}k spans`);
  await page.setInputFiles('input[type=file][aria-label="Open a trace file"]', file);
  const painted = await waitMark(page, 'trifocal:trace-painted', 120000);
  await stop();
  const start = await waitMark(page, 'bench:file-change');
  const key = `trace ${spans / 1000}k spans`;
  const shown = Number(await page.getAttribute('[data-testid=trace-header]', 'data-spans'));
  record(`${key}: file -> first paint`, painted - start);
  record(`${key}: spans in the view`, shown, 'count');
  const f = await scrollFrames(page, '[data-testid=span-list]', 240);
  if (f) { record(`${key}: scroll frame p50`, f.p50); record(`${key}: scroll frame p95`, f.p95); }
  const collapse = await page.evaluate(async () => {
    const b = [...document.querySelectorAll('.trace-tools button')].find((x) => x.textContent === 'Collapse all');
    if (!b) return null;
    const t0 = performance.now();
    b.click();
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return performance.now() - t0;
  });
  record(`${key}: collapse all`, collapse);
  await memory(page, cdp, key);
  if (errors.length) console.error('page errors:', errors);
  await context.close();
}

/** Opens a trace by ID from the live trace backend: link opened -> fetch started, fetch + parse, layout ->
 *  first paint. The answer limit is raised to 1000 MB in this browser context (a 250k-span answer is
 *  larger than the 40 MB default, which would say "too large"). */
/** The trace view opened by ID (`#/trace/<id>`): page opened -> first paint, fetch + parse, layout, scroll and
 *  memory; then `curl` fetches the same answer (the URL the app asked, through the same nginx, with the
 *  Accept-Encoding the browser sent) in the same run, so the ratio compares the two on one machine state.
 *  `settings` (optional): the datasource settings stored first, e.g. the recorded Tempo. */
async function fetchRun(browser, key, id, settings = {}) {
  const { context, page, cdp, errors } = await fresh(browser, `${INIT}
    localStorage.setItem('trifocal.datasources', JSON.stringify(${JSON.stringify({ max_answer_mb: 1000, timeout_s: 600, ...settings })}));`);
  const stop = await profile(cdp, key);
  // The trace answer the app reads (the last trace request: a fallback would come after the first).
  let asked = null;
  page.on('request', (req) => {
    if (req.url().includes(id) && /\/traces\//.test(req.url())) asked = req;
  });
  await page.goto(`${BASE}#/trace/${id}`);
  let painted;
  try {
    painted = await waitMark(page, 'trifocal:trace-painted', 300000);
  } catch (e) {
    const said = await page.textContent('[data-testid=trace-error]').catch(() => null);
    console.error(`${key}: no paint${said ? `: the page says "${said}"` : ''}`);
    await stop();
    await context.close();
    return;
  }
  await stop();
  const fetchStart = await waitMark(page, 'trifocal:trace-fetch');
  const parsed = await waitMark(page, 'trifocal:trace-parsed');
  record(`${key}: page opened -> first paint`, painted);
  record(`${key}: fetch + parse`, parsed - fetchStart);
  record(`${key}: layout -> first paint`, painted - parsed);
  // The trace answer as the browser's network saw it (resource timing, from the link's opening): asked, first
  // byte, last byte; the early start at boot (scripts/boot-early-query.js) asks before the app runs.
  const net = await page.evaluate((id) => {
    const e = performance.getEntriesByType('resource').filter((r) => r.name.includes(id) && /\/traces\//.test(r.name)).pop();
    return e ? { asked: e.startTime, first: e.responseStart, last: e.responseEnd } : null;
  }, id);
  if (net) {
    record(`${key}: link opened -> trace asked`, net.asked);
    record(`${key}: link opened -> first byte`, net.first);
    record(`${key}: link opened -> last byte`, net.last);
  }
  record(`${key}: taken from the boot's early start (1 yes, 0 no)`, await page.evaluate(() => performance.getEntriesByName('trifocal:early-trace-taken').length), 'count');
  record(`${key}: read while it arrived (1 yes, 0 no)`, await page.evaluate(() => performance.getEntriesByName('trifocal:trace-streamed').length), 'count');
  record(`${key}: spans in the view`, Number(await page.getAttribute('[data-testid=trace-header]', 'data-spans')), 'count');
  const f = await scrollFrames(page, '[data-testid=span-list]', 240);
  if (f) { record(`${key}: scroll frame p50`, f.p50); record(`${key}: scroll frame p95`, f.p95); }
  await memory(page, cdp, key);
  if (errors.length) console.error('page errors:', errors);
  const encoding = asked ? (await asked.allHeaders())['accept-encoding'] : null;
  const url = asked ? asked.url() : null;
  await context.close();
  if (url) curlRun(key, url, encoding);
}

/** `curl` of one answer: total time (request sent -> last byte) and the bytes on the wire. */
function curlRun(key, url, encoding) {
  const args = ['-s', '-o', '/dev/null', '-w', '%{time_total} %{size_download} %{time_starttransfer}', '--max-time', '600'];
  if (encoding) args.push('-H', `Accept-Encoding: ${encoding}`);
  const [t, bytes, first] = execFileSync('curl', [...args, url], { encoding: 'utf8' }).trim().split(' ').map(Number);
  record(`${key}: curl, same URL and Accept-Encoding`, t * 1000);
  record(`${key}: curl, first byte`, first * 1000);
  record(`${key}: answer on the wire`, bytes / 1048576, 'MB');
  if (!curlNotes.has(key)) curlNotes.set(key, `${url.replace(/\?.*$/, '')} · Accept-Encoding: ${encoding || '(none)'}`);
}
const curlNotes = new Map();

/** The largest recorded Tempo answer (tests/fixtures/real/tempo/trace_large*.json, 2 101 spans), replayed by the
 *  stack's replay server at /api/tempo-recorded/: the Tempo JSON path (the app asks v2). */
const TEMPO_RECORDED = { id: 'f6fadfa7e5c15b629362da5cc13da58a', settings: { traces: 'Tempo', tempo: '/api/tempo-recorded' } };

/** The correlation workspace of a huge trace fetched by ID: link opened -> every span row counted (the list
 *  virtualised past 2000 rows), then scroll frames over its span list (target: p95 <= 33 ms). */
async function correlateRun(browser, spans, id) {
  const { context, page, cdp, errors } = await fresh(browser, `${INIT}
    localStorage.setItem('trifocal.datasources', JSON.stringify({ max_answer_mb: 1000, timeout_s: 600 }));`);
  const key = `correlate ${spans / 1000}k spans`;
  const stop = await profile(cdp, key);
  const t0 = Date.now();
  await page.goto(`${BASE}#/correlate/${id}`);
  const shown = await page.waitForSelector('[data-testid=corr-waterfall]', { timeout: 300000 }).then(() => true, async () => {
    const said = await page.textContent('[data-testid=corr-trace-error]').catch(() => null);
    console.error(`${key}: no span list${said ? `: the page says "${said}"` : ''}`);
    return false;
  });
  await stop();
  if (shown) {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    record(`${key}: page opened -> spans drawn`, Date.now() - t0);
    record(`${key}: spans in the workspace`, Number(await page.getAttribute('[data-testid=corr-waterfall]', 'data-spans')), 'count');
    record(`${key}: span rows in the DOM`, await page.locator('[data-testid=corr-span]').count(), 'count');
    const f = await scrollFrames(page, '[data-testid=corr-span-pane]', 240);
    if (f) { record(`${key}: scroll frame p50`, f.p50); record(`${key}: scroll frame p95`, f.p95); }
    await memory(page, cdp, key);
  }
  if (errors.length) console.error('page errors:', errors);
  await context.close();
}

/** Sends one huge trace per size to the trace backend (OTLP/HTTP, batches of 5000 spans); their IDs. Each
 *  bench run sends new traces (a seed of its own): the same trace sent twice would be stored with every
 *  span twice. */
function sendFetchTraces() {
  const run = Date.now() % 1000000;
  return FETCH_SPANS.map((n) => {
    const seed = String(run * 1000 + (n % 1000) + FETCH_SPANS.indexOf(n));
    const out = execFileSync(GEN, ['huge-trace', '--spans', String(n), '--otlp', OTLP, '--seed', seed], { encoding: 'utf8' });
    const m = out.match(/sent trace ([0-9a-f]{32})/);
    if (!m) throw new Error(`trifocal-gen did not say which trace it sent: ${out}`);
    return [n, m[1]];
  });
}

/** Does a backend answer through the app's origin? (The app would fall back to demo data otherwise.) */
async function reachable(path) {
  try { return (await fetch(BASE + path, { signal: AbortSignal.timeout(5000) })).ok; } catch { return false; }
}

/** Makes sure Loki holds a 100k-line burst (pushed once; later runs find it). */
async function ensureLogBurst() {
  if (!LOG_LIMITS.some((n) => n > 20000)) return;
  const end = Math.floor(Date.now() / 1000);
  const u = `${BASE}api/loki/loki/api/v1/query?query=${encodeURIComponent('sum(count_over_time({service_name="bench-burst"}[24h]))')}&time=${end}`;
  const have = Number((await (await fetch(u)).json())?.data?.result?.[0]?.value?.[1] || 0);
  if (have >= 100000) return;
  console.log(`pushing 100000 log lines (service bench-burst) to ${LOGS_PUSH} …`);
  execFileSync(GEN, ['log-burst', '--lines', '100000', '--push', LOGS_PUSH, '--service', 'bench-burst'], { stdio: 'inherit' });
}

function traceFiles() {
  const dir = join(tmpdir(), 'trifocal-bench');
  mkdirSync(dir, { recursive: true });
  return TRACE_SPANS.map((n) => {
    const file = join(dir, `trace-${n}.json`);
    if (!existsSync(file)) execFileSync(GEN, ['huge-trace', '--spans', String(n), '--out', file], { stdio: 'inherit' });
    return [n, file];
  });
}

function sizeKb() {
  if (!existsSync(join(root, 'dist'))) return null;
  const out = execFileSync('node', [join(root, 'bench/size.mjs')], { encoding: 'utf8' });
  const m = out.match(/^initial load.*\s([\d.]+)\s*$/m);
  return m ? Number(m[1]) : null;
}

function hostPoints1m() {
  if (!process.env.HOST_LOG || !existsSync(process.env.HOST_LOG)) return null;
  const m = readFileSync(process.env.HOST_LOG, 'utf8').match(/1 series x 1M.*prepare\s+([\d.]+) ms, draw\s+([\d.]+) ms/);
  return m ? Number(m[1]) + Number(m[2]) : null;
}

function budgets() {
  const text = readFileSync(join(root, 'bench/budgets.toml'), 'utf8');
  return Object.fromEntries([...text.matchAll(/^(\w+)\s*=\s*([\d.]+)/gm)].map((m) => [m[1], Number(m[2])]));
}

async function main() {
  console.log(`app ${BASE} · peers ${[PEER, PEER3].filter(Boolean).join(', ') || '(skipped)'} · ${RUNS} runs each, fresh browser context per run`);
  const loki = LOGS_PUSH !== '' && await reachable('api/loki/loki/api/v1/status/buildinfo');
  const prom = await reachable('api/prometheus/api/v1/status/buildinfo');
  if (!prom) console.log('Prometheus does not answer through the app: the metrics figures would be demo data; skipped.');
  if (!LOGS_PUSH) console.log('No LOGS_PUSH: the test stack has no live logs backend (recorded Loki answers only); logs steps not run.');
  else if (!loki) console.log('Loki does not answer through the app: the logs figures would be demo data; skipped.');
  if (loki) await ensureLogBurst();
  const files = traceFiles();
  // The trace backend through the app (Jaeger here; Tempo where it runs): huge traces fetched by ID.
  const traces = (await reachable('api/jaeger/api/services')) || (await reachable('api/tempo/api/echo'));
  if (!traces) console.log('No trace backend answers through the app: the fetch-by-ID figures are skipped.');
  const sent = traces ? sendFetchTraces() : [];
  // Jaeger's in-memory store indexes a trace a moment after the last batch.
  if (sent.length) await new Promise((r) => setTimeout(r, 3000));
  const peers = prom && METRICS ? await livePeers() : [];
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ARGS });
  try {
    for (let i = 0; i < RUNS && prom && METRICS; i++) {
      await metricsColdLoad(browser);
      await metricsFromHome(browser);
      for (const peer of peers) await peerColdLoad(browser, peer);
    }
    for (const n of loki ? LOG_LIMITS : []) for (let i = 0; i < RUNS; i++) await logsRun(browser, n);
    for (const [n, f] of files) for (let i = 0; i < RUNS; i++) await traceRun(browser, n, f);
    for (const [n, id] of sent) for (let i = 0; i < RUNS; i++) await fetchRun(browser, `trace ${n / 1000}k spans by ID`, id);
    if (TEMPO && await reachable(`api/tempo-recorded/api/v2/traces/${TEMPO_RECORDED.id}`)) {
      for (let i = 0; i < RUNS; i++) await fetchRun(browser, 'recorded Tempo trace (2 101 spans) by ID', TEMPO_RECORDED.id, TEMPO_RECORDED.settings);
    }
    for (const [n, id] of CORRELATE ? sent : []) for (let i = 0; i < RUNS; i++) await correlateRun(browser, n, id);
  } finally {
    await browser.close();
  }

  const fmt = (v, unit) => (unit === 'count' ? String(Math.round(v)) : v.toFixed(unit === 'ms' ? 0 : 1));
  console.log(`\n${'figure'.padEnd(52)} ${'median'.padStart(9)} ${'min'.padStart(9)} ${'max'.padStart(9)}  unit`);
  for (const [name, { unit, values }] of results) {
    console.log(`${name.padEnd(52)} ${fmt(median(values), unit).padStart(9)} ${fmt(Math.min(...values), unit).padStart(9)} ${fmt(Math.max(...values), unit).padStart(9)}  ${unit}`);
  }
  // Trace by ID beside curl of the same answer (issue 25: first paint <= 1.5x the backend's own transfer).
  for (const [key, note] of curlNotes) {
    const curl = stat(`${key}: curl, same URL and Accept-Encoding`);
    const paint = stat(`${key}: page opened -> first paint`);
    const fp = stat(`${key}: fetch + parse`);
    if (curl && paint) console.log(`\n${key}: first paint / curl ${(paint / curl).toFixed(2)}, fetch + parse / curl ${(fp / curl).toFixed(2)} (medians; ${note})`);
  }
  const ours = stat('cold load: first metric panel drawn');
  for (const { name } of PEERS) {
    const peer = stat(`peer (${name}): first graph drawn`);
    if (ours && peer) console.log(`\nTrifocal / ${name}, load -> graph drawn (medians): ${(ours / peer).toFixed(2)}`);
  }

  const b = budgets();
  const size = sizeKb();
  const rows = [
    ['initial load, brotli (KB)', b.initial_load_brotli_kb, size, 'enforced by size.mjs --check'],
    ['cold load -> first panel (ms)', b.first_panel_ms, ours, 'browser'],
    ['50k-span trace -> first paint (ms)', b.trace_50k_first_paint_ms, stat('trace 50k spans: file -> first paint'), 'browser, file input'],
    ['quick filter on 100k lines (ms)', b.quick_filter_100k_ms, stat('logs 100000: quick filter, keystroke -> repaint (max)'), 'browser, slowest of 10 keystrokes'],
    ['log patterns of 100k lines (ms)', b.patterns_100k_ms, stat('logs 100000: patterns tab, click -> painted'), 'browser, beside the quick filter above'],
    ['correlate 50k spans, scroll p95 (ms)', b.correlate_50k_scroll_p95_ms, stat('correlate 50k spans: scroll frame p95'), 'browser, trace fetched by ID'],
    ['1M points prepare + draw (ms)', b.points_1m_draw_ms, hostPoints1m(), 'host example bench_chart (SVG backend)'],
  ];
  console.log(`\n${'budget'.padEnd(36)} ${'limit'.padStart(7)} ${'measured'.padStart(9)}  verdict  note`);
  for (const [name, limit, got, note] of rows) {
    const verdict = got === null || got === undefined || limit === undefined ? 'n/a' : got <= limit ? 'holds' : 'MISSED';
    const g = got === null || got === undefined ? '-' : got.toFixed(name.includes('KB') ? 1 : 0);
    console.log(`${name.padEnd(36)} ${String(limit ?? '-').padStart(7)} ${g.padStart(9)}  ${verdict.padEnd(7)}  ${note}`);
  }
  console.log('(timing budgets are reported, not asserted)');
}

main().catch((e) => { console.error(e); process.exit(1); });
