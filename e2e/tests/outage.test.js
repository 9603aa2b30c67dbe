// Backends going away mid-session: the app is served through a switchable proxy in front of the real
// stack. While "down", Prometheus' path answers with nginx's 502 HTML page and Loki's connection is cut (Loki is
// the stack's replay of recorded answers: the logs test uses the recorded window).
// The message appears where the request was made, the query text stays, nothing crashes, and when the
// backends are back the same view works again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBrowser, expectLive, BASE } from './harness.js';

const dist = join(dirname(fileURLToPath(import.meta.url)), '../../dist');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };
const up = new URL(BASE);
let down = false, server, base, b;

before(async () => {
  server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.startsWith('/api/')) {
      if (down && path.startsWith('/api/prometheus/')) {
        res.writeHead(502, { 'Content-Type': 'text/html' });
        res.end('<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>');
        return;
      }
      if (down && path.startsWith('/api/loki/')) { req.socket.destroy(); return; }
      const p = request({ host: up.hostname, port: up.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
      });
      p.on('error', () => { res.writeHead(502); res.end(); });
      req.pipe(p);
      return;
    }
    try {
      const body = await readFile(join(dist, path === '/' ? 'index.html' : path));
      res.writeHead(200, { 'Content-Type': types[extname(path)] || (path === '/' ? 'text/html' : 'application/octet-stream') });
      res.end(body);
    } catch { res.writeHead(404); res.end(); }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}/`;
  b = await openBrowser();
});
after(async () => { await b.browser.close(); server.close(); });

async function ready(page, backend) {
  await page.waitForFunction(() => document.querySelector('[data-testid=backend-status]')?.dataset.mode === 'live', null, { timeout: 20000 });
  await expectLive(page, backend);
}

/** Waits until the metrics view draws Prometheus' own series count for `expr` over the last hour (one more
 *  allowed: a series can start between the two asks), with no error shown. */
async function seriesAsPrometheus(page, expr) {
  const end = Math.floor(Date.now() / 1000);
  const body = await (await fetch(`${BASE}api/prometheus/api/v1/query_range?query=${encodeURIComponent(expr)}&start=${end - 3600}&end=${end}&step=15`)).json();
  const n = body.data.result.length;
  assert.ok(n > 0, 'Prometheus has series');
  await page.waitForFunction((k) => {
    const v = Number(document.querySelector('[data-testid=metrics-summary]')?.dataset.series);
    return !document.querySelector('[data-testid=query-error]') && v >= k && v <= k + 1;
  }, n, { timeout: 30000 });
}

// The recorded Loki window of the test stack's replay server and the one log query recorded as the logs view
// asks it (tests/fixtures/real/INDEX.md: loki/query_range_streams_categorized.json).
const REC = { from: 1795452831000, to: 1795454006000, query: '{service_name="embedding-service"} | json', limit: 20 };

async function recordedLines() {
  const url = `${BASE}api/loki/loki/api/v1/query_range?query=${encodeURIComponent(REC.query)}&start=${REC.from}000000&end=${REC.to}000000&limit=${REC.limit}&direction=backward`;
  const r = await fetch(url, { headers: { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' } });
  assert.equal(r.status, 200);
  return (await r.json()).data.result.reduce((n, st) => n + st.values.length, 0);
}

test('Prometheus answering a proxy error page mid-session: a clear message in the panel, the query kept, then recovery', async () => {
  const { page } = b;
  const expr = 'sum by (service_name) (rate(http_server_requests_total[1m]))';
  down = false;
  await page.goto(`${base}#/metrics?q.A=${encodeURIComponent(expr)}`);
  await ready(page, 'Prometheus');
  await seriesAsPrometheus(page, expr);
  down = true;
  await page.click('[data-testid=run-query]');
  const err = page.locator('[data-testid=query-error]');
  await err.waitFor({ timeout: 20000 });
  const text = await err.textContent();
  assert.match(text, /HTML page/, text);
  assert.match(text, /502/, text);
  assert.equal(await page.inputValue('textarea[aria-label="PromQL query A"]'), expr, 'the query is kept');
  // The rest of the app still works: the top bar, navigation, another view.
  await page.click('nav >> text=Traces');
  await page.waitForFunction(() => location.hash.startsWith('#/search'));
  await page.goBack();
  down = false;
  await page.click('[data-testid=run-query]');
  await seriesAsPrometheus(page, expr);
  assert.deepEqual(b.problems, []);
});

test('Loki cut off mid-session (recorded window): the logs view says it could not reach the server and keeps the query', async () => {
  const { page } = b;
  const q = REC.query;
  const lines = await recordedLines();
  const shown = () => page.waitForFunction((k) => !document.querySelector('[data-testid=query-error]')
    && Number(document.querySelector('[data-testid=logs-summary]')?.dataset.lines) === k, lines, { timeout: 30000 });
  down = false;
  await page.goto('about:blank');
  await page.goto(`${base}#/logs?query=${encodeURIComponent(q)}&from=${REC.from}&to=${REC.to}&limit=${REC.limit}`);
  await ready(page, 'Loki');
  await shown();
  down = true;
  await page.click('[data-testid=run-query]');
  const err = page.locator('[data-testid=query-error]');
  await err.waitFor({ timeout: 20000 });
  assert.match(await err.textContent(), /Could not reach the server/);
  assert.equal(await page.inputValue('textarea[aria-label="LogQL query"]'), q);
  down = false;
  await page.click('[data-testid=run-query]');
  await shown();
  // Network errors show in the browser's console as failed loads, which the harness ignores; app errors fail.
  assert.deepEqual(b.problems.filter((p) => !p.includes('net::ERR')), []);
});
