// What Prometheus 3 changed that a UI meets, against the stack's live Prometheus 3 (module v0.316.0), fed by the
// generator over OTLP: UTF-8 metric and label names (rag.queue.depth, service.name) and native histograms
// (rag.request.duration_seconds, an OTLP exponential histogram). Expected values come from Prometheus' own API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, gotoRoute, eventually, expectLive, BASE } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

const GAUGE = '{"rag.queue.depth"}';
const HIST = '{"rag.request.duration_seconds", "service.name"="search-service"}';

async function prom(path, params) {
  const r = await fetch(`${BASE}api/prometheus${path}?${new URLSearchParams(params)}`);
  const body = await r.json();
  assert.equal(body.status, 'success', JSON.stringify(body));
  return body.data;
}

test('Prometheus 3 answers at the default path and says so', async () => {
  const info = await prom('/api/v1/status/buildinfo', {});
  assert.match(info.version, /^3\./, `buildinfo version ${info.version}`);
});

test('a UTF-8 metric name draws every series, with a dotted label name in the legend', async () => {
  const { page } = b;
  const now = Math.floor(Date.now() / 1000);
  const want = await eventually(async () => {
    const r = await prom('/api/v1/query_range', { query: GAUGE, start: now - 600, end: now, step: 15 });
    return r.result.length >= 3 && r.result;
  }, { timeout: 60000 });
  const services = want.map((s) => s.metric['service.name']).sort();
  assert.ok(services.every(Boolean), 'Prometheus keeps service.name as a label');
  await gotoRoute(page, `#/metrics?q.A=${encodeURIComponent(GAUGE)}&legend.A=${encodeURIComponent('{{service.name}}')}&from=now-10m&to=now`);
  await expectLive(page, 'Prometheus');
  await page.waitForSelector('[data-testid=metrics-summary]', { timeout: 30000 });
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid=metrics-summary]')?.dataset.series) >= n, services.length, { timeout: 30000 });
  const legend = (await page.$$eval('.legend-item', (ls) => ls.map((l) => l.textContent.trim()))).sort();
  for (const s of services) assert.ok(legend.some((l) => l.includes(s)), `the legend names ${s}: ${legend.join(', ')}`);
  assert.ok(legend.every((l) => !l.includes('{{')), `legend templates are filled in: ${legend.join(', ')}`);
  // The editor highlights the quoted name as a metric and reports no problem.
  assert.equal(await page.locator('.qe-highlight .tok-metric').first().textContent(), '"rag.queue.depth"');
  assert.equal(await page.locator('[data-testid=query-problems]').count(), 0);
  assert.deepEqual(b.problems, []);
});

test('completion offers a dotted metric name from Prometheus and inserts it quoted', async () => {
  const { page } = b;
  const now = Math.floor(Date.now() / 1000);
  const names = await prom('/api/v1/label/__name__/values', { start: now - 3600, end: now });
  assert.ok(names.includes('rag.queue.depth'), 'Prometheus lists the dotted name');
  await gotoRoute(page, '#/metrics');
  await expectLive(page, 'Prometheus');
  const editor = page.locator('textarea[aria-label="PromQL query A"]');
  await editor.fill('rag.queue.de');
  const option = page.locator('[role=listbox] [role=option][data-value="rag.queue.depth"]');
  await option.waitFor({ timeout: 15000 });
  const all = await page.$$eval('[role=listbox] [role=option]', (os) => os.map((o) => o.dataset.value));
  for (let i = 0; i < all.indexOf('rag.queue.depth'); i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  assert.equal(await editor.inputValue(), '{"rag.queue.depth"}');
  // A dotted label name inside the selector is completed quoted too, from Prometheus' label names.
  const labels = await prom('/api/v1/labels', { 'match[]': GAUGE, start: now - 3600, end: now });
  assert.ok(labels.includes('service.name'));
  await editor.fill('{"rag.queue.depth", serv');
  const lab = page.locator('[role=listbox] [role=option][data-value="service.name"]');
  await lab.waitFor({ timeout: 15000 });
  const ls = await page.$$eval('[role=listbox] [role=option]', (os) => os.map((o) => o.dataset.value));
  for (let i = 0; i < ls.indexOf('service.name'); i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  assert.match(await editor.inputValue(), /^\{"rag\.queue\.depth", "service\.name"/);
  assert.deepEqual(b.problems, []);
});

test('a native histogram is drawn as a heatmap with a row per bucket Prometheus returns', async () => {
  const { page } = b;
  // A fixed past window, so the app's answer and ours hold the same samples.
  const end = Math.floor(Date.now() / 1000) - 60;
  const start = end - 600;
  await eventually(async () => (await prom('/api/v1/query_range', { query: HIST, start, end, step: 15 })).result.length === 1, { timeout: 60000 });
  const asked = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/query_range')) asked.push(r.url()); });
  await gotoRoute(page, `#/metrics?q.A=${encodeURIComponent(HIST)}&from=${start * 1000}&to=${end * 1000}`);
  await expectLive(page, 'Prometheus');
  await page.waitForSelector('[data-testid=heatmap] canvas[data-draws]', { timeout: 30000 });
  // The app chose the heatmap from the answer (histogram samples), and says so.
  await page.waitForSelector('[data-testid=auto-heatmap-note]');
  const url = asked.find((u) => new URL(u).searchParams.get('query') === HIST);
  assert.ok(url, `the app asked Prometheus for the query: ${asked.join(' ')}`);
  const same = await (await fetch(url)).json();
  const hs = same.data.result[0].histograms;
  assert.ok(hs && hs.length >= 3, 'Prometheus answers native histogram samples');
  const buckets = new Set(hs.flatMap(([, h]) => (h.buckets || []).map(([, lo, hi]) => `${lo}|${hi}`)));
  assert.equal(Number(await page.getAttribute('[data-testid=heatmap]', 'data-buckets')), buckets.size);
  assert.ok(Number(await page.getAttribute('[data-testid=heatmap]', 'data-steps')) >= 3);
  const shades = await page.evaluate(() => {
    const c = document.querySelector('[data-testid=heatmap] canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 16) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
    return seen.size;
  });
  assert.ok(shades > 5, `${shades} colours on the heatmap`);
  assert.deepEqual(b.problems, []);
});

test('histogram_quantile over a native histogram is drawn as lines, one per service', async () => {
  const { page } = b;
  const expr = 'histogram_quantile(0.9, sum by ("service.name") (rate({"rag.request.duration_seconds"}[1m])))';
  const now = Math.floor(Date.now() / 1000);
  const want = await eventually(async () => {
    const r = await prom('/api/v1/query_range', { query: expr, start: now - 600, end: now, step: 15 });
    return r.result.length >= 3 && r.result;
  }, { timeout: 60000 });
  assert.ok(want.every((s) => Array.isArray(s.values)), 'quantiles are floats');
  await gotoRoute(page, `#/metrics?q.A=${encodeURIComponent(expr)}&legend.A=${encodeURIComponent('{{service.name}}')}&from=now-10m&to=now`);
  await expectLive(page, 'Prometheus');
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid=metrics-summary]')?.dataset.series) >= n, want.length, { timeout: 30000 });
  const shown = Number(await page.getAttribute('[data-testid=metrics-summary]', 'data-series'));
  assert.ok(shown >= want.length && shown <= want.length + 1, `${shown} lines, Prometheus returned ${want.length}`);
  assert.equal(await page.locator('[data-testid=heatmap]').count(), 0, 'float series are not a heatmap');
  await page.waitForSelector('.chart canvas');
  assert.deepEqual(b.problems, []);
});
