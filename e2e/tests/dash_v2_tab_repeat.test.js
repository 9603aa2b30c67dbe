// Repeated tabs. Grafana's own v2 test dashboard "tab repeats" (a real export, tests/fixtures/grafana-v2: the
// tab "Tab - $c1" repeated over $c1, and a plain tab) imports with its repeat and no notice of it; the tab is
// drawn as one tab per chosen value, the value in its title. Given a Prometheus variable and query (its panels
// asked Grafana's testdata datasource), it draws one tab per value Prometheus' own label-values API lists, and
// each tab's panel draws what Prometheus answers for that tab's value; a tab of its own shows only its panels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, openBrowser, expectLive, eventually, importText, settledPanels, promRangeSeries, bindServicesVariable } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

const FILE = new URL('../../tests/fixtures/grafana-v2/V2DashWithTabRepeats.json', import.meta.url);

/** The tab titles drawn, in order. */
const tabs = (page) => page.$$eval('[data-testid=dash-tab]', (l) => l.map((x) => x.textContent));
/** The selected tab's title. */
const selected = (page) => page.$eval('[data-testid=dash-tab][aria-selected=true]', (x) => x.textContent);
/** `[repeat value, panel id]` of each drawn copy of panel `id`. */
const copies = (page, id) => page.$$eval(`.dash-cell[data-repeat-of="${id}"]`, (l) => l.map((c) => [c.dataset.repeatValue, c.querySelector('[data-testid=panel]')?.dataset.panelId]));

test("Grafana's tab-repeats dashboard draws a tab per value, and repeats over Prometheus' label values", async () => {
  const { page } = b;
  const text = readFileSync(FILE, 'utf8');
  const spec = JSON.parse(text).spec;
  const notices = await importText(page, text);
  const [repeated, plain] = spec.layout.spec.tabs.map((t) => t.spec);
  assert.equal(repeated.repeat.value, 'c1');
  // No notice about the tab's repeat.
  assert.ok(!notices.some((n) => n.includes(`Tab "${repeated.title}"`)), notices.join('\n'));
  await page.click('[data-testid=import-open]');
  await page.waitForSelector('[data-testid=dash-title]');

  // The saved selection of $c1: one tab per value, its title filled in, then the plain tab.
  const c1 = spec.variables.find((v) => v.spec.name === 'c1').spec.current.value;
  assert.deepEqual(c1, ['1', '2', '3', '4']);
  const title = (v) => repeated.title.replace('$c1', v);
  await eventually(async () => JSON.stringify(await tabs(page)) === JSON.stringify([...c1.map(title), plain.title]));

  // $c1 from Prometheus (all its values), panel 2 of the tab a time series asking for that service's requests.
  await expectLive(page, 'Prometheus');
  const expr = 'sum by (http_route) (rate(http_server_requests_total{service_name="$c1"}[1m]))';
  await bindServicesVariable(page, { name: 'c1', panel: '2', expr });

  // One tab per value Prometheus lists, in its order.
  const listed = await (await fetch(`${BASE}api/prometheus/api/v1/label/service_name/values?match[]=http_server_requests_total`)).json();
  assert.equal(listed.status, 'success');
  const services = listed.data;
  assert.ok(services.length >= 2, `Prometheus lists services: ${services}`);
  await eventually(async () => JSON.stringify(await tabs(page)) === JSON.stringify([...services.map(title), plain.title]), { timeout: 20000 });

  // Each tab draws panel 2 once, bound to its service, drawing Prometheus' own answer for it.
  const seen = new Set();
  for (const service of services) {
    await page.click(`[data-testid=dash-tab]:text-is("${title(service)}")`);
    await eventually(async () => (await selected(page)) === title(service));
    const cells = await eventually(async () => {
      const c = await copies(page, 2);
      return c.length === 1 && c[0][0] === service && c;
    }, { timeout: 20000 });
    const ps = await settledPanels(page);
    const p = ps.find((x) => x.id === cells[0][1]);
    assert.ok(p, `panel 2 of tab ${service} drawn`);
    assert.deepEqual(p.errors, []);
    assert.equal(p.queries.length, 1);
    assert.equal(p.queries[0].expr, expr.replace('$c1', service));
    const want = await promRangeSeries(p.queries[0]);
    assert.ok(want > 0, `Prometheus has series for ${service}`);
    assert.equal(p.count, want, `${service}: series drawn`);
    seen.add(p.id);
  }
  assert.equal(seen.size, services.length, 'each tab draws a copy of its own');

  // The plain tab shows its one panel only, none of the repeated tab's.
  await page.click(`[data-testid=dash-tab]:text-is("${plain.title}")`);
  await eventually(async () => (await copies(page, 2)).length === 0);
  const inPlain = plain.layout.spec.items.map((it) => it.spec.element.name.replace('panel-', ''));
  await eventually(async () => JSON.stringify(await page.$$eval('[data-testid=panel]', (l) => l.map((x) => x.dataset.panelId))) === JSON.stringify(inPlain));
  assert.deepEqual(b.problems, []);
});
