// Value-axis bounds, the byNames matcher and a heatmap's colour range, against live Prometheus. Node Exporter
// Full's "Disk Space Used Basic" (min 0, max 100 %) draws its axis from 0 to 100 though Prometheus' value is far
// below; its "Exporter Processes Memory" (the "hide series" override Grafana's legend click saved: every
// series but "Virtual Memory" hidden from the plot) draws one of the series Prometheus returns; a heatmap whose
// colour scale ends at a count below every cell draws its cells in the scale's top colour.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, addOverride, openBrowser, eventually, expectLive, fetchJson, importDashboard, openImported, promInstant, settledPanels, grafanaFixture, walkPanels, applyPanel, editPanel, savePanelSpec, reopenDashboard } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

const ds = { type: 'prometheus', uid: 'prom' };
const NODE = grafanaFixture('node-exporter-full');

/** A copy of Node Exporter Full's panel `title` on the test's Prometheus, placed at the top. */
function nodePanel(title) {
  const p = structuredClone([...walkPanels(NODE.panels)].find((x) => x.title === title));
  assert.ok(p, title);
  return { ...p, id: 1, datasource: ds, gridPos: { x: 0, y: 0, w: 16, h: 10 } };
}

/** The tick values of a chart box (`data-y-ticks`: labels such as "100%" joined by `|`). */
async function ticks(box) {
  return ((await box.getAttribute('data-y-ticks')) || '').split('|').filter(Boolean).map((t) => parseFloat(t));
}

test('Node Exporter Full\'s "Disk Space Used Basic" (min 0, max 100) draws its value axis from 0 to 100 %', async () => {
  const { page } = b;
  const expr = 'count(up)';
  const [got] = await promInstant(expr);
  const value = Number(got.value[1]);
  // Far below 100: an axis fitted to the data would end well under it.
  assert.ok(value >= 1 && value < 40, `Prometheus counts ${value} targets`);
  const panel = nodePanel('Disk Space Used Basic');
  assert.deepEqual([panel.fieldConfig.defaults.min, panel.fieldConfig.defaults.max], [0, 100]);
  panel.targets = [{ refId: 'A', datasource: ds, expr, legendFormat: 'targets' }];
  const uid = `e2e-axisrange-${Date.now()}`;
  await openImported(page, { uid, title: `Axis range ${uid}`, schemaVersion: 39, time: { from: 'now-15m', to: 'now' }, panels: [panel] });
  await expectLive(page, 'Prometheus');
  const [p] = await settledPanels(page, { count: 1 });
  assert.deepEqual(p.errors, []);
  const box = page.locator('[data-testid=panel] .chart-box');
  await eventually(async () => (await ticks(box)).length > 0);
  const t = await ticks(box);
  assert.equal(Math.min(...t), 0, `ticks ${t}`);
  assert.equal(Math.max(...t), 100, `ticks ${t}`);
  assert.match(await box.getAttribute('data-y-ticks'), /100\s?%/);
  assert.deepEqual(b.problems, []);
});

test('Node Exporter Full\'s "Exporter Processes Memory" draws only the series its byNames "hide series" override keeps', async () => {
  const { page } = b;
  const [self] = await promInstant('up{job="prometheus"}');
  assert.ok(self, 'Prometheus scrapes itself');
  const { instance, job } = self.metric;
  const panel = nodePanel('Exporter Processes Memory');
  const hide = panel.fieldConfig.overrides.find((o) => o.matcher.id === 'byNames');
  assert.deepEqual([hide.matcher.options.mode, hide.matcher.options.names], ['exclude', ['Virtual Memory']]);
  for (const t of panel.targets) {
    t.datasource = ds;
    t.expr = t.expr.replaceAll('$node', instance).replaceAll('$job', job);
  }
  // Prometheus' answer: the series of both queries, one of them called "Virtual Memory" by its legend.
  const answers = await Promise.all(panel.targets.map((t) => promInstant(t.expr)));
  const total = answers.reduce((n, r) => n + r.length, 0);
  const kept = panel.targets.filter((t, i) => t.legendFormat === 'Virtual Memory' && answers[i].length).length;
  assert.ok(total >= 2 && kept === 1, `Prometheus returns ${total} series, ${kept} of them Virtual Memory`);

  const uid = `e2e-bynames-${Date.now()}`;
  await importDashboard(page, { uid, title: `byNames ${uid}`, schemaVersion: 39, time: { from: 'now-15m', to: 'now' }, panels: [panel] });
  const notices = await page.locator('[data-testid=import-notice]').allTextContents();
  assert.ok(!notices.some((n) => n.includes('byNames')), notices.join('\n'));
  await page.click('[data-testid=import-open]');
  await page.waitForSelector('[data-testid=dash-title]');
  await expectLive(page, 'Prometheus');
  await settledPanels(page, { count: 1 });
  const legend = page.locator('[data-testid=panel] [data-testid=legend]');
  await eventually(async () => Number(await legend.getAttribute('data-total')) === total);
  // Every series listed (hidden from the plot only), one drawn: "Virtual Memory".
  assert.equal(Number(await legend.getAttribute('data-listed')), total);
  assert.equal(Number(await legend.getAttribute('data-visible')), kept);
  assert.equal(await legend.locator('.legend-item', { hasText: /^\s*Virtual Memory\s*$/ }).getAttribute('aria-pressed'), 'true');
  assert.equal(await legend.locator('.legend-item', { hasText: 'Virtual Memory Limit' }).getAttribute('aria-pressed'), 'false');
  assert.deepEqual(b.problems, []);
});

test('a Grafana heatmap\'s colour max clamps its scale: every cell of live buckets is drawn in the top colour', async () => {
  const { page } = b;
  const EXPR = 'sum by (le) (rate(http_server_request_duration_seconds_bucket{service_name="search-service"}[5m]))';
  const end = Math.floor(Date.now() / 1000);
  const body = await fetchJson(`${BASE}api/prometheus/api/v1/query_range?query=${encodeURIComponent(EXPR)}&start=${end - 600}&end=${end}&step=60`);
  assert.equal(body.status, 'success');
  const positive = body.data.result.flatMap((s) => s.values.map((v) => Number(v[1]))).filter((v) => v > 0);
  assert.ok(positive.length > 0, 'Prometheus has request buckets');
  // The scale ends far below any count a cell can hold (a cell is a difference of two buckets' rates).
  const cmax = 1e-9;
  const uid = `e2e-heatcolor-${Date.now()}`;
  await openImported(page, {
    uid, title: `Heat colour ${uid}`, schemaVersion: 39, time: { from: 'now-10m', to: 'now' },
    panels: [{ type: 'heatmap', id: 1, title: 'Latency', datasource: ds, gridPos: { x: 0, y: 0, w: 24, h: 10 },
      targets: [{ refId: 'A', datasource: ds, expr: EXPR }],
      options: { color: { mode: 'scheme', scheme: 'Oranges', scale: 'exponential', exponent: 0.5, min: 0, max: cmax, steps: 64 } } }],
  });
  await expectLive(page, 'Prometheus');
  await page.waitForSelector('[data-testid=heatmap] canvas[data-draws]', { timeout: 30000 });
  const fig = page.locator('[data-testid=heatmap]');
  await eventually(async () => (await fig.getAttribute('data-color-range')) !== null);
  assert.deepEqual((await fig.getAttribute('data-color-range')).split('|').map(Number), [0, cmax]);
  const scale = await page.$$eval('[aria-label="Colour scale"] span', (l) => l.map((x) => x.textContent));
  assert.equal(scale[0], '0');
  const stops = (await page.getAttribute('[aria-label="Colour scale"] .heat-ramp', 'style')).match(/rgb\(\d+,\d+,\d+\)/g);
  const top = stops[stops.length - 1].match(/\d+/g).map(Number);

  // A cell with a count: its pixel on the canvas is the top colour.
  const canvas = page.locator('[data-testid=heatmap] canvas');
  const bb = await canvas.boundingBox();
  let found = null;
  for (let fx = 0.97; fx > 0.3 && !found; fx -= 0.03) {
    for (const fy of [0.2, 0.4, 0.6, 0.8]) {
      await page.mouse.move(bb.x + bb.width * fx, bb.y + bb.height * fy);
      const tip = await page.waitForSelector('[data-testid=heatmap-tip]', { timeout: 300 }).then(() => true, () => false);
      if (!tip) continue;
      const count = parseFloat(await page.textContent('[data-testid=heatmap-count]'));
      if (count > 0) { found = { x: bb.width * fx, y: bb.height * fy, count }; break; }
    }
  }
  assert.ok(found, 'a cell with a count');
  await page.mouse.move(0, 0);
  const pixel = await canvas.evaluate((c, { x, y }) => {
    const r = c.getBoundingClientRect();
    const d = c.getContext('2d').getImageData(Math.floor(x * c.width / r.width), Math.floor(y * c.height / r.height), 1, 1).data;
    return [d[0], d[1], d[2]];
  }, found);
  assert.deepEqual(pixel, top, `cell of count ${found.count}`);
  assert.deepEqual(b.problems, []);
});

test('Node Exporter Full\'s "TCP Stat Persistent" shows its noValue "0" when Prometheus answers nothing', async () => {
  const { page } = b;
  const [self] = await promInstant('up{job="prometheus"}');
  const { instance, job } = self.metric;
  const panel = nodePanel('TCP Stat Persistent');
  assert.equal(panel.fieldConfig.defaults.noValue, '0');
  for (const t of panel.targets) {
    t.datasource = ds;
    t.expr = t.expr.replaceAll('$node', instance).replaceAll('$job', job);
  }
  // Prometheus scrapes no node exporter here: every query of the panel answers nothing.
  for (const t of panel.targets) assert.deepEqual(await promInstant(t.expr), [], t.expr);
  // …while the same instance answers for its own metrics (the backend is up).
  assert.equal((await promInstant(`up{instance="${instance}",job="${job}"}`)).length, 1);
  const uid = `e2e-novalue-${Date.now()}`;
  await openImported(page, { uid, title: `No value ${uid}`, schemaVersion: 39, time: { from: 'now-15m', to: 'now' }, panels: [panel] });
  await expectLive(page, 'Prometheus');
  const [p] = await settledPanels(page, { count: 1 });
  assert.deepEqual([p.state, p.errors], ['empty', []]);
  assert.equal((await page.textContent('[data-testid=panel] [data-testid=panel-empty]')).trim(), '0');
  assert.deepEqual(b.problems, []);
});

test('the panel editor fixes the axis max, sets a soft min and hides every series but one, kept after save and reload', async () => {
  const { page } = b;
  const uid = `e2e-axisedit2-${Date.now()}`;
  await openImported(page, {
    uid, title: `Axis editor ${uid}`, schemaVersion: 39, time: { from: 'now-15m', to: 'now' },
    panels: [{ type: 'timeseries', id: 1, title: 'Targets', datasource: ds, gridPos: { x: 0, y: 0, w: 16, h: 10 },
      targets: [
        { refId: 'A', datasource: ds, expr: 'count(up)', legendFormat: 'targets' },
        { refId: 'B', datasource: ds, expr: 'max(up)', legendFormat: 'any up' },
      ] }],
  });
  await expectLive(page, 'Prometheus');
  await settledPanels(page, { count: 1 });
  const box = page.locator('[data-testid=panel] .chart-box');
  const legend = page.locator('[data-testid=panel] [data-testid=legend]');
  await editPanel(page);
  await page.fill('input[aria-label="Panel max"]', '500');
  await page.press('input[aria-label="Panel max"]', 'Tab');
  await page.fill('input[aria-label="Panel soft min"]', '-50');
  await page.press('input[aria-label="Panel soft min"]', 'Tab');
  await addOverride(page, 1, 'targets', 'allBut');
  await page.check('input[aria-label="Override 1 hidden from the plot"]');
  await applyPanel(page);

  const check = async () => {
    const [targets] = await promInstant('count(up)');
    const n = Number(targets.value[1]);
    assert.ok(n < 400 && n > 0);
    // The axis runs from the soft min (below every value) to the fixed max, far above Prometheus' count.
    await eventually(async () => Math.max(...await ticks(box)) === 500 && Number(await legend.getAttribute('data-visible')) === 1).catch(async (e) => {
      throw new Error(`${e.message}: ticks ${await box.getAttribute('data-y-ticks')}, visible ${await legend.getAttribute('data-visible')}`);
    });
    const t = await ticks(box);
    assert.ok(Math.min(...t) <= -50 && Math.min(...t) > -500, `ticks ${t}`);
    assert.equal(Number(await legend.getAttribute('data-total')), 2);
    assert.equal(await legend.locator('.legend-item', { hasText: 'targets' }).getAttribute('aria-pressed'), 'true');
  };
  await check();
  const spec = await savePanelSpec(page, uid);
  assert.deepEqual([spec.max, spec.softMin, spec.overrides], [500, -50, [{ names: ['targets'], namesExclude: true, hideFrom: { viz: true } }]]);
  await reopenDashboard(page, uid);
  await check();
  assert.deepEqual(b.problems, []);
});
