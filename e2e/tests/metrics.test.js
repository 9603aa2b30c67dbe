// Metrics end to end: real Prometheus (scraping the generator) through nginx into the chart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, gotoRoute, eventually, BASE } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

async function runQuery(page, expr) {
  await gotoRoute(page, '#/metrics');
  await page.fill('textarea[aria-label="PromQL query A"]', expr);
  await page.click('[data-testid=run-query]');
}

async function seriesCountFromPrometheus(expr) {
  const end = Math.floor(Date.now() / 1000);
  const url = `${BASE}api/prometheus/api/v1/query_range?query=${encodeURIComponent(expr)}&start=${end - 3600}&end=${end}&step=15`;
  const body = await (await fetch(url)).json();
  return body.data.result.length;
}

test('a PromQL range query draws every series Prometheus returns', async () => {
  const expr = 'sum by (service_name) (rate(http_server_requests_total[1m]))';
  const expected = await eventually(async () => (await seriesCountFromPrometheus(expr)) >= 3 && seriesCountFromPrometheus(expr), { timeout: 60000 });
  const { page } = b;
  await eventually(async () => {
    await runQuery(page, expr);
    await page.waitForSelector('[data-testid=metrics-summary]', { timeout: 15000 });
    return Number(await page.getAttribute('[data-testid=metrics-summary]', 'data-series')) >= expected;
  }, { timeout: 60000 });
  const shown = Number(await page.getAttribute('[data-testid=metrics-summary]', 'data-series'));
  assert.ok(shown >= expected && shown <= expected + 1, `chart shows ${shown} series, Prometheus returned ${expected}`);
  assert.equal(await page.locator('.legend-item').count(), shown);
  // The canvas really has lines on it: many distinct colours, not a blank background.
  const colours = await page.evaluate(() => {
    const c = document.querySelector('.chart canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 16) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
    return seen.size;
  });
  assert.ok(colours > 5, `canvas has ${colours} distinct colours`);
  assert.deepEqual(b.problems, []);
});

test('exemplars are focusable links that open their trace', async () => {
  const { page } = b;
  await eventually(async () => {
    await runQuery(page, 'http_server_request_duration_seconds_bucket{service_name="search-service"}');
    await page.waitForSelector('[data-testid=metrics-summary]', { timeout: 15000 });
    return Number(await page.getAttribute('[data-testid=metrics-summary]', 'data-exemplars')) > 0
      && (await page.locator('a.exemplar[data-trace-id]').count()) > 0;
  }, { timeout: 60000 });
  const link = page.locator('a.exemplar[data-trace-id]').first();
  const id = await link.getAttribute('data-trace-id');
  assert.match(id, /^[0-9a-f]{32}$/);
  assert.ok((await link.getAttribute('aria-label')).includes(id), 'accessible label names the trace ID');
  await link.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((tid) => location.hash.includes('/trace') && location.hash.includes(tid), id);
  await page.waitForSelector('[data-testid=trace-header]', { timeout: 30000 });
  assert.ok(Number(await page.getAttribute('[data-testid=trace-header]', 'data-spans')) > 1);
});

test("a bad query shows Prometheus' own message under the query", async () => {
  const { page } = b;
  await runQuery(page, 'sum(rate(http_server_requests_total[1m])');
  const err = page.locator('[data-testid=query-error]');
  await err.waitFor({ timeout: 15000 });
  const text = await err.textContent();
  assert.match(text, /parse error|unclosed|expected/i, text);
  assert.match(text, /400|bad_data/, text);
});
