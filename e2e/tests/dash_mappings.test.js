// Value mappings imported from Grafana and drawn: Node Exporter Full's stats map "no value" to N/A (the
// stack has no node_exporter, so Prometheus answers them with no series, checked here), and — on a
// dashboard made from that file's "CPU Cores" stat with its query changed to one the stack answers —
// Apache Full's "Up / Down" value mapping turns Prometheus' 1 into "Up" in green, and a range mapping names
// a table's values; field overrides by name and by regex rename a stat's series and give one a colour and a
// unit. What the import does not apply of the overrides is named in its notices (and only that).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, gotoRoute, eventually, expectLive, openImported, openWithoutNotice, promInstant, grafanaFixture, walkPanels } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

const fixture = (name) => new URL(`../../tests/fixtures/grafana/${name}.json`, import.meta.url);
const NODE = grafanaFixture('node-exporter-full');
const APACHE = grafanaFixture('apache-full');

function panel(page, title) {
  return page.locator('[data-testid=panel]', { has: page.locator('[data-testid=panel-title]', { hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`) }) });
}

async function settled(p) {
  await p.waitFor();
  await eventually(async () => !['loading', null].includes(await p.getAttribute('data-state')), { timeout: 30000 });
}

test('Node Exporter Full: a stat with Grafana\'s null mapping shows its text when Prometheus has no value, and every panel whose field overrides are not drawn is named in the notices', async () => {
  const { page } = b;
  await gotoRoute(page, '#/dashboard');
  await page.setInputFiles('[data-testid=import-file]', fixture('node-exporter-full').pathname);
  await page.waitForSelector('[data-testid=import-result]');
  // No silent drop: each panel with overrides in the file has a notice naming it and them.
  const notices = await page.$$eval('[data-testid=import-notice]', (l) => l.map((x) => x.textContent));
  const withOverrides = [...walkPanels(NODE.panels)].filter((p) => (p.fieldConfig?.overrides || []).length);
  assert.ok(withOverrides.length > 20);
  const shown = Number(await page.getAttribute('[data-testid=import-result]', 'data-notices'));
  assert.equal(notices.length, shown);
  // Stat and time-series panels apply overrides by name, names, regex, query and type that set a display name,
  // unit, decimals or fixed colour, and time series also what a series is hidden from, its axis and its draw
  // style (Grafana's matcher and property ids); every other panel with overrides is named with what is not
  // applied, and a fully applied one is not.
  const series = ['custom.hideFrom', 'custom.axisPlacement', 'custom.transform', 'custom.fillOpacity', 'custom.lineWidth', 'custom.lineStyle', 'custom.stacking', 'custom.drawStyle'];
  const drawn = (o) => ['byName', 'byNames', 'byRegexp', 'byFrameRefID', 'byType'].includes(o.matcher?.id)
    && (o.properties || []).every((pr) => ['displayName', 'unit', 'decimals', ...series].includes(pr.id) || (pr.id === 'color' && pr.value?.fixedColor));
  const applies = (p) => ['stat', 'gauge', 'bargauge', 'singlestat', 'timeseries', 'graph'].includes(p.type) && p.fieldConfig.overrides.every(drawn);
  const noticed = (p) => notices.some((n) => n.startsWith(`Panel "${p.title}": `) && /field overrides? not applied|field override\(s\) .* applied only in stat/.test(n));
  // (Every override the file holds is applied now: the list of panels named is empty, as is the list of those
  // not applied; a panel kind or matcher left out would fill both.)
  assert.ok(withOverrides.some(applies));
  assert.deepEqual(withOverrides.filter(noticed).map((p) => p.title), withOverrides.filter((p) => !applies(p)).map((p) => p.title));

  await page.click('[data-testid=import-open]');
  await page.waitForSelector('[data-testid=dash-title]');
  await expectLive(page, 'Prometheus');
  const cores = [...walkPanels(NODE.panels)].find((p) => p.title === 'CPU Cores');
  const na = cores.fieldConfig.defaults.mappings.find((m) => m.type === 'special' && m.options.match === 'null').options.result.text;
  assert.equal(na, 'N/A');
  const p = panel(page, 'CPU Cores');
  await settled(p);
  const sentExpr = JSON.parse(await p.getAttribute('data-queries'))[0].expr;
  // The query as sent (variables filled in) has no value in Prometheus…
  assert.deepEqual(await promInstant(sentExpr), []);
  // …and the panel shows the mapping's text instead of "No data".
  assert.equal((await p.locator('[data-testid=stat-value] .stat-number').textContent()).trim(), na);
  assert.equal(await p.locator('.stat-number').getAttribute('data-mapped'), 'true');
  assert.deepEqual(b.problems, []);
});

test('a value mapping turns Prometheus\' value into its text and colour in a stat, a range mapping names a table\'s values, overrides rename a stat\'s series and set colour and unit', async () => {
  const { page } = b;
  const uid = `e2e-mappings-${Date.now()}`;
  const ds = { type: 'prometheus', uid: 'prom' };
  // "CPU Cores" of Node Exporter Full, its query changed to one the stack answers, with the "Up / Down"
  // mappings of Apache Full's panel of that name.
  const stat = structuredClone([...walkPanels(NODE.panels)].find((p) => p.title === 'CPU Cores'));
  const upDown = [...walkPanels(APACHE.panels)].find((p) => p.title === 'Up / Down').fieldConfig.defaults.mappings;
  Object.assign(stat, { title: 'Prometheus up', datasource: ds, gridPos: { x: 0, y: 0, w: 6, h: 4 } });
  stat.targets[0] = { ...stat.targets[0], datasource: ds, expr: 'max(up{job="prometheus"})' };
  stat.fieldConfig.defaults.mappings = [...upDown, ...stat.fieldConfig.defaults.mappings];
  const table = {
    type: 'table', id: 2, title: 'Targets by job', datasource: ds, gridPos: { x: 6, y: 0, w: 12, h: 8 },
    targets: [{ refId: 'A', datasource: ds, expr: 'count by (job) (up)', instant: true, format: 'table' }],
    fieldConfig: { defaults: { mappings: [{ type: 'range', options: { from: 1, to: null, result: { text: 'has targets', color: 'blue' } } }] }, overrides: [] },
  };
  // Overrides by name and by regex (as Node Exporter Full writes them) on a stat of one series per job.
  const jobsStat = {
    type: 'stat', id: 3, title: 'Jobs up', datasource: ds, gridPos: { x: 0, y: 8, w: 12, h: 5 },
    targets: [{ refId: 'A', datasource: ds, expr: 'sum by (job) (up)', legendFormat: '{{job}}', instant: true }],
    fieldConfig: { defaults: {}, overrides: [
      { matcher: { id: 'byName', options: 'prometheus' }, properties: [{ id: 'displayName', value: 'Prometheus itself' }, { id: 'color', value: { fixedColor: 'purple', mode: 'fixed' } }, { id: 'unit', value: 'percent' }] },
      { matcher: { id: 'byRegexp', options: '/^trifocal-.*/' }, properties: [{ id: 'displayName', value: 'Generator' }] },
    ] },
  };
  const grafana = { uid, title: `Mappings ${uid}`, schemaVersion: 39, panels: [stat, table, jobsStat] };
  await openImported(page, grafana);
  await expectLive(page, 'Prometheus');

  const s = panel(page, 'Prometheus up');
  await settled(s);
  const [up] = await promInstant('max(up{job="prometheus"})');
  const value = up.value[1];
  assert.equal(Number(await s.locator('[data-testid=stat-value]').getAttribute('data-value')), Number(value));
  const want = upDown[0].options[value];
  assert.ok(want, `the mapping has an entry for Prometheus' value ${value}`);
  const number = s.locator('.stat-number');
  assert.equal((await number.textContent()).trim(), want.text);
  assert.equal(await number.getAttribute('data-color'), want.color);

  const t = panel(page, 'Targets by job');
  await settled(t);
  const counts = await promInstant('count by (job) (up)');
  assert.ok(counts.length > 0 && counts.every((c) => Number(c.value[1]) >= 1));
  await eventually(async () => (await t.locator('[data-testid=table-row]').count()) === counts.length);
  const cells = await t.locator('[data-testid=table-row] td.num').allTextContents();
  assert.deepEqual(cells, counts.map(() => 'has targets'));
  const jobs = await promInstant('sum by (job) (up)');

  // Each job's tile: the override's name, the fixed colour and unit for "prometheus".
  const j = panel(page, 'Jobs up');
  await settled(j);
  const names = jobs.map((x) => x.metric.job).map((n) => (n === 'prometheus' ? 'Prometheus itself' : /^trifocal-/.test(n) ? 'Generator' : n)).sort();
  assert.ok(names.includes('Prometheus itself') && names.includes('Generator'), names.join());
  await eventually(async () => (await j.locator('[data-testid=stat-value]').count()) === jobs.length);
  assert.deepEqual((await j.locator('[data-testid=stat-value]').evaluateAll((l) => l.map((x) => x.dataset.name))).sort(), names);
  const prom = j.locator('[data-testid=stat-value][data-name="Prometheus itself"]');
  assert.equal(await prom.locator('.stat-name').textContent(), 'Prometheus itself');
  assert.equal(await prom.locator('.stat-number').getAttribute('data-color'), 'purple');
  assert.match(await prom.locator('.stat-number').textContent(), /%$/);
  assert.equal(Number(await prom.getAttribute('data-value')), Number(jobs.find((x) => x.metric.job === 'prometheus').value[1]));
  assert.deepEqual(b.problems, []);
});

test('Node Exporter Full\'s "Pressure" colours each value by its thresholds in percent of the panel\'s 0..1, on live Prometheus values', async () => {
  const { page } = b;
  const fixture = [...walkPanels(NODE.panels)].find((p) => p.title === 'Pressure');
  // The file's own field config: green, dark-yellow from 70 %, dark-red from 90 % of min 0..max 1.
  const d = fixture.fieldConfig.defaults;
  assert.deepEqual([d.thresholds.mode, d.min, d.max, d.thresholds.steps.map((s) => s.value ?? null)], ['percentage', 0, 1, [null, 70, 90]]);
  const ds = { type: 'prometheus', uid: 'prom' };
  const uid = `e2e-pressure-${Date.now()}`;
  // The stack has no node_exporter: Prometheus' own `up` (1 for a live target) scaled into each band, named
  // as the panel's series.
  const exprs = { CPU: 'min(up) * 0.5', Mem: 'min(up) * 0.8', 'I/O': 'min(up) * 0.95' };
  const targets = Object.entries(exprs).map(([legendFormat, expr], i) => ({ refId: String.fromCharCode(65 + i), datasource: ds, expr, legendFormat }));
  await openWithoutNotice(page, { uid, title: `Pressure ${uid}`, schemaVersion: 39, time: { from: 'now-15m', to: 'now' },
    panels: [{ ...fixture, id: 1, datasource: ds, gridPos: { x: 0, y: 0, w: 12, h: 6 }, targets }] });
  // Grafana's yellow and red at 80 % and 95 % of the range, its green at 50 % (read as absolute values, all
  // three would be under 70: green).
  const want = { CPU: '#73bf69', Mem: '#fade2a', 'I/O': '#f2495c' };
  for (const [name, expr] of Object.entries(exprs)) {
    const [live] = await promInstant(expr);
    const item = page.locator(`[data-testid=stat-value][data-name="${name}"]`);
    await eventually(async () => Math.abs(Number(await item.getAttribute('data-value')) - Number(live.value[1])) < 1e-9);
    assert.equal(await item.locator('.stat-number').getAttribute('data-color'), want[name], name);
  }
});
