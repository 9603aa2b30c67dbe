// Field overrides in a heatmap panel. A Grafana dashboard whose heatmap (live Prometheus histogram buckets)
// has an override by query setting a display name, a unit and decimals imports with no notice of it; the
// heatmap draws a row per bucket Prometheus returns, its cell tips call the counts by the override's name
// with its decimals, as does the end of its colour scale. Without the override the same panel says "count".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, expectLive, importText, fetchJson, hoverHeatmapCell } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

const EXPR = 'sum by (le) (rate(http_server_request_duration_seconds_bucket{service_name="search-service"}[5m]))';

const dashboard = (overrides) => JSON.stringify({
  title: `Heatmap overrides ${overrides.length}`, uid: `heat-ov-${overrides.length}`, time: { from: 'now-10m', to: 'now' },
  panels: [{ type: 'heatmap', id: 1, title: 'Latency', gridPos: { x: 0, y: 0, w: 24, h: 10 },
    targets: [{ refId: 'A', expr: EXPR }], fieldConfig: { defaults: {}, overrides } }],
});

/** Imports `text`, opens it, and returns the notices and the hovered cell's tip (name and count) and scale end. */
async function drawn(page, text) {
  const notices = await importText(page, text);
  await page.click('[data-testid=import-open]');
  await page.waitForSelector('[data-testid=dash-title]');
  await expectLive(page, 'Prometheus');
  await page.waitForSelector('[data-testid=heatmap] canvas[data-draws]', { timeout: 30000 });
  const buckets = Number(await page.getAttribute('[data-testid=heatmap]', 'data-buckets'));
  await hoverHeatmapCell(page);
  const count = await page.textContent('[data-testid=heatmap-count]');
  const line = await page.$eval('[data-testid=heatmap-count]', (e) => e.parentElement.textContent);
  const scale = await page.$$eval('[aria-label="Colour scale"] span', (l) => l.map((x) => x.textContent));
  await page.mouse.move(0, 0);
  return { notices, buckets, count, name: line.slice(0, line.length - count.length).trim(), scaleEnd: scale[2] };
}

test('a heatmap names its counts and rounds them as its Grafana override says, on live Prometheus buckets', async () => {
  const { page } = b;
  const end = Math.floor(Date.now() / 1000);
  const body = await fetchJson(`${BASE}api/prometheus/api/v1/query_range?query=${encodeURIComponent(EXPR)}&start=${end - 600}&end=${end}&step=60`);
  assert.equal(body.status, 'success');
  const les = new Set(body.data.result.map((s) => s.metric.le));
  assert.ok(les.size >= 5, [...les].join());

  const over = [{ matcher: { id: 'byFrameRefID', options: 'A' }, properties: [{ id: 'displayName', value: 'Requests' }, { id: 'unit', value: 'none' }, { id: 'decimals', value: 3 }] }];
  const got = await drawn(page, dashboard(over));
  assert.ok(!got.notices.some((n) => n.includes('override')), got.notices.join('\n'));
  assert.equal(got.buckets, les.size);
  assert.equal(got.name, 'Requests');
  assert.match(got.count, /^\d+\.\d{3}$/);
  assert.match(got.scaleEnd, /^\d+\.\d{3}$/);

  // The same panel without the override: plain counts per second.
  const plain = await drawn(page, dashboard([]));
  assert.equal(plain.name, 'count');
  assert.match(plain.count, /req\/s$/);
  assert.deepEqual(b.problems, []);
});
