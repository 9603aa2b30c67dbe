// Smoke test against an old server: Debian's Prometheus 2.42 of the test stack (nginx /api/prometheus-2/),
// set as the Prometheus path as a user would under Settings. A range query over the last 15 minutes draws as
// many series as Prometheus 2.42's own API returns, and an exemplar opens the trace it names, which Jaeger has.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, gotoRoute, eventually, expectLive, useDatasources, BASE } from './harness.js';

const PROM2 = '/api/prometheus-2';
const EXPR = 'sum by (service_name) (rate(http_server_requests_total[1m]))';
let b;
const asked = [];

before(async () => {
  b = await openBrowser();
  // The Prometheus path, laid over the stored settings before the app starts (missing fields keep their defaults).
  await useDatasources(b.context, { prometheus: PROM2 });
  b.page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/prometheus')) asked.push(path);
  });
});
after(async () => { await b.browser.close(); });

async function prom2(path, params) {
  const r = await fetch(`${BASE}api/prometheus-2/api/v1/${path}?${new URLSearchParams(params)}`);
  const body = await r.json();
  assert.equal(body.status, 'success', JSON.stringify(body).slice(0, 300));
  return body.data;
}

test('Prometheus 2.42: a range query over the last 15 minutes draws every series its API returns, and an exemplar opens its trace from Jaeger', async () => {
  const { page } = b;
  // The server behind the path is the old one.
  const info = await prom2('status/buildinfo', {});
  assert.match(info.version, /^2\.42\./, `the server at ${PROM2} is Prometheus ${info.version}`);

  const window = () => { const end = Math.floor(Date.now() / 1000); return { start: String(end - 900), end: String(end), step: '15' }; };
  await eventually(async () => (await prom2('query_range', { query: EXPR, ...window() })).result.length >= 3, { timeout: 60000 });
  await gotoRoute(page, `#/metrics?q.A=${encodeURIComponent(EXPR)}&from=now-15m&to=now`);
  await expectLive(page, 'Prometheus');
  await page.waitForFunction(() => performance.getEntriesByName('trifocal:metrics-loaded').length > 0, null, { timeout: 30000 });
  const shown = Number(await page.getAttribute('[data-testid=metrics-summary]', 'data-series'));
  const expected = (await prom2('query_range', { query: EXPR, ...window() })).result.length;
  // (One more allowed: a series can start between the page's ask and this one.)
  assert.ok(shown >= expected && shown <= expected + 1, `chart shows ${shown} series, Prometheus 2.42 returned ${expected}`);
  assert.equal(await page.locator('.legend-item').count(), shown);
  const services = (await prom2('query_range', { query: EXPR, ...window() })).result.map((s) => s.metric.service_name);
  const legend = await page.locator('.legend-item').allTextContents();
  for (const s of services) assert.ok(legend.some((t) => t.includes(s)), `${s} is in the legend: ${legend.join(', ')}`);

  // Exemplars of the same query, as Prometheus 2.42 stores them; one whose trace Jaeger still holds is clicked.
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=metrics-summary]')?.dataset.exemplars) > 0
    && document.querySelector('a.exemplar[data-trace-id]'), null, { timeout: 30000 });
  const ids = await page.$$eval('a.exemplar[data-trace-id]', (as) => as.map((a) => a.dataset.traceId));
  const now = Math.floor(Date.now() / 1000);
  // (A wider window than the page's: it was asked a moment earlier.)
  const stored = new Set((await prom2('query_exemplars', { query: EXPR, start: String(now - 1800), end: String(now) }))
    .flatMap((s) => s.exemplars.map((e) => e.labels.trace_id)));
  for (const id of ids.slice(0, 20)) assert.ok(stored.has(id), `exemplar ${id} is one Prometheus 2.42 has`);
  let id = null;
  let spans = 0;
  const stride = Math.max(1, Math.floor(ids.length / 40));
  for (const tid of ids.filter((_, i) => i % stride === 0).reverse()) {
    const r = await fetch(`${BASE}api/jaeger/api/traces/${tid}`);
    if (r.ok) { id = tid; spans = (await r.json()).data[0].spans.length; break; }
  }
  assert.ok(id, 'an exemplar names a trace that Jaeger has');
  // (Exemplars close in time overlap on the chart: the link is followed from the keyboard, as metrics.test.js does.)
  const link = page.locator(`a.exemplar[data-trace-id="${id}"]`).first();
  await link.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((tid) => location.hash.includes('/trace') && location.hash.includes(tid), id);
  await page.waitForSelector('[data-testid=trace-header]', { timeout: 30000 });
  await expectLive(page, 'Jaeger');
  assert.equal(Number(await page.getAttribute('[data-testid=trace-header]', 'data-spans')), spans);
  // Every Prometheus request went to the old server's path.
  assert.ok(asked.length >= 2, asked.join('\n'));
  assert.deepEqual(asked.filter((p) => !p.startsWith(`${PROM2}/`)), []);
  assert.deepEqual(b.problems, []);
});
