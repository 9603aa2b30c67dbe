// Issue 25 goal 4, the Loki side: 100k log lines through the app's Loki paging path (a first page of 5000
// lines, then time windows of the rest asked three at a time: backends/log_windows.rs), query -> lines painted,
// beside the transfer of the same requests. The test stack has no live Loki (docs/decisions/0008) and its recorded answers hold 20-100 lines,
// so this script serves Loki's `query_range` itself from a recorded Loki 3 answer
// (tests/fixtures/loki/query_range_streams_categorized.json: its streams, lines and categorized metadata),
// the recorded lines repeated at shifted times (LINES in all, 1 ms apart) and answered for any window, limit
// and direction as Loki does. The transfer figure is curl fetching the very requests the app made, one
// after the other (a build that asks page after page makes fewer: compare builds in the same minutes too). Prints medians; nothing is asserted. "Painted" twice: the first screen (the first log row on the
// page after its frame: the first page's lines are shown while the next pages come) beside curl's first page, and
// all lines (the summary, after its frame) beside curl's pages.
//
// The app is opened through this script's own server (every path but /api/loki/ passed to BASE as it is), so
// its Loki is same-origin as the recipe's Content-Security-Policy asks.
//
// env: BASE (app, default http://127.0.0.1:28080/), PORT (this script's server, default 38300), RUNS (default 3),
// LINES (default 100000), CHROMIUM (default /usr/bin/chromium), PROFILE (any value: a timeline of each load, page by page).
import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createServer, request } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = createRequire(join(root, 'e2e', 'package.json'))('playwright-core');
const BASE = (process.env.BASE || 'http://127.0.0.1:28080/').replace(/\/?$/, '/');
const PORT = Number(process.env.PORT || 38300);
const APP = `http://127.0.0.1:${PORT}/`;
const RUNS = Math.max(1, Number(process.env.RUNS || 3));
const LINES = Math.max(1, Number(process.env.LINES || 100000));
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'];
const median = (v) => { const s = [...v].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

const recorded = JSON.parse(readFileSync(join(root, 'tests/fixtures/loki/query_range_streams_categorized.json'), 'utf8'));
const template = recorded.data.result.flatMap((s, si) => s.values.map((v) => ({ si, line: v[1], meta: v[2] })));
const TO_MS = Date.now() - 60000;
const FROM_MS = TO_MS - 3600000;
// Line k (0 = newest) at TO - 1 ms * (k + 1), in ns as a BigInt.
const tsOf = (k) => (BigInt(TO_MS) - BigInt(k + 1)) * 1000000n;

/** Loki's answer for [start, end) (ns), `limit` lines, newest first when backward. */
function answer(start, end, limit, backward) {
  // Lines are 1 ms apart from the newest (k = 0): the k range inside the window.
  const kOf = (ns) => Number((BigInt(TO_MS) * 1000000n - ns) / 1000000n) - 1;
  let kLo = Math.max(0, Math.ceil(kOf(end - 1n)));
  let kHi = Math.min(LINES - 1, kOf(start));
  while (kLo <= kHi && tsOf(kLo) >= end) kLo++;
  while (kHi >= kLo && tsOf(kHi) < start) kHi--;
  const ks = [];
  if (backward) for (let k = kLo; k <= kHi && ks.length < limit; k++) ks.push(k);
  else for (let k = kHi; k >= kLo && ks.length < limit; k--) ks.push(k);
  const streams = recorded.data.result.map((s) => ({ stream: s.stream, values: [] }));
  for (const k of ks) {
    const t = template[k % template.length];
    streams[t.si].values.push([tsOf(k).toString(), t.line, t.meta]);
  }
  return JSON.stringify({ status: 'success', data: { resultType: 'streams', result: streams.filter((s) => s.values.length), stats: recorded.data.stats, encodingFlags: recorded.data.encodingFlags } });
}

function serve() {
  const base = new URL(BASE);
  const server = createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    if (!u.pathname.startsWith('/api/loki/')) {
      // The app itself, from BASE, as it is (compressed files too).
      const up = request({ host: base.hostname, port: base.port, path: req.url, method: req.method, headers: { ...req.headers, host: base.host } }, (r) => {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
      });
      up.on('error', (e) => { res.writeHead(502); res.end(String(e)); });
      req.pipe(up);
      return;
    }
    const path = u.pathname.slice('/api/loki'.length);
    const json = (body) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body); };
    if (path === '/loki/api/v1/status/buildinfo') return json('{"version":"3.5.0"}');
    if (path !== '/loki/api/v1/query_range') { res.writeHead(404); res.end('404 page not found'); return; }
    const p = u.searchParams;
    if (p.get('step')) return json(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } }));
    return json(answer(BigInt(p.get('start')), BigInt(p.get('end')), Number(p.get('limit')), p.get('direction') !== 'forward'));
  });
  return new Promise((ok) => server.listen(PORT, '127.0.0.1', () => ok(server)));
}

async function appRun(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    if (/^https?:$/.test(location.protocol)) localStorage.setItem('trifocal.datasources', JSON.stringify({ logs: 'Loki', loki: '/api/loki' }));
    new MutationObserver((_, obs) => {
      if (document.querySelector('.log-row')) {
        obs.disconnect();
        requestAnimationFrame(() => setTimeout(() => performance.mark('bench:first-row'), 0));
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  const asked = [];
  page.on('request', (r) => { if (r.url().includes('/query_range?') && !r.url().includes('step=')) asked.push(r.url()); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${APP}#/logs?from=${FROM_MS}&to=${TO_MS}&query=${encodeURIComponent('{job="rag-demo"}')}&limit=${LINES}`);
  const mark = async (n) => {
    await page.waitForFunction((x) => performance.getEntriesByName(x).length > 0, n, { timeout: 300000, polling: 50 });
    return page.evaluate((x) => performance.getEntriesByName(x)[0].startTime, n);
  };
  const painted = await mark('trifocal:logs-painted');
  const start = await mark('trifocal:logs-query');
  const first = await mark('bench:first-row');
  if (process.env.PROFILE) {
    // Per page (resource timing, ms from the query's mark): asked, first byte, last byte, and the gap before
    // the next page is asked (the app's read and merge of the page, with the page painting meanwhile).
    const pages = await page.evaluate(() => {
      const q = performance.getEntriesByName('trifocal:logs-query')[0].startTime;
      return performance.getEntriesByType('resource').filter((e) => e.name.includes('/query_range?') && !e.name.includes('step='))
        .map((e) => ({ start: e.startTime - q, first: e.responseStart - q, end: e.responseEnd - q, bytes: e.encodedBodySize, decoded: e.decodedBodySize }));
    });
    const gaps = pages.slice(1).map((p, i) => p.start - pages[i].end);
    const waits = pages.map((p) => p.end - p.start);
    const sum = (v) => v.reduce((a, b) => a + b, 0);
    console.log(`timeline of one load: ${pages.length} pages, each ${(median(pages.map((p) => p.bytes)) / 1024).toFixed(0)} KB on the wire (${(median(pages.map((p) => p.decoded)) / 1024).toFixed(0)} KB decoded)`);
    console.log(`  asked -> last byte: ${sum(waits).toFixed(0)} ms in all (median ${median(waits).toFixed(0)} per page); last byte -> next page asked (the app's read of a page): ${sum(gaps).toFixed(0)} ms in all (median ${median(gaps).toFixed(0)}, max ${Math.max(...gaps).toFixed(0)})`);
    console.log(`  pages (asked/last byte ms): ${pages.map((p) => `${p.start.toFixed(0)}/${p.end.toFixed(0)}`).join(' ')}`);
    console.log(`  last page's last byte -> all lines painted: ${(painted - start - pages[pages.length - 1].end).toFixed(0)} ms`);
  }
  const s = page.locator('[data-testid=logs-summary]');
  const lines = Number(await s.getAttribute('data-lines'));
  const pages = Number(await s.getAttribute('data-pages'));
  if (errors.length) console.error('page errors:', errors);
  await context.close();
  return { ms: painted - start, first: first - start, lines, pages, asked };
}

/** curl fetching the app's pages one after the other (gzip asked, as a browser does; not blocking this
 * process, which serves them). */
async function curlPages(urls) {
  let ms = 0;
  let bytes = 0;
  for (const url of urls) {
    const { stdout: out } = await promisify(execFile)('curl', ['-s', '--compressed', '-o', '/dev/null', '-w', '%{time_total} %{size_download}', url], { encoding: 'utf8' });
    const [secs, b] = out.trim().split(' ').map(Number);
    ms += secs * 1000;
    bytes += b;
  }
  return { ms, bytes };
}

async function main() {
  const server = await serve();
  console.log(`app ${BASE} · Loki pages served at :${PORT} from the recorded answer's ${template.length} lines, ${LINES} lines in all · ${RUNS} runs`);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ARGS });
  const app = [];
  const curl = [];
  const first = [];
  const curlFirst = [];
  let last;
  try {
    for (let i = 0; i < RUNS; i++) {
      last = await appRun(browser);
      app.push(last.ms);
      first.push(last.first);
      curl.push((await curlPages(last.asked)).ms);
      curlFirst.push((await curlPages(last.asked.slice(0, 1))).ms);
    }
  } finally {
    await browser.close();
    server.close();
  }
  const row = (name, v) => console.log(`${name.padEnd(60)} ${median(v).toFixed(0).padStart(9)} ${Math.min(...v).toFixed(0).padStart(9)} ${Math.max(...v).toFixed(0).padStart(9)}  ms`);
  console.log(`\n${'figure'.padEnd(60)} ${'median'.padStart(9)} ${'min'.padStart(9)} ${'max'.padStart(9)}  unit`);
  row("curl: the app's first page", curlFirst);
  row('Trifocal: query -> first screen of lines painted', first);
  row(`curl: the app's ${last.asked.length} pages, one after the other`, curl);
  row(`Trifocal: query -> all ${last.lines} lines painted (${last.pages} pages)`, app);
  console.log(`\nTrifocal first screen / curl first page (medians): ${(median(first) / median(curlFirst)).toFixed(2)}`);
  console.log(`Trifocal all lines / curl pages (medians): ${(median(app) / median(curl)).toFixed(2)} (goal <= 1.2; reported, not asserted)`);
}

main().catch((e) => { console.error(e); process.exit(1); });
