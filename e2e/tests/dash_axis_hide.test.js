// Series hidden from the legend, tooltip or plot, and a series on a right axis of its own (Grafana's
// `custom.hideFrom` and `custom.axisPlacement`), against live Prometheus: a Grafana time series imported with
// those overrides lists, draws and scales its series as they say, the counts from Prometheus' own API; and the
// panel editor puts a series on the right axis and hides one from the legend, kept after save and reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { addOverride, openBrowser, editPanel, eventually, hoverTipTexts, openLiveTimeSeries, openWithoutNotice, promInstant, applyPanel, savePanelSpec, reopenDashboard } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

const ds = { type: 'prometheus', uid: 'prom' };

/** The tick values of a chart box's attribute (`data-y-ticks` / `data-y2-ticks`: labels joined by `|`). */
async function ticks(box, attr) {
  return ((await box.getAttribute(attr)) || '').split('|').filter(Boolean).map(Number);
}

test('a Grafana time series hides series from the legend, tooltip and plot and draws one on a right axis of its own', async () => {
  const { page } = b;
  const uid = `e2e-axishide-${Date.now()}`;
  const jobs = (await promInstant('max by (job) (up)')).map((s) => s.metric.job).sort();
  assert.ok(jobs.length >= 2 && jobs.includes('prometheus'), `Prometheus scrapes jobs ${jobs}`);
  const other = jobs.find((j) => j !== 'prometheus');
  const grafana = {
    uid, title: `Axis and hiding ${uid}`, schemaVersion: 39, time: { from: 'now-15m', to: 'now' },
    panels: [{
      type: 'timeseries', id: 1, title: 'Jobs up and targets', datasource: ds, gridPos: { x: 0, y: 0, w: 16, h: 10 },
      targets: [
        { refId: 'A', datasource: ds, expr: 'max by (job) (up)', legendFormat: '{{job}}' },
        { refId: 'B', datasource: ds, expr: 'count(up)', legendFormat: 'targets' },
        { refId: 'C', datasource: ds, expr: 'max(up)', legendFormat: 'any up' },
      ],
      fieldConfig: {
        defaults: { custom: { axisPlacement: 'auto', hideFrom: { legend: false, tooltip: false, viz: false } } },
        overrides: [
          { matcher: { id: 'byName', options: 'prometheus' }, properties: [{ id: 'custom.hideFrom', value: { legend: true, tooltip: false, viz: false } }] },
          { matcher: { id: 'byName', options: other }, properties: [{ id: 'custom.hideFrom', value: { legend: false, tooltip: false, viz: true } }] },
          { matcher: { id: 'byFrameRefID', options: 'B' }, properties: [{ id: 'custom.axisPlacement', value: 'right' }, { id: 'custom.hideFrom', value: { legend: false, tooltip: true, viz: false } }] },
        ],
      },
    }],
  };
  // Imported without a notice: nothing of it is dropped.
  await openWithoutNotice(page, grafana);
  const [targets] = await promInstant('count(up)');
  const nTargets = Number(targets.value[1]);
  assert.ok(nTargets >= jobs.length, `Prometheus counts ${nTargets} targets`);

  const panel = page.locator('[data-testid=panel]');
  const legendBox = panel.locator('[data-testid=legend]');
  const legend = legendBox.locator('.legend-item');
  // Every job, the count and "any up" are series; "prometheus" is not listed, the plot-hidden job is listed
  // but off.
  await eventually(async () => Number(await legendBox.getAttribute('data-total')) === jobs.length + 2);
  assert.equal(Number(await legendBox.getAttribute('data-listed')), jobs.length + 1);
  const listed = (await legend.allTextContents()).map((t) => t.trim());
  assert.deepEqual([...listed].sort(), [...jobs.filter((j) => j !== 'prometheus'), 'targets', 'any up'].sort());
  assert.equal(Number(await legendBox.getAttribute('data-visible')), jobs.length + 1);
  assert.equal(await panel.locator('.legend-item', { hasText: other }).getAttribute('aria-pressed'), 'false');

  // The count of targets on a right axis of its own (its ticks span Prometheus' count), the 0/1 of up on the
  // left.
  const box = panel.locator('.chart-box');
  await eventually(async () => (await ticks(box, 'data-y2-ticks')).length > 0).catch(async (e) => {
    throw new Error(`${e.message}: no right axis; left ticks ${await box.getAttribute('data-y-ticks')}`);
  });
  const [left, right] = [await ticks(box, 'data-y-ticks'), await ticks(box, 'data-y2-ticks')];
  assert.ok(Math.max(...left) <= 1.5, `left ticks ${left}`);
  assert.ok(Math.max(...right) >= nTargets && Math.min(...right) <= nTargets && Math.max(...right) < nTargets * 3, `right ticks ${right} around ${nTargets}`);

  // The tip lists "prometheus" (hidden from the legend only) and "any up", not the count (hidden from the
  // tooltip) nor the plot-hidden job.
  const names = await hoverTipTexts(page, panel, 'li .tip-name', 2);
  assert.deepEqual([...names].sort(), ['any up', 'prometheus'], `tip: ${names}`);
  assert.deepEqual(b.problems, []);
});

test('the panel editor puts a series on the right axis and hides one from the legend, kept after save and reload', async () => {
  const { page } = b;
  const uid = `e2e-axisedit-${Date.now()}`;
  const panel = await openLiveTimeSeries(page, { uid, title: 'Up and targets', targets: [['up', 'max(up{job="prometheus"})'], ['targets', 'count(up)']] });
  const box = panel.locator('.chart-box');
  const legend = panel.locator('[data-testid=legend] .legend-item');
  // One unit: one axis, both listed.
  await eventually(async () => (await legend.count()) === 2);
  assert.deepEqual(await ticks(box, 'data-y2-ticks'), []);

  await editPanel(page);
  await addOverride(page, 1, 'B', 'refId');
  await page.selectOption('select[aria-label="Override 1 axis"]', 'right');
  await addOverride(page, 2, 'up');
  await page.check('input[aria-label="Override 2 hidden from the legend"]');
  await applyPanel(page);

  const check = async () => {
    const [targets] = await promInstant('count(up)');
    const n = Number(targets.value[1]);
    await eventually(async () => (await ticks(box, 'data-y2-ticks')).length > 0 && (await legend.count()) === 1).catch(async (e) => {
      const err = await page.locator('[data-testid=panel-editor-error]').allTextContents();
      throw new Error(`${e.message}: right ticks ${await box.getAttribute('data-y2-ticks')}, legend ${await legend.allTextContents()}, editor ${err}`);
    });
    const right = await ticks(box, 'data-y2-ticks');
    assert.ok(Math.max(...right) >= n && Math.max(...right) < n * 3, `right ticks ${right} around Prometheus' ${n}`);
    assert.ok(Math.max(...await ticks(box, 'data-y-ticks')) <= 1.5);
    assert.deepEqual((await legend.allTextContents()).map((t) => t.trim()), ['targets']);
  };
  await check();
  const spec = await savePanelSpec(page, uid);
  assert.deepEqual(spec.overrides, [
    { refId: 'B', axisPlacement: 'right' },
    { name: 'up', hideFrom: { legend: true } },
  ]);

  await reopenDashboard(page, uid);
  await check();
  assert.deepEqual(b.problems, []);
});
