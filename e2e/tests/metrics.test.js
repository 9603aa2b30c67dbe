// Metrics end to end: real Prometheus (scraping the generator) through nginx into the chart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, gotoRoute, eventually, expectLive, BASE, hoverHeatmapCell } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

/** Opens a metrics route and waits until the status bar says Prometheus answered (not the demo data). */
async function openLive(page, fragment) {
  await gotoRoute(page, fragment);
  await expectLive(page, 'Prometheus');
}

async function runQuery(page, expr) {
  await openLive(page, '#/metrics');
  await page.fill('textarea[aria-label="PromQL query A"]', expr);
  const loads = () => performance.getEntriesByName('trifocal:metrics-loaded').length;
  const before = await page.evaluate(loads);
  await page.click('[data-testid=run-query]');
  // Wait until this run has finished (results or an error), so callers read its summary.
  await page.waitForFunction((n) => performance.getEntriesByName('trifocal:metrics-loaded').length > n, before, { timeout: 30000 }).catch(() => {});
}

async function seriesCountFromPrometheus(expr) {
  const end = Math.floor(Date.now() / 1000);
  const url = `${BASE}api/prometheus/api/v1/query_range?query=${encodeURIComponent(expr)}&start=${end - 3600}&end=${end}&step=15`;
  const body = await (await fetch(url)).json();
  return body.data.result.length;
}

/** The drawn series count is Prometheus' own for the same query over the last hour (one more allowed: a series
 *  can start between the two asks). */
async function assertSeriesAsPrometheus(page, expr) {
  const shown = Number(await page.getAttribute('[data-testid=metrics-summary]', 'data-series'));
  const expected = await seriesCountFromPrometheus(expr);
  assert.ok(expected > 0 && shown >= expected && shown <= expected + 1, `chart shows ${shown} series, Prometheus returned ${expected} for ${expr}`);
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
  // Pick an exemplar whose trace Jaeger still holds (the oldest ones in the range may have been evicted).
  const ids = await page.$$eval('a.exemplar[data-trace-id]', (as) => as.map((a) => a.dataset.traceId));
  let id = null;
  const stride = Math.max(1, Math.floor(ids.length / 60));
  for (const tid of ids.filter((_, i) => i % stride === 0).reverse()) {
    const r = await fetch(`${BASE}api/jaeger/api/traces/${tid}`);
    if (r.ok) { id = tid; break; }
  }
  assert.ok(id, 'an exemplar links a trace that Jaeger has');
  const link = page.locator(`a.exemplar[data-trace-id="${id}"]`).first();
  assert.match(id, /^[0-9a-f]{32}$/);
  assert.ok((await link.getAttribute('aria-label')).includes(id), 'accessible label names the trace ID');
  await link.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((tid) => location.hash.includes('/trace') && location.hash.includes(tid), id);
  await page.waitForSelector('[data-testid=trace-header]', { timeout: 30000 });
  await expectLive(page, 'Jaeger');
  // The trace Jaeger holds, every span of it.
  const spans = (await (await fetch(`${BASE}api/jaeger/api/traces/${id}`)).json()).data[0].spans.length;
  assert.equal(Number(await page.getAttribute('[data-testid=trace-header]', 'data-spans')), spans);
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

async function promJson(path) {
  const r = await fetch(`${BASE}api/prometheus${path}`);
  return (await r.json()).data;
}

/** A cheap fingerprint of the chart canvas pixels. */
async function canvasHash(page) {
  return page.evaluate(() => {
    const c = document.querySelector('.chart canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let h = 0;
    for (let i = 0; i < d.length; i += 4) h = (h * 31 + d[i] * 7 + d[i + 1] * 3 + d[i + 2]) % 1000000007;
    return h;
  });
}

async function draws(page) {
  return Number(await page.getAttribute('.chart canvas', 'data-draws'));
}

test('autocomplete offers a real metric name from Prometheus and inserts the chosen one', async () => {
  const { page } = b;
  const end = Math.floor(Date.now() / 1000);
  const names = await promJson(`/api/v1/label/__name__/values?start=${end - 3600}&end=${end}`);
  const target = names.find((n) => n.startsWith('http_server_request_duration_seconds_bucket')) || names.find((n) => n.startsWith('http_')) || names[0];
  assert.ok(target, 'Prometheus has metric names');
  const prefix = target.slice(0, Math.max(3, target.length - 4));
  await openLive(page, '#/metrics');
  const editor = page.locator('textarea[aria-label="PromQL query A"]');
  await editor.fill(prefix);
  const option = page.locator(`[role=listbox] [role=option][data-value="${target}"]`);
  await option.waitFor({ timeout: 15000 });
  // Every metric offered is one Prometheus knows and starts with (or contains) what was typed.
  const offered = await page.$$eval('[role=listbox] [role=option][data-kind=metric]', (os) => os.map((o) => o.dataset.value));
  assert.ok(offered.length >= 1);
  for (const m of offered) assert.ok(names.includes(m), `${m} is a Prometheus metric`);
  // Each says what Prometheus' metadata says of its family: type and help.
  const meta = await promJson('/api/v1/metadata');
  const family = target.replace(/_(bucket|count|sum|total|created)$/, '');
  const m = meta[target]?.[0] || meta[family]?.[0];
  assert.ok(m && m.help, `Prometheus has metadata for ${family}`);
  const detail = await option.locator('.qe-detail').textContent();
  assert.ok(detail.startsWith(`${m.type} · ${m.help.split(/\s+/).join(' ').slice(0, 40)}`), `${detail} vs ${m.type} ${m.help}`);
  assert.equal(await editor.getAttribute('aria-controls'), await page.getAttribute('[role=listbox]', 'id'));
  // Choose it with the keyboard: move down to it, Enter.
  const all = await page.$$eval('[role=listbox] [role=option]', (os) => os.map((o) => o.dataset.value));
  const idx = all.indexOf(target);
  for (let i = 0; i < idx; i++) await page.keyboard.press('ArrowDown');
  const active = await editor.getAttribute('aria-activedescendant');
  assert.equal(await page.getAttribute(`#${active}`, 'data-value'), target);
  await page.keyboard.press('Enter');
  assert.equal(await editor.inputValue(), target);
  assert.equal(await page.locator('[role=listbox]').count(), 0, 'the list closes after choosing');
  // The highlight overlay shows the same text, as a metric token.
  assert.equal(await page.locator('.qe-highlight .tok-metric').first().textContent(), target);
  // Escape closes a reopened list; Shift+Enter runs.
  await editor.press('Control+Space');
  await editor.press('Escape');
  assert.equal(await page.locator('[role=listbox]').count(), 0);
  await editor.press('Shift+Enter');
  await page.waitForFunction(() => location.hash.includes('q.A='));
  await page.waitForSelector('[data-testid=metrics-summary]', { timeout: 15000 });
  assert.deepEqual(b.problems, []);
});

test('label values are completed from Prometheus for the metric being edited', async () => {
  const { page } = b;
  const end = Math.floor(Date.now() / 1000);
  const metric = 'http_server_requests_total';
  const values = await promJson(`/api/v1/label/service_name/values?match[]=${metric}&start=${end - 3600}&end=${end}`);
  assert.ok(values.length > 0);
  await openLive(page, '#/metrics');
  const editor = page.locator('textarea[aria-label="PromQL query A"]');
  await editor.fill(`${metric}{service_name="`);
  await page.locator('[role=listbox] [role=option]').first().waitFor({ timeout: 15000 });
  const offered = await page.$$eval('[role=listbox] [role=option]', (os) => os.map((o) => o.dataset.value));
  assert.deepEqual(offered.slice().sort(), values.slice().sort());
  await page.keyboard.press('Tab');
  assert.equal(await editor.inputValue(), `${metric}{service_name="${offered[0]}"`);
  // The unbalanced brace is reported under the editor before running.
  await page.locator('[data-testid=query-problems]').waitFor();
  assert.match(await page.locator('[data-testid=query-problems]').textContent(), /never closed/);
});

test('the p90 button adds a histogram_quantile query that draws a series', async () => {
  const { page } = b;
  await eventually(async () => {
    await runQuery(page, 'http_server_request_duration_seconds_bucket{service_name="search-service"}');
    await page.waitForSelector('[data-testid=metrics-summary]', { timeout: 15000 });
    return Number(await page.getAttribute('[data-testid=metrics-summary]', 'data-series')) > 0;
  }, { timeout: 60000 });
  const before = Number(await page.getAttribute('[data-testid=metrics-summary]', 'data-series'));
  await page.click('[data-testid=quantile-p90]');
  const b2 = page.locator('textarea[aria-label="PromQL query B"]');
  await b2.waitFor({ timeout: 15000 });
  const expr = await b2.inputValue();
  assert.match(expr, /^histogram_quantile\(0\.9, sum by \(le\) \(rate\(http_server_request_duration_seconds_bucket\{service_name="search-service"\}\[5m\]\)\)\)$/);
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid=metrics-summary]')?.dataset.series) === n + 1, before, { timeout: 20000 });
  const p90 = page.locator('.legend-item', { hasText: 'p90' });
  assert.equal(await p90.count(), 1);
  // Prometheus itself returns one series with values for it.
  const end = Math.floor(Date.now() / 1000);
  const d = await promJson(`/api/v1/query_range?query=${encodeURIComponent(expr)}&start=${end - 3600}&end=${end}&step=60`);
  assert.equal(d.result.length, 1);
  assert.deepEqual(b.problems, []);
});

test('changing the draw style or the unit redraws the chart and is kept in the URL', async () => {
  const { page } = b;
  await eventually(async () => {
    await runQuery(page, 'sum by (service_name) (rate(http_server_requests_total[1m]))');
    await page.waitForSelector('[data-testid=metrics-summary]', { timeout: 15000 });
    return Number(await page.getAttribute('[data-testid=metrics-summary]', 'data-series')) >= 2;
  }, { timeout: 60000 });
  await assertSeriesAsPrometheus(page, 'sum by (service_name) (rate(http_server_requests_total[1m]))');
  await page.waitForFunction(() => Number(document.querySelector('.chart canvas')?.dataset.draws) > 0);
  const h0 = await canvasHash(page);
  let n = await draws(page);
  await page.selectOption('[data-testid=draw-style]', 'bars');
  await page.waitForFunction((k) => Number(document.querySelector('.chart canvas').dataset.draws) > k, n);
  const h1 = await canvasHash(page);
  assert.notEqual(h1, h0, 'bars look different from lines');
  n = await draws(page);
  await page.selectOption('[data-testid=unit-picker]', 'bytes');
  await page.waitForFunction((k) => Number(document.querySelector('.chart canvas').dataset.draws) > k, n);
  const h2 = await canvasHash(page);
  assert.notEqual(h2, h1, 'the y axis labels change with the unit');
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /style=bars/);
  assert.match(hash, /unit=bytes/);
  // Reloading the link restores the options.
  await page.reload();
  await page.waitForSelector('[data-testid=draw-style]');
  assert.equal(await page.$eval('[data-testid=draw-style]', (s) => s.value), 'bars');
  assert.equal(await page.$eval('[data-testid=unit-picker]', (s) => s.value), 'bytes');
});

test('clicking a legend entry isolates its series, clicking again shows all, shift-click toggles', async () => {
  const { page } = b;
  await eventually(async () => {
    await runQuery(page, 'sum by (service_name) (rate(http_server_requests_total[1m]))');
    await page.waitForSelector('[data-testid=metrics-summary]', { timeout: 15000 });
    return Number(await page.getAttribute('[data-testid=metrics-summary]', 'data-series')) >= 3;
  }, { timeout: 60000 });
  await assertSeriesAsPrometheus(page, 'sum by (service_name) (rate(http_server_requests_total[1m]))');
  const legend = page.locator('[data-testid=legend]');
  const total = Number(await legend.getAttribute('data-total'));
  assert.ok(total >= 3);
  assert.equal(Number(await legend.getAttribute('data-visible')), total);
  const second = page.locator('.legend-item').nth(1);
  const key = await second.getAttribute('data-series');
  let n = await draws(page);
  await second.click();
  await page.waitForFunction(() => document.querySelector('[data-testid=legend]').dataset.visible === '1');
  await page.waitForFunction((k) => Number(document.querySelector('.chart canvas').dataset.draws) > k, n);
  const pressed = await page.$$eval('.legend-item', (bs) => bs.filter((x) => x.getAttribute('aria-pressed') === 'true').map((x) => x.dataset.series));
  assert.deepEqual(pressed, [key]);
  // Shift-click another one adds it back.
  await page.locator('.legend-item').nth(0).click({ modifiers: ['Shift'] });
  await page.waitForFunction(() => document.querySelector('[data-testid=legend]').dataset.visible === '2');
  // Clicking the isolated one when others are hidden isolates it again; clicking it once more shows all.
  await second.click();
  await page.waitForFunction(() => document.querySelector('[data-testid=legend]').dataset.visible === '1');
  await second.click();
  await page.waitForFunction((t) => document.querySelector('[data-testid=legend]').dataset.visible === String(t), total);
});

test('an instant query shows a table with one row per series Prometheus returns', async () => {
  const { page } = b;
  const expr = 'sum by (service_name, http_response_status_code) (rate(http_server_requests_total[5m]))';
  const d = await promJson(`/api/v1/query?query=${encodeURIComponent(expr)}`);
  await openLive(page, `#/metrics?q.A=${encodeURIComponent(expr)}&instant.A=1`);
  const table = page.locator('[data-testid=instant-table]');
  await table.waitFor({ timeout: 15000 });
  const rows = Number(await table.getAttribute('data-rows'));
  assert.ok(Math.abs(rows - d.result.length) <= 1, `table ${rows} rows, Prometheus ${d.result.length}`);
  const headers = await page.$$eval('[data-testid=instant-table] th', (ths) => ths.map((t) => t.textContent));
  assert.ok(headers.some((h) => h.startsWith('service_name')));
  // Sorted by value, largest first.
  const vals = await page.$$eval('[data-testid=instant-row] td.num', (tds) => tds.map((t) => parseFloat(t.textContent)));
  for (let i = 1; i < vals.length; i++) assert.ok(vals[i - 1] >= vals[i] || Number.isNaN(vals[i]), `sorted: ${vals}`);
});

test('auto-refresh re-runs the queries and shows a live indicator', async () => {
  const { page } = b;
  await openLive(page, `#/metrics?q.A=${encodeURIComponent('up')}&refresh=5s`);
  const ind = page.locator('[data-testid=refresh-indicator]');
  await ind.waitFor({ timeout: 15000 });
  assert.match(await ind.textContent(), /next in \ds|refreshing/);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=metrics-summary]')?.dataset.series) > 0, null, { timeout: 15000 });
  await assertSeriesAsPrometheus(page, 'up');
  const marks = () => page.evaluate(() => performance.getEntriesByName('trifocal:metrics-loaded').length);
  const m0 = await marks();
  await page.waitForFunction((k) => performance.getEntriesByName('trifocal:metrics-loaded').length > k, m0, { timeout: 15000 });
  await page.selectOption('[data-testid=refresh-picker]', '');
  assert.equal(await ind.count(), 0);
  assert.ok(!(await page.evaluate(() => location.hash)).includes('refresh='));
});

test('keyboard: t ← shifts the range back, t z zooms out, and the help lists them', async () => {
  const { page } = b;
  await openLive(page, `#/metrics?q.A=up&from=1795500000000&to=1795503600000`);
  await page.waitForSelector('[data-testid=metrics-summary]');
  await page.locator('h1').click();
  await page.keyboard.press('t');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => location.hash.includes('from=1795496400000') && location.hash.includes('to=1795500000000'));
  await page.waitForSelector('[data-testid=metrics-summary]');
  await page.locator('h1').click();
  await page.keyboard.press('t');
  await page.keyboard.press('z');
  await page.waitForFunction(() => location.hash.includes('from=1795494600000') && location.hash.includes('to=1795501800000'));
  // Typing in an editor is never a shortcut.
  const before = await page.evaluate(() => location.hash);
  await page.locator('textarea[aria-label="PromQL query A"]').press('t');
  await page.locator('textarea[aria-label="PromQL query A"]').press('z');
  assert.equal(await page.evaluate(() => location.hash), before);
  await page.getByRole('button', { name: 'Shortcuts' }).click();
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  assert.match(await help.textContent(), /t ←.*t →.*t z.*Shift\+Enter/s);
});

// ── Visualisations: stat/table picker (the table's series values), heatmap ──

async function prom(path, params) {
  const r = await fetch(`${BASE}api/prometheus/api/v1/${path}?${new URLSearchParams(params)}`);
  const body = await r.json();
  assert.equal(body.status, 'success', JSON.stringify(body).slice(0, 300));
  return body.data.result;
}

/** Waits for the page's first answer: the summary is on the page from the start, with 0 series until then. */
async function answered(page) {
  await page.waitForFunction(() => performance.getEntriesByName('trifocal:metrics-loaded').length > 0, null, { timeout: 30000 });
}

test('the table\'s "Series values" lists, at each time, exactly the values Prometheus gives at that time', async () => {
  const { page } = b;
  const expr = 'sum by (service_name) (rate(http_server_requests_total[1m]))';
  // A fixed window of whole minutes that ends in the past, so the page and Prometheus' instant queries see the
  // same samples. On a stack that has only just started, wait until that window holds two steps of every series.
  let from; let to;
  await eventually(async () => {
    to = Math.floor(Date.now() / 60000) * 60000 - 60000;
    from = to - 15 * 60000;
    const got = await prom('query_range', { query: expr, start: String(from / 1000), end: String(to / 1000), step: '15' });
    return got.length >= 3 && got.every((s) => s.values.length >= 2);
  }, { timeout: 180000, interval: 5000 });
  await openLive(page, `#/metrics?q.A=${encodeURIComponent(expr)}&from=${from}&to=${to}`);
  await answered(page);
  const series = Number(await page.getAttribute('[data-testid=metrics-summary]', 'data-series'));
  assert.ok(series >= 3, `${series} series`);
  await page.selectOption('[data-testid=viz-picker]', 'table');
  await page.click('[data-testid=table-values]');
  await page.waitForSelector('[data-testid=chart-table] tbody tr');
  assert.equal(await page.locator('[data-testid=chart-table] thead th').count(), series + 1, 'a column per series and one for the time');
  // Two rows, far apart: every value equals Prometheus' instant value of the same expression at that time.
  const rows = await page.$$eval('[data-testid=chart-table] tbody tr', (trs) => trs.map((tr) => ({
    t: Number(tr.dataset.t), values: [...tr.querySelectorAll('td[data-value]')].map((td) => Number(td.dataset.value)),
  })));
  // (A fresh stack has only minutes of data in the window: two rows, far apart, are enough.)
  assert.ok(rows.length >= 2, `${rows.length} rows`);
  for (const row of [rows[0], rows[rows.length - 1]]) {
    const want = (await prom('query', { query: expr, time: String(row.t / 1000) })).map((s) => Number(s.value[1])).sort((a, b) => a - b);
    const got = [...row.values].sort((a, b) => a - b);
    assert.equal(got.length, want.length, `at ${row.t}: ${got} vs ${want}`);
    got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) <= 1e-9 * Math.max(1, Math.abs(want[i])), `at ${row.t}: ${v} vs ${want[i]}`));
  }
  assert.equal(await page.getAttribute('[data-testid=table-values]', 'aria-pressed'), 'true');
  assert.deepEqual(b.problems, []);
});

test('the visualisation picker shows the same series as stats and as a table, and the link keeps the choice', async () => {
  const { page } = b;
  const expr = 'sum by (service_name) (rate(http_server_requests_total[1m]))';
  await openLive(page, `#/metrics?q.A=${encodeURIComponent(expr)}`);
  await answered(page);
  const series = Number(await page.getAttribute('[data-testid=metrics-summary]', 'data-series'));
  await assertSeriesAsPrometheus(page, expr);
  await page.selectOption('[data-testid=viz-picker]', 'stat');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=explore-stat] [data-testid=stat-value]').length === n, series, { timeout: 10000 });
  await page.selectOption('[data-testid=viz-picker]', 'table');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=explore-table] [data-testid=explore-row]').length === n, series, { timeout: 10000 });
  await page.waitForFunction(() => location.hash.includes('viz=table'));
  await openLive(page, await page.evaluate(() => location.hash));
  await page.waitForSelector('[data-testid=explore-table]', { timeout: 30000 });
  assert.equal(await page.inputValue('[data-testid=viz-picker]'), 'table');
  assert.equal(await page.locator('figure[aria-label="Query result chart"]').count(), 0, 'no time-series chart in table mode');
  assert.deepEqual(b.problems, []);
});

test('a _bucket histogram as a heatmap has a row per bucket Prometheus returns, and hovering a cell tells its count', async () => {
  const { page } = b;
  const expr = 'sum by (le) (rate(http_server_request_duration_seconds_bucket{service_name="search-service"}[5m]))';
  const end = Math.floor(Date.now() / 1000);
  const les = new Set((await prom('query_range', { query: expr, start: String(end - 3600), end: String(end), step: '60' })).map((s) => s.metric.le));
  assert.ok(les.size >= 5 && les.has('+Inf'), [...les].join());
  // The last 10 minutes: data on every step even when the stack has just started.
  await openLive(page, `#/metrics?q.A=${encodeURIComponent(expr)}&viz=heatmap&from=now-10m&to=now`);
  await page.waitForSelector('[data-testid=heatmap] canvas[data-draws]', { timeout: 30000 });
  assert.equal(Number(await page.getAttribute('[data-testid=heatmap]', 'data-buckets')), les.size);
  assert.ok(Number(await page.getAttribute('[data-testid=heatmap]', 'data-steps')) >= 3);
  // The cells are drawn in several shades of the ramp.
  const shades = await page.evaluate(() => {
    const c = document.querySelector('[data-testid=heatmap] canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 16) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
    return seen.size;
  });
  assert.ok(shades > 8, `${shades} colours on the heatmap`);
  await hoverHeatmapCell(page);
  const count = await page.textContent('[data-testid=heatmap-count]');
  assert.match(count, /^[0-9.]+(e[-+]?\d+)?( ?[a-zA-Z/]+)?$/, count);
  assert.match(await page.textContent('[data-testid=heatmap-tip]'), /bucket/);
  assert.deepEqual(b.problems, []);
});
