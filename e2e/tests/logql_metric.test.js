// LogQL metric queries are drawn (issue 20): `sum by (level) (count_over_time({…}[1m]))` in the logs explore
// view and in time-series, stat and table panels, from Loki's own matrix. The stack's Loki is the replay of
// answers recorded from a real Loki (docs/decisions/0008): the query, window and step below are those of
// tests/fixtures/real/loki/query_range_matrix.json (INDEX.md), and what the views must show is read from
// that recording.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, gotoRoute, expectLive, recorded, importDashboard, settledPanels } from './harness.js';

const QUERY = 'sum by (level) (count_over_time({job=~".+"}[1m]))';
const WINDOW = { from: 1795452831000, to: 1795454006000 };
const rec = recorded('loki/query_range_matrix.json');
let b;

before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

test('the recording is the matrix this test expects', () => {
  assert.equal(rec.data.resultType, 'matrix');
  assert.ok(rec.data.result.length >= 2);
});

test('explore logs: a LogQL metric query is drawn as one series per level, at the step asked', async () => {
  const { page, problems } = b;
  await gotoRoute(page, `#/logs?query=${encodeURIComponent(QUERY)}&from=${WINDOW.from}&to=${WINDOW.to}&min_step=1m`);
  await expectLive(page, 'Loki');
  const summary = page.locator('[data-testid=logs-metric-summary]');
  await summary.waitFor({ timeout: 20000 });
  assert.equal(Number(await summary.getAttribute('data-series')), rec.data.result.length);
  assert.equal(Number(await summary.getAttribute('data-step-ms')), 60000);
  assert.equal(await page.locator('[data-testid=query-error]').count(), 0);
  assert.equal(await page.locator('[data-testid=demo-note]').count(), 0);
  // The legend names each level Loki returned.
  const legend = await page.locator('.explore [data-testid=legend]').first().textContent();
  for (const r of rec.data.result) assert.ok(legend.includes(r.metric.level), `${r.metric.level} in "${legend}"`);
  // A log query in the same view still lists lines (the chart is gone).
  assert.deepEqual(problems, []);
});

test('explore logs: without the recorded step the replay has no answer, and the view says so where it was asked', async () => {
  // The same query at another step is not a recorded request: the error comes from the (replayed) backend,
  // proving the chart above was drawn from the recorded answer and not from anything else.
  const { page } = b;
  await gotoRoute(page, `#/logs?query=${encodeURIComponent(QUERY)}&from=${WINDOW.from}&to=${WINDOW.to}&min_step=2m`);
  const err = page.locator('[data-testid=query-error]');
  await err.waitFor({ timeout: 20000 });
  assert.equal(await page.locator('[data-testid=logs-metric-summary]').count(), 0);
});

test('dashboards: time-series, stat and table panels draw a LogQL metric query from Loki', async () => {
  const { page, problems } = b;
  const loki = { type: 'loki', uid: 'loki' };
  const panel = (id, type, x) => ({
    id, type, title: `${type} of log lines by level`, datasource: loki, interval: '1m',
    gridPos: { x, y: 0, w: 8, h: 8 }, targets: [{ refId: 'A', datasource: loki, expr: QUERY, legendFormat: '{{level}}' }],
  });
  const grafana = { uid: 'e2e-logql-metric', title: 'LogQL metrics', time: { from: 'now-1h', to: 'now' },
    panels: [panel(1, 'timeseries', 0), panel(2, 'stat', 8), panel(3, 'table', 16)] };
  await importDashboard(page, grafana);
  await gotoRoute(page, `#/dashboard/e2e-logql-metric?from=${WINDOW.from}&to=${WINDOW.to}`);
  await expectLive(page, 'Loki');
  const panels = await settledPanels(page, { count: 3, timeout: 30000 });
  for (const p of panels) {
    assert.deepEqual([p.state, p.errors, p.count], ['ok', [], rec.data.result.length], JSON.stringify(p));
  }
  // The table lists one row per level; the stat panel shows one value per level.
  const tableText = await page.locator('[data-kind=table]').textContent();
  for (const r of rec.data.result) assert.ok(tableText.includes(r.metric.level), r.metric.level);
  assert.deepEqual(problems, []);
});
