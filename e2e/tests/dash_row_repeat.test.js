// Repeated rows. Grafana's own dev dashboard "Repeating rows" (a real v2 export, tests/fixtures/grafana-v2: a
// row repeated over $server holding a panel repeated over $pod) imports with its repeat and no notice of it;
// the row is drawn once per chosen server, each copy with its panels once per pod; a copy folds on its own
// and a folded copy draws (so loads) nothing. Given a Prometheus variable and query (its panel asked
// Grafana's testdata datasource), it draws one copy per value Prometheus' own label-values API lists, each
// copy's panels drawing what Prometheus answers for that value; changing the selection draws the copies again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, openBrowser, expectLive, eventually, importText, settledPanels, promRangeSeries, bindServicesVariable } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

const FILE = new URL('../../tests/fixtures/grafana-v2/templating-repeating-rows.json', import.meta.url);

/** The row headings drawn, in order, as their toggles read (▾ open, ▸ folded). */
const headings = (page) => page.$$eval('[data-testid=dash-row] .row-toggle', (l) => l.map((x) => x.textContent.trim()));
/** `[repeat value, title]` of each drawn copy of panel `id`. */
const copies = (page, id) => page.$$eval(`.dash-cell[data-repeat-of="${id}"]`, (l) => l.map((c) => [c.dataset.repeatValue, c.querySelector('[data-testid=panel-title]')?.textContent ?? '']));

test("Grafana's repeating-rows dashboard draws a row per server, folds a copy alone, and repeats over Prometheus' label values", async () => {
  const { page } = b;
  const text = readFileSync(FILE, 'utf8');
  const spec = JSON.parse(text).spec;
  const notices = await importText(page, text);
  // No notice about the repeat (the testdata query of panel 2 is named: it becomes a placeholder).
  assert.ok(!notices.some((n) => /repeat/i.test(n)), notices.join('\n'));
  assert.ok(notices.some((n) => n.includes('(id 2)') && n.includes('grafana-testdata-datasource')), notices.join('\n'));
  await page.click('[data-testid=import-open]');
  await page.waitForSelector('[data-testid=dash-title]');

  // The saved selection: servers A and B, pods 1 and 2 (as the file says).
  const server = spec.variables.find((v) => v.spec.name === 'server').spec.current.value;
  const pod = spec.variables.find((v) => v.spec.name === 'pod').spec.current.value;
  assert.deepEqual([server, pod], [['A', 'B'], ['1', '2']]);
  const rows = spec.layout.spec.rows.map((r) => r.spec.title.trim());
  const folded = spec.layout.spec.rows[2].spec.layout.spec.items.length;
  const want = [`▾ ${rows[0]}`, ...server.map((s) => `▾ Row for server ${s}`), `▸ ${rows[2]} (${folded} panels)`];
  await eventually(async () => JSON.stringify(await headings(page)) === JSON.stringify(want));
  // Under each server's row, panel 2 once per pod, its title filled in with both values.
  const placeholders = server.flatMap((s) => pod.map((p) => [p, `server = ${s}, pod = ${p}`]));
  assert.deepEqual(await copies(page, 2), placeholders);

  // Folding B's copy hides its panels only; A's stay, and the dashboard's own row is not changed.
  await page.click('[data-testid=dash-row] .row-toggle:has-text("Row for server B")');
  const inRow = spec.layout.spec.rows[1].spec.layout.spec.items.length;
  await eventually(async () => (await headings(page))[2] === `▸ Row for server B (${inRow} panels)`);
  assert.equal((await headings(page))[1], '▾ Row for server A');
  assert.deepEqual(await copies(page, 2), placeholders.slice(0, 2));
  assert.equal(await page.locator('[data-testid=dash-unsaved]').count(), 0);
  await page.click('[data-testid=dash-row] .row-toggle:has-text("Row for server B")');
  await eventually(async () => (await copies(page, 2)).length === 4);

  // $server from Prometheus (all its values), panel 2 a time series asking for that server's requests.
  await expectLive(page, 'Prometheus');
  const expr = 'sum by (http_route) (rate(http_server_requests_total{service_name="$server"}[1m]))';
  await bindServicesVariable(page, { name: 'server', panel: '2', expr, edit: (m) => { delete m.spec.panels['2'].spec.repeat; } });

  // One copy per value Prometheus lists, in its order, each copy's panel drawing Prometheus' own answer.
  const listed = await (await fetch(`${BASE}api/prometheus/api/v1/label/service_name/values?match[]=http_server_requests_total`)).json();
  assert.equal(listed.status, 'success');
  const services = listed.data;
  assert.ok(services.length >= 2, `Prometheus lists services: ${services}`);
  await eventually(async () => (await copies(page, 2)).length === services.length, { timeout: 20000 });
  assert.deepEqual((await headings(page)).slice(1, -1), services.map((s) => `▾ Row for server ${s}`));
  const ps = await settledPanels(page, { count: 1 + services.length });
  const cells = await page.$$eval('.dash-cell[data-repeat-of="2"]', (l) => l.map((c) => [c.dataset.repeatValue, c.querySelector('[data-testid=panel]').dataset.panelId]));
  assert.deepEqual(cells.map((c) => c[0]), services);
  for (const [service, id] of cells) {
    const p = ps.find((x) => x.id === id);
    assert.deepEqual(p.errors, []);
    assert.equal(p.queries.length, 1);
    assert.equal(p.queries[0].expr, expr.replace('$server', service));
    assert.ok(p.title.startsWith(`server = ${service}, pod = `), p.title);
    const wantSeries = await promRangeSeries(p.queries[0]);
    assert.ok(wantSeries > 0, `Prometheus has series for ${service}`);
    assert.equal(p.count, wantSeries, `${service}: series drawn`);
  }

  // Choosing one service (All goes off) draws one copy, for it.
  const picker = page.locator('[data-testid=var-multi]:has(summary[aria-label="Variable server"])');
  await picker.locator('summary').click();
  await picker.locator(`input[data-value="${services[1]}"]`).check();
  await eventually(async () => JSON.stringify((await copies(page, 2)).map((c) => c[0])) === JSON.stringify([services[1]]));
  assert.deepEqual((await headings(page)).slice(1, -1), [`▾ Row for server ${services[1]}`]);
  assert.deepEqual(b.problems, []);
});
