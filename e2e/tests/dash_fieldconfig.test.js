// Field config on time series, against live Prometheus: a Grafana time series whose overrides match a series
// by name and a query by refId shows the overridden names, colour and unit in its legend and hover tip; its
// thresholds (Grafana's `custom.thresholdsStyle` line+area) are drawn on the canvas at the value's place on
// the axis. And the panel editor's value mappings: one added to a stat, saved and reloaded, shows its text
// for Prometheus' live value.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, eventually, expectLive, hoverTipTexts, openImported, promInstant, settledPanels, applyPanel, editPanel, savePanelSpec, reopenDashboard } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

const ds = { type: 'prometheus', uid: 'prom' };

test('a Grafana time series shows its overrides by name and by query in legend and tip, and its thresholds at their place on the axis', async () => {
  const { page } = b;
  const uid = `e2e-fieldconfig-${Date.now()}`;
  const purple = '#b877d9'; // Grafana's "purple"
  const grafana = {
    uid, title: `Field config ${uid}`, schemaVersion: 39, time: { from: 'now-15m', to: 'now' },
    panels: [{
      type: 'timeseries', id: 1, title: 'Up and targets', datasource: ds, gridPos: { x: 0, y: 0, w: 16, h: 10 },
      targets: [
        { refId: 'A', datasource: ds, expr: 'max(up{job="prometheus"})', legendFormat: 'prometheus' },
        { refId: 'B', datasource: ds, expr: 'count(up)', legendFormat: 'targets' },
      ],
      fieldConfig: {
        defaults: {
          custom: { thresholdsStyle: { mode: 'line+area' } },
          thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'red', value: 1.05 }] },
        },
        overrides: [
          { matcher: { id: 'byName', options: 'prometheus' }, properties: [{ id: 'displayName', value: 'Prometheus itself' }, { id: 'color', value: { mode: 'fixed', fixedColor: 'purple' } }] },
          { matcher: { id: 'byFrameRefID', options: 'B' }, properties: [{ id: 'displayName', value: 'Scrape targets' }, { id: 'unit', value: 'bytes' }] },
        ],
      },
    }],
  };
  await openImported(page, grafana);
  await expectLive(page, 'Prometheus');
  const [p] = await settledPanels(page, { count: 1 });
  assert.deepEqual(p.errors, []);
  const [up] = await promInstant('max(up{job="prometheus"})');
  const [targets] = await promInstant('count(up)');
  assert.equal(Number(up.value[1]), 1);
  const nTargets = Number(targets.value[1]);
  assert.ok(nTargets >= 2, `Prometheus counts ${nTargets} targets`);

  const panel = page.locator('[data-testid=panel]');
  // Legend: the overridden names; the by-name one in the fixed colour.
  const legend = panel.locator('[data-testid=legend] .legend-item');
  await eventually(async () => (await legend.count()) === 2);
  assert.deepEqual((await legend.allTextContents()).map((t) => t.trim()).sort(), ['Prometheus itself', 'Scrape targets']);
  const swatch = await panel.locator('.legend-item', { hasText: 'Prometheus itself' }).locator('.swatch').evaluate((el) => getComputedStyle(el).backgroundColor);
  const hex = (c) => `#${c.match(/\d+/g).slice(0, 3).map((n) => Number(n).toString(16).padStart(2, '0')).join('')}`;
  assert.equal(hex(swatch), purple);
  // The unit override puts B on its own axis, in bytes.
  const box = panel.locator('.chart-box');
  assert.equal(await box.getAttribute('data-axis-right'), 'bytes');

  // Tip: both names, B's value (Prometheus' count) in bytes.
  const rows = await hoverTipTexts(page, panel, 'li', 2);
  const b2 = rows.find((r) => r.startsWith('Scrape targets'));
  assert.ok(b2, `tip rows: ${rows}`);
  const m = b2.match(/^Scrape targets\s*(\d+)\s*B$/);
  assert.ok(m, `B's row in bytes: ${b2}`);
  // A value Prometheus' count(up) had at one of the panel's own steps (the hovered time is not now; on a young
  // stack the count rises while the targets come up).
  const qb = p.queries.find((q) => q.refId === 'B');
  const range = await (await fetch(`${BASE}api/prometheus/api/v1/query_range?query=count(up)&start=${qb.start / 1000}&end=${qb.end / 1000}&step=${qb.step / 1000}`)).json();
  const counts = new Set(range.data.result[0].values.map(([, v]) => Number(v)));
  assert.ok(counts.has(Number(m[1])), `${m[1]} is one of Prometheus' counts ${[...counts]}`);
  assert.ok(rows.some((r) => /^Prometheus itself\s*1$/.test(r)), `tip rows: ${rows}`);

  // Thresholds: the 1.05 step on the left axis (A's, fitted around its constant 1; Grafana does not widen
  // the axis for thresholds either), where the axis' own ticks put 1.05.
  const ticks = (await box.getAttribute('data-y-tick-rows')).split('|').map((t) => t.split('@')).map(([l, y]) => [Number(l), Number(y)]);
  const drawn = (await box.getAttribute('data-thresholds') || '').split('|').filter(Boolean).map((t) => t.split('@').map(Number));
  assert.equal(drawn.length, 1, `thresholds drawn: ${drawn}; ticks ${JSON.stringify(ticks)}`);
  assert.equal(drawn[0][0], 1.05);
  const [lo, hi] = [ticks.filter(([v]) => v <= 1.05).at(-1), ticks.find(([v]) => v >= 1.05)];
  assert.ok(lo && hi, `ticks around 1.05: ${JSON.stringify(ticks)}`);
  const want = lo[0] === hi[0] ? lo[1] : lo[1] + (hi[1] - lo[1]) * (1.05 - lo[0]) / (hi[0] - lo[0]);
  assert.ok(Math.abs(drawn[0][1] - want) < 1, `threshold at y ${drawn[0][1]}, the axis puts 1.05 at ${want}`);
  // The canvas: the line on that row, the band above it tinted red, below it green.
  const px = await panel.locator('canvas').evaluate((c, y) => {
    const s = c.width / c.clientWidth;
    const g = c.getContext('2d');
    const at = (yy) => [...g.getImageData(Math.round(c.width * 0.3), Math.round(yy * s), 1, 1).data].slice(0, 3);
    // The 1 px line may fall between two pixel rows: the rows around it.
    return { line: [at(y - 1), at(y), at(y + 1)], above: at(y - 15), below: at(y + 15) };
  }, drawn[0][1]);
  // The line, anti-aliased over two rows, is far redder than the faint band (Grafana's red is r − g = 169).
  const redness = ([r, g]) => r - g;
  assert.ok(px.line.some((p) => redness(p) > 80 && redness(p) > redness(px.above) + 40), `line pixels ${JSON.stringify(px.line)}, band ${px.above}`);
  assert.ok(px.above[0] > px.above[1], `band above the step is reddish: ${px.above}`);
  assert.ok(px.below[1] > px.below[0], `band below the step is greenish: ${px.below}`);
  assert.deepEqual(b.problems, []);
});

test('a value mapping added in the panel editor is saved and, after reload, turns Prometheus\' live value into its text', async () => {
  const { page } = b;
  const uid = `e2e-fieldedit-${Date.now()}`;
  const grafana = {
    uid, title: `Mapping editor ${uid}`, schemaVersion: 39,
    panels: [{ type: 'stat', id: 1, title: 'Prometheus up', datasource: ds, gridPos: { x: 0, y: 0, w: 6, h: 4 },
      targets: [{ refId: 'A', datasource: ds, expr: 'max(up{job="prometheus"})', instant: true }] }],
  };
  await openImported(page, grafana);
  await expectLive(page, 'Prometheus');
  await settledPanels(page, { count: 1 });
  const [up] = await promInstant('max(up{job="prometheus"})');
  const value = up.value[1];
  const number = page.locator('[data-testid=dash-grid] [data-testid=stat-value] .stat-number');
  assert.equal((await number.textContent()).trim(), value);

  await editPanel(page);
  // An empty mapping is refused with a reason.
  await page.click('[data-testid=mapping-add]');
  await page.click('[data-testid=panel-apply]');
  assert.equal(await page.textContent('[data-testid=panel-editor-error]'), 'Mapping 1: which value does it map?');
  await page.fill('input[aria-label="Mapping 1 value"]', value);
  await page.fill('input[aria-label="Mapping 1 text"]', 'Serving');
  await page.fill('input[aria-label="Mapping 1 colour"]', 'green');
  // A second one, removed again.
  await page.click('[data-testid=mapping-add]');
  await page.selectOption('select[aria-label="Mapping 2 kind"]', 'range');
  assert.equal(await page.locator('[data-testid=mapping-row]').count(), 2);
  await page.click('button[aria-label="Remove mapping 2"]');
  assert.equal(await page.locator('[data-testid=mapping-row]').count(), 1);
  await applyPanel(page);
  await eventually(async () => (await number.textContent()).trim() === 'Serving');
  const spec = await savePanelSpec(page, uid);
  assert.deepEqual(spec.mappings, [{ kind: 'value', value, text: 'Serving', color: 'green' }]);

  await reopenDashboard(page, uid);
  const [again] = await promInstant('max(up{job="prometheus"})');
  assert.equal(again.value[1], value);
  assert.equal((await number.textContent()).trim(), 'Serving');
  assert.equal(await number.getAttribute('data-color'), 'green');
  assert.equal(await number.getAttribute('data-mapped'), 'true');
  assert.deepEqual(b.problems, []);
});
