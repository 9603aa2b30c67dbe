// A time series' draw style (Grafana's `custom.transform`, `fillOpacity`, `lineWidth`, `lineStyle`, `stacking`, an override's `drawStyle`), against
// live Prometheus: Node Exporter Full's "Network Traffic Basic" panel (tests/fixtures/grafana, its field
// config unchanged: Tx under the axis by `negative-Y`, every series filled at 40 %; its queries changed to
// ones the stack answers) draws Tx below the zero line and Rx above it, filled, while the hover tip shows
// Prometheus' true, positive values; and the panel editor sets a series below the axis, dashed and wider,
// and every series' fill, kept after save and reload. Per-series stacking (`custom.stacking`): "Memory Page
// Faults" draws its total apart from the stack of its parts, and the editor moves it in and out of the stack.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, editPanel, eventually, hoverTipTexts, openLiveTimeSeries, openWithoutNotice, promInstant, grafanaFixture, walkPanels, applyPanel, openPanelEditor, savePanelSpec, reopenDashboard } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

const ds = { type: 'prometheus', uid: 'prom' };
const NODE = grafanaFixture('node-exporter-full');

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

/** A Grafana override giving series `name` a fixed colour. */
const fixed = (name, color) => ({ matcher: { id: 'byName', options: name }, properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: color } }] });

/** The places [x, y] (css px) of the chart canvas, every other column, whose pixel is close to `near` ([r, g,
 * b]) or, given `hue` instead, leans to red (`r`) or blue (`b`): the line or the fill of a series in Grafana's
 * red or blue, on a light or dark plot. */
async function pixelsOf(panel, { near, hue }) {
  return panel.locator('canvas').evaluate((c, [near, hue]) => {
    const s = c.width / c.clientWidth;
    const img = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const hit = ([r, g, b]) => near ? Math.abs(r - near[0]) + Math.abs(g - near[1]) + Math.abs(b - near[2]) < 40
      : hue === 'r' ? r - g > 40 && r - b > 40 : b - r > 40 && b - g > 25;
    const out = [];
    for (let x = 0; x < c.width; x += 2) {
      for (let y = 0; y < c.height; y++) {
        if (hit(img.slice(4 * (y * c.width + x), 4 * (y * c.width + x) + 3))) out.push([x / s, y / s]);
      }
    }
    return out;
  }, [near, hue]);
}

/** The row (css px) the axis puts value `v` on, from its first and last ticks. */
function rowOf(ticks, v) {
  const [[v0, r0], [v1, r1]] = [ticks[0], ticks.at(-1)];
  return r0 + (v - v0) * (r1 - r0) / (v1 - v0);
}

test('Node Exporter Full\'s "Network Traffic Basic" draws Tx below the zero line and Rx above it, filled, the tip showing Prometheus\' true values', async () => {
  const { page } = b;
  const fixture = [...walkPanels(NODE.panels)].find((p) => p.title === 'Network Traffic Basic');
  // The file's own field config: Tx under the axis, every series filled at 40 %.
  assert.deepEqual(fixture.fieldConfig.overrides[0].properties, [{ id: 'custom.transform', value: 'negative-Y' }]);
  assert.equal(fixture.fieldConfig.defaults.custom.fillOpacity, 40);
  const uid = `e2e-negy-${Date.now()}`;
  const grafana = {
    uid, title: `Series style ${uid}`, schemaVersion: 39, time: { from: 'now-15m', to: 'now' },
    panels: [{
      ...fixture, datasource: ds, gridPos: { x: 0, y: 0, w: 16, h: 10 },
      // Its own overrides, then a colour each (red and blue) to tell their pixels apart.
      fieldConfig: { ...fixture.fieldConfig, overrides: [...fixture.fieldConfig.overrides, fixed('Rx targets', 'red'), fixed('Tx prometheus', 'blue')] },
      // The stack has no node_exporter: two of Prometheus' own counts, named as the panel's Rx and Tx (off
      // the whole numbers the axis ends on, so that neither line lies on the plot's edge).
      targets: [
        { refId: 'A', datasource: ds, expr: 'count(up) + 0.5', legendFormat: 'Rx targets' },
        { refId: 'B', datasource: ds, expr: 'count(up{job="prometheus"}) * 2.5', legendFormat: 'Tx prometheus' },
      ],
    }],
  };
  await openWithoutNotice(page, grafana);
  const [rx] = await promInstant('count(up) + 0.5');
  const [tx] = await promInstant('count(up{job="prometheus"}) * 2.5');
  const [nRx, nTx] = [Number(rx.value[1]), Number(tx.value[1])];
  assert.ok(nRx >= 2.5 && nTx === 2.5, `Prometheus: ${nRx}, ${nTx}`);

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

  // On the canvas: Tx (blue, its line and fill) below the zero row, Rx (red) above it.
  const [rxAt, txAt] = [await pixelsOf(panel, { hue: 'r' }), await pixelsOf(panel, { hue: 'b' })];
  const ys = (at) => [...new Set(at.map(([, y]) => y))];
  assert.ok(txAt.length > 0 && txAt.every(([, y]) => y > zeroY - 1), `Tx rows ${ys(txAt)} below zero at ${zeroY}`);
  assert.ok(rxAt.length > 0 && rxAt.every(([, y]) => y < zeroY + 1), `Rx rows ${ys(rxAt)} above zero at ${zeroY}`);
  // Filled at 40 %: in a column where Tx is drawn, its tint runs from the zero row down to its line at
  // -2.5 (a line alone would tint a row or two).
  const txY = rowOf(ticks, -nTx);
  const xs = [...new Set(txAt.map(([x]) => x))].sort((a, b) => a - b);
  const mid = xs[Math.floor(xs.length / 2)];
  const column = txAt.filter(([x]) => x === mid).length;
  assert.ok(column >= 0.8 * (txY - zeroY), `${column} blue rows at x ${mid}, from zero at ${zeroY} to Tx at ${txY}`);

  // The tip shows the true values: Tx's Prometheus value, positive.
  const rows = await hoverTipTexts(page, panel, 'li', 2);
  const txRow = rows.find((r) => r.startsWith('Tx prometheus'));
  assert.ok(txRow && parseFloat(txRow.slice('Tx prometheus'.length)) === nTx, `tip rows: ${rows}, Prometheus ${nTx}`);
  assert.deepEqual(b.problems, []);
});

test('the panel editor draws a series below the axis, dashed and wider, and fills every series, kept after save and reload', async () => {
  const { page } = b;
  const uid = `e2e-styledit-${Date.now()}`;
  const panel = await openLiveTimeSeries(page, { uid, title: 'In and out', targets: [['in', 'count(up) + 0.5'], ['out', 'count(up{job="prometheus"}) * 2.5']] });
  const box = panel.locator('.chart-box');
  await eventually(async () => (await tickRows(box)).length > 0);
  assert.ok((await tickRows(box)).every(([v]) => v >= 0), 'nothing below zero before the edit');

  await editPanel(page);
  await page.click('[data-testid=override-add]');
  await page.fill('input[aria-label="Override 1 match"]', 'out');
  await page.selectOption('select[aria-label="Override 1 transform"]', 'negative-Y');
  await page.selectOption('select[aria-label="Override 1 line style"]', 'dash');
  await page.fill('input[aria-label="Override 1 line width"]', '2');
  await page.locator('input[aria-label="Override 1 line width"]').dispatchEvent('change');
  await page.fill('input[aria-label="Every series fill opacity"]', '30');
  await page.locator('input[aria-label="Every series fill opacity"]').dispatchEvent('change');
  await applyPanel(page);

  const check = async () => {
    const [out] = await promInstant('count(up{job="prometheus"}) * 2.5');
    const n = Number(out.value[1]);
    await eventually(async () => (await tickRows(box)).some(([v]) => v < 0)).catch(async (e) => {
      throw new Error(`${e.message}: ticks ${await box.getAttribute('data-y-ticks')}`);
    });
    const ticks = await tickRows(box);
    assert.ok(Math.min(...ticks.map(([v]) => v)) <= -n, `ticks ${JSON.stringify(ticks)} reach -${n}`);
    const zeroY = ticks.find(([v]) => v === 0)[1];
    // "out" is below zero and dashed: along its row, its colour comes and goes (10 px on, 10 px off).
    const colour = await swatch(panel, 'out');
    const at = await pixelsOf(panel, { near: colour });
    assert.ok(at.length > 0 && at.every(([, y]) => y > zeroY), `out rows ${at.map(([, y]) => y)} below zero at ${zeroY}`);
    // Along the row where most of it is (the count is flat), from its first to its last pixel.
    const count = new Map();
    for (const [, y] of at) count.set(y, (count.get(y) || 0) + 1);
    const row = [...count].sort((a, b) => b[1] - a[1])[0][0];
    const xs = at.filter(([, y]) => y === row).map(([x]) => x);
    const runs = await panel.locator('canvas').evaluate((c, [row, rgb, x0, x1]) => {
      const s = c.width / c.clientWidth;
      const g = c.getContext('2d');
      const line = g.getImageData(Math.round(x0 * s), Math.round(row * s), Math.max(1, Math.round((x1 - x0) * s)), 1).data;
      let changes = 0, prev = null;
      for (let i = 0; i < line.length; i += 4) {
        const on = Math.abs(line[i] - rgb[0]) + Math.abs(line[i + 1] - rgb[1]) + Math.abs(line[i + 2] - rgb[2]) < 60;
        if (prev !== null && on !== prev) changes++;
        prev = on;
      }
      return changes;
    }, [row, colour, Math.min(...xs), Math.max(...xs)]);
    // 10 px on, 10 px off: about one change per 10 px of line (a young stack's line may span only part of the
    // window); a solid line has none inside its run.
    const length = Math.max(...xs) - Math.min(...xs);
    assert.ok(runs >= 4 && runs >= length / 20, `a dashed line changes colour along its row many times: ${runs} over ${length} px`);
    // The tip keeps the true value.
    const tip = await hoverTipTexts(page, panel, 'li', 2);
    assert.ok(tip.some((r) => new RegExp(`^out\\s*${n}$`).test(r)), `tip rows: ${tip}, Prometheus ${n}`);
  };
  await check();
  const spec = await savePanelSpec(page, uid);
  assert.deepEqual(spec.overrides, [{ name: 'out', transform: 'negative-Y', lineWidth: 2, lineStyle: { fill: 'dash' } }]);
  assert.equal(spec.fillOpacity, 30);

  await reopenDashboard(page, uid);
  await check();
  // The editor shows what was saved.
  await editPanel(page);
  assert.equal(await page.inputValue('select[aria-label="Override 1 transform"]'), 'negative-Y');
  assert.equal(await page.inputValue('select[aria-label="Override 1 line style"]'), 'dash');
  assert.equal(await page.inputValue('input[aria-label="Every series fill opacity"]'), '30');
  assert.deepEqual(b.problems, []);
});

test('Node Exporter Full\'s "Memory Page Faults" draws its total apart from the stacked major and minor faults, and the editor puts it back in the stack', async () => {
  const { page } = b;
  const fixture = [...walkPanels(NODE.panels)].find((p) => p.title === 'Memory Page Faults');
  // The file's own field config: its series stacked (group A), the total "Pgfault" drawn on its own (mode none).
  assert.deepEqual(fixture.fieldConfig.defaults.custom.stacking, { group: 'A', mode: 'normal' });
  assert.deepEqual(fixture.fieldConfig.overrides[0].properties.find((p) => p.id === 'custom.stacking').value, { group: false, mode: 'none' });
  const uid = `e2e-stack-${Date.now()}`;
  const [total, major, minor] = fixture.targets.map((t) => t.legendFormat);
  // The stack has no node_exporter: the total is twice Prometheus' target count, major and minor once each, so
  // that the stack of major and minor reaches the total, as real page faults do.
  const grafana = {
    uid, title: `Stacking ${uid}`, schemaVersion: 39, time: { from: 'now-15m', to: 'now' },
    panels: [{
      ...fixture, id: 1, datasource: ds, gridPos: { x: 0, y: 0, w: 16, h: 10 },
      targets: [
        { refId: 'A', datasource: ds, expr: 'count(up) * 2', legendFormat: total },
        { refId: 'B', datasource: ds, expr: 'count(up)', legendFormat: major },
        { refId: 'C', datasource: ds, expr: 'count(up)', legendFormat: minor },
      ],
    }],
  };
  await openWithoutNotice(page, grafana);
  const panel = page.locator('[data-testid=panel]');
  const box = panel.locator('.chart-box');
  /** The top tick once the axis fits what Prometheus answers now: about 2n apart, 4n with the total stacked. */
  const topTick = async (stacked) => eventually(async () => {
    const [up] = await promInstant('count(up)');
    const n = Number(up.value[1]);
    const top = Math.max(...(await tickRows(box)).map(([v]) => v));
    const ok = stacked ? top >= 4 * n : top >= 2 * n && top < 3 * n;
    return ok && { n, top };
  }, { timeout: 30000 }).catch(async (e) => { throw new Error(`${e.message}: ticks ${await box.getAttribute('data-y-tick-rows')}`); });
  await topTick(false);

  // The editor: the override's stacking back to the panel's, so the total joins the stack.
  await editPanel(page);
  assert.equal(await page.inputValue('select[aria-label="Override 1 stacking"]'), 'none');
  await page.selectOption('select[aria-label="Override 1 stacking"]', '');
  await applyPanel(page);
  await topTick(true);
  // And apart again, in a group of its own: a stack of one, from zero (the dashboard is still in edit mode).
  await openPanelEditor(page);
  await page.selectOption('select[aria-label="Override 1 stacking"]', 'normal');
  await page.fill('input[aria-label="Override 1 stack group"]', 'totals');
  await page.locator('input[aria-label="Override 1 stack group"]').dispatchEvent('change');
  await applyPanel(page);
  await topTick(false);
  const spec = await savePanelSpec(page, uid);
  assert.deepEqual(spec.overrides[0].stacking, { mode: 'normal', group: 'totals' });
  await reopenDashboard(page, uid);
  await topTick(false);
});

test('Apache\'s "Requests / Traffic" draws "Bytes sent" as bars on its own right axis among the requests\' line, as its override says', async () => {
  const { page } = b;
  const APACHE = grafanaFixture('apache-full');
  const fixture = [...walkPanels(APACHE.panels)].find((p) => p.title === 'Requests / Traffic');
  assert.deepEqual(fixture.fieldConfig.overrides[0].properties.find((p) => p.id === 'custom.drawStyle'), { id: 'custom.drawStyle', value: 'bars' });
  const uid = `e2e-bars-${Date.now()}`;
  // The stack has no Apache: Prometheus' own counts, named as the panel's series; a colour each to tell them apart.
  await openWithoutNotice(page, {
    uid, title: `Bars ${uid}`, schemaVersion: 39, time: { from: 'now-15m', to: 'now' },
    panels: [{
      ...fixture, id: 1, datasource: ds, gridPos: { x: 0, y: 0, w: 16, h: 10 },
      fieldConfig: { ...fixture.fieldConfig, overrides: [...fixture.fieldConfig.overrides, fixed('Calls', 'red'), fixed('Bytes sent', 'blue')] },
      targets: [
        { refId: 'A', datasource: ds, expr: 'count(up)', legendFormat: 'Calls' },
        { refId: 'B', datasource: ds, expr: 'count(up) * 1000', legendFormat: 'Bytes sent' },
      ],
    }],
  });
  const panel = page.locator('[data-testid=panel]');
  const box = panel.locator('.chart-box');
  // Its own axis on the right, reaching Prometheus' value.
  const [sent] = await promInstant('count(up) * 1000');
  await eventually(async () => ((await box.getAttribute('data-y2-ticks')) || '').length > 0);
  /** How many (sampled) columns hold more than 10 px of `hue`: every column a bar covers, only a jump of a line. */
  const tallColumns = async (hue) => {
    const per = new Map();
    for (const [x] of await pixelsOf(panel, { hue })) per.set(x, (per.get(x) || 0) + 1);
    return [...per.values()].filter((n) => n > 10).length;
  };
  // Bars stand from the axis' zero up to the value: many tall columns of blue; the requests' line has at most
  // a jump or two.
  const blue = await eventually(async () => { const n = await tallColumns('b'); return n >= 10 && n; }, { timeout: 20000 })
    .catch(async () => { throw new Error(`no bars of ${sent.value[1]}: ${await tallColumns('b')} tall blue columns`); });
  const red = await tallColumns('r');
  assert.ok(red <= 3, `the requests are a line: ${red} tall red columns (bars: ${blue})`);
});
