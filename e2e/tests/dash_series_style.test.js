// A time series' draw style (Grafana's `custom.transform`, `fillOpacity`, `lineWidth`, `lineStyle`), against
// live Prometheus: Node Exporter Full's "Network Traffic Basic" panel (tests/fixtures/grafana, its field
// config unchanged: Tx under the axis by `negative-Y`, every series filled at 40 %; its queries changed to
// ones the stack answers) draws Tx below the zero line and Rx above it, filled, while the hover tip shows
// Prometheus' true, positive values; and the panel editor sets a series below the axis, dashed and wider,
// and every series' fill, kept after save and reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openBrowser, gotoRoute, eventually, expectLive, hoverTipTexts, importDashboard, openImported, promInstant, settledPanels } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

const ds = { type: 'prometheus', uid: 'prom' };
const NODE = JSON.parse(readFileSync(new URL('../../tests/fixtures/grafana/node-exporter-full.json', import.meta.url), 'utf8'));

function* walk(panels) {
  for (const p of panels) { yield p; yield* walk(p.panels || []); }
}

/** The chart's value ticks as [value, css px row] (`data-y-tick-rows`: `label@row`, the label a number with
 * its unit, if any, after it). */
async function tickRows(box) {
  return ((await box.getAttribute('data-y-tick-rows')) || '').split('|').filter(Boolean).map((t) => t.split('@').map(parseFloat));
}

/** The legend swatch colour of series `name` as [r, g, b]. */
async function swatch(panel, name) {
  const c = await panel.locator('.legend-item', { hasText: name }).locator('.swatch').evaluate((el) => getComputedStyle(el).backgroundColor);
  return c.match(/\d+/g).slice(0, 3).map(Number);
}

/** Rows (css px) of the chart canvas, in columns at `fxs` of its width, whose pixel is close to `rgb`. */
async function rowsOf(panel, rgb, fxs = [0.5, 0.6, 0.7, 0.8]) {
  return panel.locator('canvas').evaluate((c, [rgb, fxs]) => {
    const s = c.width / c.clientWidth;
    const g = c.getContext('2d');
    const out = [];
    for (const fx of fxs) {
      const x = Math.round(c.width * fx);
      const col = g.getImageData(x, 0, 1, c.height).data;
      for (let y = 0; y < c.height; y++) {
        const d = Math.abs(col[4 * y] - rgb[0]) + Math.abs(col[4 * y + 1] - rgb[1]) + Math.abs(col[4 * y + 2] - rgb[2]);
        if (d < 40) out.push(y / s);
      }
    }
    return out;
  }, [rgb, fxs]);
}

/** The pixel [r, g, b] of the chart canvas at css px (x fraction of the width, y row). */
async function pixel(panel, fx, y) {
  return panel.locator('canvas').evaluate((c, [fx, y]) => {
    const s = c.width / c.clientWidth;
    return [...c.getContext('2d').getImageData(Math.round(c.width * fx), Math.round(y * s), 1, 1).data].slice(0, 3);
  }, [fx, y]);
}

test('Node Exporter Full\'s "Network Traffic Basic" draws Tx below the zero line and Rx above it, filled, the tip showing Prometheus\' true values', async () => {
  const { page } = b;
  const fixture = [...walk(NODE.panels)].find((p) => p.title === 'Network Traffic Basic');
  // The file's own field config: Tx under the axis, every series filled at 40 %.
  assert.deepEqual(fixture.fieldConfig.overrides[0].properties, [{ id: 'custom.transform', value: 'negative-Y' }]);
  assert.equal(fixture.fieldConfig.defaults.custom.fillOpacity, 40);
  const uid = `e2e-negy-${Date.now()}`;
  const grafana = {
    uid, title: `Series style ${uid}`, schemaVersion: 39, time: { from: 'now-15m', to: 'now' },
    panels: [{
      ...fixture, datasource: ds, gridPos: { x: 0, y: 0, w: 16, h: 10 },
      // The stack has no node_exporter: two of Prometheus' own counts, named as the panel's Rx and Tx.
      targets: [
        { refId: 'A', datasource: ds, expr: 'count(up)', legendFormat: 'Rx targets' },
        { refId: 'B', datasource: ds, expr: 'count(up{job="prometheus"}) * 3', legendFormat: 'Tx prometheus' },
      ],
    }],
  };
  await importDashboard(page, grafana);
  assert.deepEqual(await page.locator('[data-testid=import-notice]').allTextContents(), []);
  await page.click('[data-testid=import-open]');
  await page.waitForSelector('[data-testid=dash-title]');
  await expectLive(page, 'Prometheus');
  const [p] = await settledPanels(page, { count: 1 });
  assert.deepEqual(p.errors, []);
  const [rx] = await promInstant('count(up)');
  const [tx] = await promInstant('count(up{job="prometheus"}) * 3');
  const [nRx, nTx] = [Number(rx.value[1]), Number(tx.value[1])];
  assert.ok(nRx >= 2 && nTx === 3, `Prometheus: ${nRx} targets, ${nTx}`);

  const panel = page.locator('[data-testid=panel]');
  const box = panel.locator('.chart-box');
  // The axis reaches below zero as far as Tx, above as far as Rx.
  await eventually(async () => (await tickRows(box)).some(([v]) => v < 0)).catch(async (e) => {
    throw new Error(`${e.message}: no negative tick; ticks ${await box.getAttribute('data-y-ticks')}`);
  });
  const ticks = await tickRows(box);
  const values = ticks.map(([v]) => v);
  assert.ok(Math.min(...values) <= -nTx && Math.min(...values) > -3 * nRx - 10, `ticks ${values} reach -${nTx}`);
  assert.ok(Math.max(...values) >= nRx, `ticks ${values} reach ${nRx}`);
  const zero = ticks.find(([v]) => v === 0);
  assert.ok(zero, `a zero tick: ${JSON.stringify(ticks)}`);
  const zeroY = zero[1];

  // On the canvas: Tx's line below the zero row, Rx's above it.
  const [rxColour, txColour] = [await swatch(panel, 'Rx targets'), await swatch(panel, 'Tx prometheus')];
  const [rxRows, txRows] = [await rowsOf(panel, rxColour), await rowsOf(panel, txColour)];
  assert.ok(txRows.length > 0 && txRows.every((y) => y > zeroY + 1), `Tx rows ${txRows} below zero at ${zeroY}`);
  assert.ok(rxRows.length > 0 && rxRows.every((y) => y < zeroY - 1), `Rx rows ${rxRows} above zero at ${zeroY}`);
  // Filled at 40 %: between Rx's line and zero the plot is tinted with Rx's colour; the same distance above
  // the line it is not.
  const rxY = Math.min(...rxRows);
  const gap = (zeroY - rxY) / 2;
  const avoid = (y) => ticks.every(([, ty]) => Math.abs(ty - y) > 3);
  const under = [0.55, 0.65, 0.75].map((fx) => [fx, rxY + gap]).filter(([, y]) => avoid(y));
  const tint = (px) => px.reduce((s, v, i) => s + Math.abs(v - rxColour[i]), 0);
  if (avoid(rxY + gap) && avoid(rxY - gap) && rxY - gap > 0) {
    for (const [fx, y] of under) {
      const [inFill, outside] = [await pixel(panel, fx, y), await pixel(panel, fx, rxY - gap)];
      assert.ok(tint(inFill) + 40 < tint(outside), `fill ${inFill} is nearer Rx's ${rxColour} than the plot ${outside}`);
    }
  } else {
    assert.fail(`no clear rows around Rx at ${rxY} (zero ${zeroY}, ticks ${JSON.stringify(ticks)})`);
  }

  // The tip shows the true values: Tx's Prometheus value, positive.
  const rows = await hoverTipTexts(page, panel, 'li', 2);
  const txRow = rows.find((r) => r.startsWith('Tx prometheus'));
  assert.ok(txRow && parseFloat(txRow.slice('Tx prometheus'.length)) === nTx, `tip rows: ${rows}, Prometheus ${nTx}`);
  assert.deepEqual(b.problems, []);
});

test('the panel editor draws a series below the axis, dashed and wider, and fills every series, kept after save and reload', async () => {
  const { page } = b;
  const uid = `e2e-styledit-${Date.now()}`;
  const grafana = {
    uid, title: `Style editor ${uid}`, schemaVersion: 39, time: { from: 'now-15m', to: 'now' },
    panels: [{
      type: 'timeseries', id: 1, title: 'In and out', datasource: ds, gridPos: { x: 0, y: 0, w: 16, h: 10 },
      targets: [
        { refId: 'A', datasource: ds, expr: 'count(up)', legendFormat: 'in' },
        { refId: 'B', datasource: ds, expr: 'count(up{job="prometheus"}) * 3', legendFormat: 'out' },
      ],
    }],
  };
  await openImported(page, grafana);
  await expectLive(page, 'Prometheus');
  await settledPanels(page, { count: 1 });
  const panel = page.locator('[data-testid=panel]');
  const box = panel.locator('.chart-box');
  await eventually(async () => (await tickRows(box)).length > 0);
  assert.ok((await tickRows(box)).every(([v]) => v >= 0), 'nothing below zero before the edit');

  await page.click('[data-testid=dash-edit]');
  await page.click('button[aria-label="Edit panel 1"]');
  await page.waitForSelector('[data-testid=panel-editor]');
  await page.click('[data-testid=override-add]');
  await page.fill('input[aria-label="Override 1 match"]', 'out');
  await page.selectOption('select[aria-label="Override 1 transform"]', 'negative-Y');
  await page.selectOption('select[aria-label="Override 1 line style"]', 'dash');
  await page.fill('input[aria-label="Override 1 line width"]', '2');
  await page.locator('input[aria-label="Override 1 line width"]').dispatchEvent('change');
  await page.fill('input[aria-label="Every series fill opacity"]', '30');
  await page.locator('input[aria-label="Every series fill opacity"]').dispatchEvent('change');
  await page.click('[data-testid=panel-apply]');
  await page.waitForSelector('[data-testid=panel-editor]', { state: 'detached' });

  const check = async () => {
    const [out] = await promInstant('count(up{job="prometheus"}) * 3');
    const n = Number(out.value[1]);
    await eventually(async () => (await tickRows(box)).some(([v]) => v < 0)).catch(async (e) => {
      throw new Error(`${e.message}: ticks ${await box.getAttribute('data-y-ticks')}`);
    });
    const ticks = await tickRows(box);
    assert.ok(Math.min(...ticks.map(([v]) => v)) <= -n, `ticks ${JSON.stringify(ticks)} reach -${n}`);
    const zeroY = ticks.find(([v]) => v === 0)[1];
    // "out" is below zero and dashed: along its row, its colour comes and goes (10 px on, 10 px off).
    const colour = await swatch(panel, 'out');
    const rows = await rowsOf(panel, colour);
    assert.ok(rows.length > 0 && rows.every((y) => y > zeroY), `out rows ${rows} below zero at ${zeroY}`);
    const row = rows[0];
    const runs = await panel.locator('canvas').evaluate((c, [row, rgb]) => {
      const s = c.width / c.clientWidth;
      const g = c.getContext('2d');
      const line = g.getImageData(Math.round(c.width * 0.15), Math.round(row * s), Math.round(c.width * 0.75), 1).data;
      let changes = 0, prev = null;
      for (let i = 0; i < line.length; i += 4) {
        const on = Math.abs(line[i] - rgb[0]) + Math.abs(line[i + 1] - rgb[1]) + Math.abs(line[i + 2] - rgb[2]) < 60;
        if (prev !== null && on !== prev) changes++;
        prev = on;
      }
      return changes;
    }, [row, colour]);
    assert.ok(runs >= 10, `a dashed line changes colour along its row many times: ${runs}`);
    // The tip keeps the true value.
    const tip = await hoverTipTexts(page, panel, 'li', 2);
    assert.ok(tip.some((r) => new RegExp(`^out\\s*${n}$`).test(r)), `tip rows: ${tip}, Prometheus ${n}`);
  };
  await check();
  await page.click('[data-testid=dash-save]');
  await page.waitForSelector('[data-testid=dash-messages]');
  const stored = JSON.parse(await page.evaluate((u) => localStorage.getItem(`trifocal.dashboard.${u}`), uid));
  const spec = stored.spec.panels['1'].spec.plugin.spec;
  assert.deepEqual(spec.overrides, [{ name: 'out', transform: 'negative-Y', lineWidth: 2, lineStyle: { fill: 'dash' } }]);
  assert.equal(spec.fillOpacity, 30);

  await page.reload();
  await gotoRoute(page, `#/dashboard/${uid}`);
  await expectLive(page, 'Prometheus');
  await settledPanels(page, { count: 1 });
  await check();
  // The editor shows what was saved.
  await page.click('[data-testid=dash-edit]');
  await page.click('button[aria-label="Edit panel 1"]');
  await page.waitForSelector('[data-testid=panel-editor]');
  assert.equal(await page.inputValue('select[aria-label="Override 1 transform"]'), 'negative-Y');
  assert.equal(await page.inputValue('select[aria-label="Override 1 line style"]'), 'dash');
  assert.equal(await page.inputValue('input[aria-label="Every series fill opacity"]'), '30');
  assert.deepEqual(b.problems, []);
});
