// The correlation workspace's RED metric templates are settings (issue 23 item 1: "the metric templates are
// settings with sensible defaults"): changed on the Settings page, the workspace's charts ask Prometheus the
// new query for each service and draw what Prometheus answers to it (checked by asking Prometheus the very
// request the app made); the HTTP server preset is offered; a template Prometheus refuses says Prometheus'
// own message on the chart it feeds, and the other lines stay.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, gotoRoute, manifest, expectLive, useDatasources, eventually } from './harness.js';
import { jaegerTrace, services } from './correlate_checks.js';

const id = manifest().featured_trace_id;
const RATE = 'sum by (span_name) (rate(traces_span_metrics_calls_total{service_name="${service}"}[1m]))';

let b;
before(async () => {
  b = await openBrowser();
  await useDatasources(b.context, { logs: 'VictoriaLogs', victorialogs: '/api/victorialogs' });
});
after(async () => { await b.browser.close(); });

/** The query_range requests the page makes: `{ expr, url }` (the URL as sent, or as a GET of its form body). */
function recordRanges(page) {
  const seen = [];
  page.on('request', (r) => {
    if (!r.url().includes('/api/prometheus/api/v1/query_range')) return;
    const u = new URL(r.url());
    const p = r.method() === 'POST' ? new URLSearchParams(r.postData() || '') : u.searchParams;
    seen.push({ expr: p.get('query'), url: `${u.origin}${u.pathname}?${p}` });
  });
  return seen;
}

/** Saves a rate template on the Settings page. */
async function saveRate(page, template) {
  await gotoRoute(page, '#/settings');
  await page.fill('input[aria-label="Rate template"]', template);
  await page.click('button:has-text("Save links")');
  await page.waitForSelector('[data-testid=trace-links-message]');
  assert.match(await page.textContent('[data-testid=trace-links-message]'), /^Saved/);
}

/** Opens the featured trace's workspace and waits for every chart. */
async function openWorkspace(page, n) {
  await gotoRoute(page, `#/correlate/${id}`);
  await expectLive(page, 'Prometheus');
  await expectLive(page, 'Jaeger');
  await eventually(async () => (await page.locator('[data-testid=corr-chart]').count()) === n, { timeout: 60000 });
  await eventually(async () => (await page.locator('[data-testid=corr-chart] [data-testid=legend], [data-testid=corr-chart] p.error').count()) >= n, { timeout: 60000 });
}

test('correlate templates: a rate template changed in Settings is the query each chart asks, and the chart draws Prometheus\' answer to it', async () => {
  const { page } = b;
  const jt = await eventually(() => jaegerTrace(id));
  const svcs = services(jt);
  // The form shows the defaults (span metrics) and offers the HTTP server metrics.
  await gotoRoute(page, '#/settings');
  assert.equal(await page.inputValue('input[aria-label="Rate template"]'), 'sum(rate(traces_span_metrics_calls_total{service_name="${service}"}[1m]))');
  await page.click('[data-testid=red-http-metrics]');
  assert.match(await page.inputValue('input[aria-label="p90 duration template"]'), /http_server_request_duration_seconds_bucket/);
  await page.click('[data-testid=red-span-metrics]');
  assert.match(await page.inputValue('input[aria-label="p90 duration template"]'), /traces_span_metrics_duration_milliseconds_bucket/);
  await saveRate(page, RATE);

  const seen = recordRanges(page);
  await openWorkspace(page, svcs.length);
  for (const svc of svcs) {
    const want = RATE.replace('${service}', svc);
    const mine = seen.filter((s) => s.expr === want);
    assert.equal(mine.length, 1, `one request for ${svc}'s rate: ${JSON.stringify(seen.map((s) => s.expr))}`);
    // What the chart draws is Prometheus' answer to the app's own requests for this service (rate by span
    // name, errors, p90): as many series, the rate as many as it has span names.
    const own = seen.filter((s) => s.expr.includes(`service_name="${svc}"`));
    assert.equal(own.length, 3, `${svc}: ${JSON.stringify(own.map((s) => s.expr))}`);
    const answers = await Promise.all(own.map(async (s) => (await (await fetch(s.url)).json()).data.result.length));
    const rateSeries = (await (await fetch(mine[0].url)).json()).data.result.length;
    const chart = page.locator(`[data-testid=corr-chart][data-service="${svc}"]`);
    assert.equal(Number(await chart.locator('[data-testid=legend]').getAttribute('data-total')), answers.reduce((a, n) => a + n, 0), svc);
    assert.ok(rateSeries >= 1, `${svc}: Prometheus has span names for the service`);
  }
  // At least one service has spans of several names: a series each, where the default drew one.
  const names = await Promise.all(svcs.map(async (svc) => (await (await fetch(seen.find((s) => s.expr === RATE.replace('${service}', svc)).url)).json()).data.result.length));
  assert.ok(names.some((n) => n > 1), `span names per service: ${names}`);
  assert.deepEqual(b.problems, []);
});

test('correlate templates: a template Prometheus refuses says its message on the chart it feeds; the other lines are drawn', async () => {
  const { page } = b;
  const jt = await eventually(() => jaegerTrace(id));
  const svcs = services(jt);
  const bad = 'sum(rate(traces_span_metrics_calls_total{service_name="${service}"}[1m]';
  await saveRate(page, bad);
  const seen = recordRanges(page);
  await openWorkspace(page, svcs.length);
  await eventually(async () => (await page.locator('[data-testid=corr-chart-problem]').count()) === svcs.length, { timeout: 30000 });
  const svc = svcs[0];
  const asked = seen.find((s) => s.expr === bad.replace('${service}', svc));
  assert.ok(asked, 'the bad query was asked');
  const theirs = await (await fetch(asked.url)).json();
  assert.equal(theirs.status, 'error');
  const chart = page.locator(`[data-testid=corr-chart][data-service="${svc}"]`);
  const said = await chart.locator('[data-testid=corr-chart-problem]').textContent();
  assert.ok(said.startsWith('rate: ') && said.includes(theirs.error), `${said} / ${theirs.error}`);
  // Errors and p90 still drawn.
  assert.ok(Number(await chart.locator('[data-testid=legend]').getAttribute('data-total')) >= 1);
  // Back to the defaults: one rate series again.
  await gotoRoute(page, '#/settings');
  await page.click('[data-testid=red-span-metrics]');
  await saveRate(page, 'sum(rate(traces_span_metrics_calls_total{service_name="${service}"}[1m]))');
  assert.deepEqual(b.problems, []);
});
