// Dashboard panels over the live stack (issues 21 and 22): Grafana's `alertlist` panel (Grafana 12.3's export
// shape) listing Prometheus' alerting rules, and Grafana's `nodeGraph` panel with a Tempo service-map query
// drawing the generator's services and calls from Prometheus' service-graph metrics; both imported by paste,
// the node graph also exported and imported again. Every expected name, state and edge is read from
// Prometheus' own API (scripts/stack/rules.yml is evaluated there), never written here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openBrowser, gotoRoute, eventually, expectLive, BASE, openImported, fetchJson } from './harness.js';

const PROM = `${BASE}api/prometheus/`;

/** Prometheus' alerting rules: name → state. */
async function promRuleStates() {
  const d = await fetchJson(`${PROM}api/v1/rules`);
  const out = new Map();
  for (const g of d.data.groups) for (const r of g.rules) if (r.type === 'alerting') out.set(r.name, { state: r.state, alerts: r.alerts.length });
  return out;
}

async function promVector(expr) {
  const d = await fetchJson(`${PROM}api/v1/query?query=${encodeURIComponent(expr)}`);
  assert.equal(d.status, 'success');
  return d.data.result;
}

let b;
before(async () => {
  b = await openBrowser();
  // The stack's HighErrorRate fires ~20 s after it starts; the service-graph metrics need a scrape or two.
  await eventually(async () => [...(await promRuleStates()).values()].some((r) => r.state === 'firing'), { timeout: 90000, interval: 1000 });
  await eventually(async () => (await promVector('traces_service_graph_request_total')).length > 0, { timeout: 150000, interval: 5000 });
});
after(async () => { await b.browser.close(); });

/** Pastes `dash` (an object) into the import box, imports it and opens it; waits for Prometheus to be live. */
async function importAndOpen(page, dash) {
  await openImported(page, dash);
  await expectLive(page, 'Prometheus');
}

/** The rows an alert list panel shows, once it has loaded. */
async function alertRows(page, title) {
  const panel = page.locator('[data-testid=panel]', { has: page.locator('[data-testid=panel-title]', { hasText: title }) });
  await panel.locator('[data-testid=alert-list][data-state=ok]').waitFor({ timeout: 20000 });
  return panel.locator('[data-testid=alert-row]').evaluateAll((rs) => rs.map((r) => ({ name: r.dataset.name, state: r.dataset.state, alerts: Number(r.dataset.alerts) })));
}

test('an imported Grafana dashboard with an alertlist panel and an alert annotation draws both: the rules Prometheus reports and the firing intervals of its ALERTS series', async () => {
  const { page } = b;
  const uid = `e2e-alertlist-${Date.now()}`;
  // Grafana 12.3's alertlist panel options, as it exports them.
  const alertlist = (id, title, options) => ({
    id, type: 'alertlist', title, gridPos: { h: 8, w: 12, x: (id - 1) * 12, y: 0 }, pluginVersion: '12.3.1',
    fieldConfig: { defaults: {}, overrides: [] },
    options: { alertInstanceLabelFilter: '', alertName: '', dashboardAlerts: false, groupBy: [], groupMode: 'default', maxItems: 20,
      showInactiveAlerts: false, sortOrder: 1, stateFilter: { error: true, firing: true, noData: false, normal: true, pending: true, recovering: true },
      viewMode: 'list', ...options },
  });
  const before = await promRuleStates();
  await importAndOpen(page, {
    uid, title: 'Alert list e2e', schemaVersion: 39, time: { from: 'now-15m', to: 'now' },
    // Grafana 9+'s Prometheus annotation query (under `target`), and the built-in one Grafana always adds.
    annotations: { list: [
      { builtIn: 1, datasource: { type: 'grafana', uid: '-- Grafana --' }, enable: true, hide: true, iconColor: 'rgba(0, 211, 255, 1)', name: 'Annotations & Alerts', type: 'dashboard' },
      { datasource: { type: 'prometheus', uid: 'prometheus' }, enable: true, iconColor: 'red', name: 'Firing',
        target: { expr: 'ALERTS{alertstate="firing", alertname="HighErrorRate"}', refId: 'Anno' },
        titleFormat: '{{alertname}} {{service_name}}', textFormat: '{{service_name}} answers errors', tagKeys: 'severity' },
    ] },
    panels: [
      alertlist(1, 'All rules A-Z', {}),
      alertlist(2, 'Firing errors', { alertName: 'HighError', stateFilter: { firing: true, pending: false, normal: false } }),
      { id: 3, type: 'timeseries', title: 'Error ratio', gridPos: { h: 9, w: 24, x: 0, y: 8 },
        datasource: { type: 'prometheus', uid: 'prometheus' },
        targets: [{ expr: 'service:http_errors:ratio_rate1m', legendFormat: '{{service_name}}', refId: 'A' }] },
    ],
  });
  const all = await alertRows(page, 'All rules A-Z');
  const after = await promRuleStates();
  // Every alerting rule, sorted by name (sortOrder 1); the state of each rule Prometheus reported the same
  // before and after the page read it.
  assert.deepEqual(all.map((r) => r.name), [...after.keys()].sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase())));
  let compared = 0;
  for (const r of all) {
    if (before.get(r.name)?.state !== after.get(r.name).state) continue;
    assert.equal(r.state, after.get(r.name).state, r.name);
    compared++;
  }
  assert.ok(compared >= 3, `states compared for ${compared} rules`);
  assert.ok(all.some((r) => r.state === 'firing') && all.some((r) => r.state === 'pending') && all.some((r) => r.state === 'inactive'), JSON.stringify(all));

  // Name and state filters: HighErrorRate only, firing, with as many alerts as Prometheus holds for it.
  const firing = await alertRows(page, 'Firing errors');
  assert.deepEqual(firing.map((r) => [r.name, r.state]), [['HighErrorRate', 'firing']]);
  const n = (await promRuleStates()).get('HighErrorRate').alerts;
  assert.ok(Math.abs(firing[0].alerts - n) <= 1, `HighErrorRate: ${firing[0].alerts} alerts shown, Prometheus has ${n}`);

  // The annotation: the chart shades each firing interval of Prometheus' ALERTS series over the panel's own
  // range and step (the same range query, asked here), samples a step apart joined into one interval.
  const chart = page.locator('[data-testid=panel][data-kind=timeseries]');
  await page.waitForSelector('[data-testid=panel][data-kind=timeseries][data-state=ok]', { timeout: 30000 });
  const [start, end, step] = await Promise.all(['data-start', 'data-end', 'data-step'].map((a) => chart.getAttribute(a).then(Number)));
  const q = `ALERTS{alertstate="firing", alertname="HighErrorRate"}`;
  const d = await fetchJson(`${PROM}api/v1/query_range?query=${encodeURIComponent(q)}&start=${start / 1000}&end=${end / 1000}&step=${step / 1000}`);
  const expected = [];
  for (const r of d.data.result) {
    let from = null;
    let last = null;
    for (const [t] of r.values) {
      const ms = Math.round(t * 1000);
      if (last !== null && ms - last > step) { expected.push({ title: `HighErrorRate ${r.metric.service_name}`, from, to: last }); from = null; }
      if (from === null) from = ms;
      last = ms;
    }
    if (from !== null) expected.push({ title: `HighErrorRate ${r.metric.service_name}`, from, to: last });
  }
  assert.ok(expected.length > 0, 'Prometheus has firing HighErrorRate alerts in the range');
  await chart.locator('[data-testid=anno-region]').first().waitFor({ timeout: 20000 });
  const drawn = await chart.locator('[data-testid=anno-region]').evaluateAll((rs) => rs.map((r) => ({ title: r.dataset.title, from: Number(r.dataset.start), to: Number(r.dataset.end) })));
  const key = (x) => `${x.title} ${x.from} ${x.to}`;
  assert.deepEqual(drawn.map(key).sort(), expected.map(key).sort());

  // Hovering a region shows its alert.
  const box = await chart.locator('[data-testid=anno-region]').first().boundingBox();
  const first = drawn[0];
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const tip = chart.locator('[data-testid=hover-anno]', { hasText: first.title });
  await tip.first().waitFor({ timeout: 10000 });
  assert.match(await tip.first().textContent(), /Firing .*answers errors/);
  assert.deepEqual(b.problems, []);
});

/** The edges and nodes a node graph panel draws, once it has loaded. */
async function graphOf(page, title) {
  const panel = page.locator('[data-testid=panel]', { has: page.locator('[data-testid=panel-title]', { hasText: title }) });
  const g = panel.locator('[data-testid=node-graph][data-state=ok]');
  await g.waitFor({ timeout: 30000 });
  return {
    source: await g.getAttribute('data-source'),
    nodes: await panel.locator('[data-testid=map-node]').evaluateAll((ns) => ns.map((n) => n.dataset.service).sort()),
    edges: await panel.locator('[data-testid=map-edge]').evaluateAll((es) => es.map((e) => `${e.dataset.client} → ${e.dataset.server}`).sort()),
  };
}

/** Prometheus' service graph over the last 15 minutes: the client → server pairs and the services. */
async function promGraph() {
  const r = await promVector('sum by (client, server) (rate(traces_service_graph_request_total[900s]))');
  const edges = [...new Set(r.filter((x) => x.metric.client !== x.metric.server).map((x) => `${x.metric.client} → ${x.metric.server}`))].sort();
  const nodes = [...new Set(r.flatMap((x) => [x.metric.client, x.metric.server]))].sort();
  return { edges, nodes };
}

test('a Grafana node graph panel with a Tempo service-map query draws Prometheus\' service graph, and survives export and import', async () => {
  const { page } = b;
  const uid = `e2e-nodegraph-${Date.now()}`;
  await importAndOpen(page, {
    uid, title: 'Node graph e2e', schemaVersion: 39, time: { from: 'now-15m', to: 'now' },
    panels: [{
      id: 1, type: 'nodeGraph', title: 'Service map', gridPos: { h: 14, w: 24, x: 0, y: 0 },
      datasource: { type: 'tempo', uid: 'tempo' },
      targets: [{ datasource: { type: 'tempo', uid: 'tempo' }, queryType: 'serviceMap', refId: 'A' }],
    }],
  });
  const drawn = await graphOf(page, 'Service map');
  const prom = await promGraph();
  assert.equal(drawn.source, 'metrics');
  assert.ok(prom.edges.length > 0);
  assert.deepEqual(drawn.edges, prom.edges);
  assert.deepEqual(drawn.nodes, prom.nodes);

  // Export, change the id, import the file back: the same panel draws the same graph.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=dash-export]')]);
  const exported = JSON.parse(readFileSync(await dl.path(), 'utf8'));
  const panel = Object.values(exported.spec.panels)[0];
  assert.deepEqual(panel.spec.plugin, { kind: 'nodegraph', spec: panel.spec.plugin.spec });
  assert.equal(panel.spec.plugin.spec.nodeGraph.source, 'metrics');
  exported.metadata.name = `${uid}-copy`;
  await importAndOpen(page, exported);
  const again = await graphOf(page, 'Service map');
  assert.equal(again.source, 'metrics');
  assert.deepEqual(again.edges, (await promGraph()).edges);
  assert.deepEqual(b.problems, []);
});
