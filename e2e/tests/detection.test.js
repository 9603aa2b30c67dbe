// Backend detection (issue 20): a Prometheus is live when it answers its query API, whatever its build info
// says (Mimir, Thanos, VictoriaMetrics, a Prometheus built from source, a proxy in front hide or blank it);
// demo data is a whole-app mode for nothing answering, so a Prometheus that is down while Jaeger answers
// shows its error in the metrics view, never recorded metrics in its place. A switchable proxy (proxy.js)
// stands in front of the real stack and changes only the answers named in each test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, BASE } from './harness.js';
import { startProxy } from './proxy.js';

const EXPR = 'sum by (service_name) (rate(http_server_requests_total[1m]))';
const BUILDINFO = '/api/prometheus/api/v1/status/buildinfo';
let proxy, b;

before(async () => {
  proxy = await startProxy();
  b = await openBrowser();
});
after(async () => { await b.browser.close(); await proxy.close(); });

/** Prometheus' own series count for EXPR over the last 15 minutes (what a live chart must show). */
async function promSeries() {
  const end = Math.floor(Date.now() / 1000);
  const r = await fetch(`${BASE}api/prometheus/api/v1/query_range?query=${encodeURIComponent(EXPR)}&start=${end - 900}&end=${end}&step=15`);
  const body = await r.json();
  assert.equal(body.status, 'success');
  assert.ok(body.data.result.length > 0, 'the generator has fed Prometheus');
  return body.data.result.length;
}

/** Opens the metrics view on EXPR over the last 15 minutes through the proxy, in a fresh context. */
async function openMetrics() {
  const context = await b.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${proxy.base}#/metrics?from=now-15m&to=now&q.A=${encodeURIComponent(EXPR)}`);
  return { context, page, errors };
}

/** The status bar's text once every probe is in. */
async function statusText(page) {
  await page.waitForFunction(() => ['live', 'demo'].includes(document.querySelector('[data-testid=backend-status]')?.dataset.mode), null, { timeout: 20000 });
  return page.textContent('[data-testid=backend-status]');
}

/** The metrics view draws Prometheus' own series: as many as Prometheus answers (±1 for a series that
 * starts between the two queries), with no demo note and no error. */
async function drawsLiveSeries(page) {
  const k = await promSeries();
  await page.waitForFunction((k) => {
    const v = Number(document.querySelector('[data-testid=metrics-summary]')?.dataset.series);
    return v >= k && v <= k + 1;
  }, k, { timeout: 20000 });
  assert.equal(await page.locator('[data-testid=demo-note]').count(), 0, 'no demo data');
  assert.equal(await page.locator('[data-testid=query-error]').count(), 0, 'no error');
}

for (const [name, action] of [
  ['an empty version in its build info', { kind: 'status', status: 200, type: 'application/json',
    body: JSON.stringify({ status: 'success', data: { version: '', revision: '', branch: '', buildUser: '', buildDate: '', goVersion: 'go1.26.0' } }) }],
  ['a build info path that answers 404', { kind: 'status', status: 404, body: '404 page not found' }],
]) {
  test(`a Prometheus with ${name} is live: the metrics view draws its series`, async () => {
    proxy.setRule((path) => (path === BUILDINFO ? action : null));
    const { context, page, errors } = await openMetrics();
    try {
      assert.match(await statusText(page), /Prometheus ✓/);
      await drawsLiveSeries(page);
      assert.ok(proxy.log.some((e) => e.path === BUILDINFO && e.action === 'status'), 'the build info answer was the altered one');
      // Settings says it answers, and that no version was given.
      await page.goto(`${proxy.base}#/settings`);
      await page.waitForSelector('[data-testid=connection-test]');
      assert.match(await page.textContent('[data-testid=connection-test]'), /Prometheus: answers \(its query API; no version given\)/);
      assert.deepEqual(errors, []);
    } finally {
      proxy.setRule(null);
      await context.close();
    }
  });
}

test('Prometheus down while Jaeger answers: the metrics view says so, and shows no demo data', async () => {
  proxy.setRule((path) => (path.startsWith('/api/prometheus/') ? { kind: 'reset' } : null));
  const { context, page, errors } = await openMetrics();
  try {
    const status = await statusText(page);
    assert.match(status, /Jaeger ✓/);
    assert.match(status, /Prometheus ✗/);
    const err = page.locator('[data-testid=query-error]');
    await err.waitFor({ timeout: 20000 });
    assert.match(await err.textContent(), /.+/);
    assert.equal(await page.locator('[data-testid=demo-note]').count(), 0, 'no recorded metrics in place of the live ones');
    assert.equal(await page.locator('[data-testid=metrics-summary]').count() === 0
      || Number(await page.getAttribute('[data-testid=metrics-summary]', 'data-series')) === 0, true, 'no series drawn');
    // Prometheus is back: Run draws its series.
    proxy.setRule(null);
    await page.click('[data-testid=run-query]');
    await drawsLiveSeries(page);
    assert.deepEqual(errors, []);
  } finally {
    proxy.setRule(null);
    await context.close();
  }
});

test('Loki down while Prometheus and Jaeger answer: the logs view shows the error where it was asked, no demo lines', async () => {
  proxy.setRule((path) => (path.startsWith('/api/loki/') ? { kind: 'reset' } : null));
  const context = await b.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${proxy.base}#/logs?query=${encodeURIComponent('{service_name="embedding-service"} | json')}&from=1795452831000&to=1795454006000&limit=20`);
    const status = await statusText(page);
    assert.match(status, /Loki ✗/);
    assert.match(status, /Prometheus ✓/);
    await page.locator('[data-testid=query-error]').waitFor({ timeout: 20000 });
    assert.equal(await page.locator('[data-testid=demo-note]').count(), 0, 'no recorded lines in place of the live ones');
    assert.deepEqual(errors, []);
  } finally {
    proxy.setRule(null);
    await context.close();
  }
});
