// Grafana 12 dashboards (schema v2) and a panel's own time. A real v2 export with tabs (tests/fixtures/grafana-v2,
// saved by Grafana: a row holding three tabs) imports with its tabs; only the shown tab's panels are drawn and
// ask Prometheus anything, the tab is in the URL; a panel of a tab given a Prometheus query draws what
// Prometheus itself returns. A panel with a relative time and a time shift (Grafana's timeFrom and timeShift)
// asks for that window, as the requests it sends and Prometheus' own answer for them show, and says so in
// its header.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openBrowser, gotoRoute, expectLive, eventually, importText, openImported, settledPanels, promRangeSeries, recordPromQueries } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

const TABS = new URL('../../tests/fixtures/grafana-v2/V2DashWithTabs.json', import.meta.url);
const secs = (ms) => (ms / 1000).toFixed(3);


const tabsShown = (page) => page.$$eval('[data-testid=dash-tab]', (l) => l.map((x) => [x.textContent, x.getAttribute('aria-selected')]));
const panelIds = (page) => page.$$eval('[data-testid=panel]', (l) => l.map((x) => x.dataset.panelId));

test('A Grafana 12 v2 dashboard with tabs imports and draws', async () => {
  const { page } = b;
  const text = readFileSync(TABS, 'utf8');
  const spec = JSON.parse(text);
  const sent = recordPromQueries(page);
  const notices = await importText(page, text);
  // Nothing is dropped silently: the testdata query and the panels never configured in Grafana are named.
  assert.ok(notices.some((n) => n.includes('(id 1)') && n.includes('grafana-testdata-datasource')), notices.join('\n'));
  for (const id of [2, 7, 8, 9]) assert.ok(notices.some((n) => n.includes(`(id ${id})`)), `panel ${id}: ${notices.join('\n')}`);
  await page.click('[data-testid=import-open]');
  await page.waitForSelector('[data-testid=dash-title]');
  await expectLive(page, 'Prometheus');
  assert.equal(await page.textContent('[data-testid=dash-title]'), spec.title);

  // The row "New row" and its three tabs, the first shown: only its panels (1, 2 and 7) are drawn.
  const row = spec.layout.spec.rows[0].spec;
  const tabs = row.layout.spec.tabs.map((t) => t.spec.title);
  assert.deepEqual(tabs, ['Tab 1', 'Tab 2', 'Tab 3']);
  assert.deepEqual(await page.$$eval('[data-testid=dash-row] .row-toggle', (l) => l.map((x) => x.textContent.trim())), [`▾ ${row.title}`]);
  assert.deepEqual(await tabsShown(page), tabs.map((t, i) => [t, String(i === 0)]));
  const inTab = (i) => row.layout.spec.tabs[i].spec.layout.spec.items.map((it) => it.spec.element.name.replace('panel-', ''));
  assert.deepEqual(await panelIds(page), inTab(0));

  // Panel 1 of tab 1 asks Prometheus (in Grafana it asked the testdata datasource), and draws its answer.
  const expr = 'sum by (service_name) (rate(http_server_requests_total[5m]))';
  await page.click('[data-testid=dash-edit]');
  await page.click('button[aria-label="Edit panel 1"]');
  await page.selectOption('select[aria-label="Panel kind"]', 'timeseries');
  await page.click('[data-testid=query-add]');
  await page.fill('textarea[aria-label="Query A"]', expr);
  await page.click('[data-testid=panel-apply]');
  const drawn = await eventually(async () => {
    const ps = await settledPanels(page);
    const p = ps.find((x) => x.id === '1');
    return p && p.queries.length === 1 && p.count > 0 && p;
  });
  assert.deepEqual(drawn.errors, []);
  const want = await promRangeSeries(drawn.queries[0]);
  assert.ok(want > 0, 'Prometheus has series for the query');
  assert.equal(drawn.count, want);
  await page.click('[data-testid=dash-edit]');

  // Tab 2: its one panel is drawn, tab 1's are gone and ask nothing; the tab is in the URL.
  await page.click('[data-testid=dash-tab]:has-text("Tab 2")');
  await eventually(async () => JSON.stringify(await panelIds(page)) === JSON.stringify(inTab(1)));
  assert.match(await page.evaluate(() => location.hash), /[?&]tab=Tab(%20|\+)2(&|$)/);
  assert.deepEqual(await tabsShown(page), tabs.map((t, i) => [t, String(i === 1)]));
  const before2 = sent.filter((s) => s.query === expr).length;
  assert.ok(before2 > 0, 'tab 1 asked Prometheus');
  await page.waitForTimeout(1500);
  assert.equal(sent.filter((s) => s.query === expr).length, before2, 'a hidden tab sends no query');

  // Back to tab 1: its panel asks again and draws.
  await page.click('[data-testid=dash-tab]:has-text("Tab 1")');
  await eventually(async () => sent.filter((s) => s.query === expr).length > before2);
  await eventually(async () => (await settledPanels(page)).find((x) => x.id === '1')?.count > 0);
  assert.doesNotMatch(await page.evaluate(() => location.hash), /[?&]tab=/);

  // A link to tab 3 opens on tab 3.
  const here = await page.evaluate(() => location.hash);
  await gotoRoute(page, `${here}${here.includes('?') ? '&' : '?'}tab=Tab%203`);
  await page.waitForSelector('[data-testid=dash-tabs]');
  assert.deepEqual(await tabsShown(page), tabs.map((t, i) => [t, String(i === 2)]));
  await eventually(async () => JSON.stringify(await panelIds(page)) === JSON.stringify(inTab(2)));
});

test('a panel with a relative time and a time shift asks Prometheus for that window and says so in its header', async () => {
  const { page } = b;
  // The generator's OTLP gauge: backfilled over the 50 minutes before the stack started, so the shifted
  // window has data however young the stack is.
  const expr = 'sum by ("service.name") ({"rag.queue.depth"})';
  const target = { refId: 'A', expr, datasource: { type: 'prometheus', uid: 'prometheus' } };
  const grafana = {
    uid: 'panel-own-time', title: 'Panel time', schemaVersion: 39, time: { from: 'now-1h', to: 'now' },
    panels: [
      { id: 1, type: 'timeseries', title: 'Shifted', gridPos: { x: 0, y: 0, w: 12, h: 8 }, timeFrom: '10m', timeShift: '2m', targets: [target] },
      { id: 2, type: 'timeseries', title: 'Dashboard range', gridPos: { x: 12, y: 0, w: 12, h: 8 }, targets: [target] },
    ],
  };
  const sent = recordPromQueries(page);
  const t0 = Date.now();
  await openImported(page, grafana);
  await expectLive(page, 'Prometheus');
  const ps = await settledPanels(page, { count: 2 });
  const t1 = Date.now();
  const [own, dash] = ['1', '2'].map((id) => ps.find((p) => p.id === id));

  // The header says what Grafana's does; the other panel says nothing.
  assert.equal(await page.textContent('[data-testid=panel][data-panel-id="1"] [data-testid=panel-time]'), 'Last 10 minutes timeshift -2m');
  assert.equal(await page.locator('[data-testid=panel][data-panel-id="2"] [data-testid=panel-time]').count(), 0);

  // Its window: 10 minutes, ending 2 minutes before the page resolved "now"; the other follows the hour.
  const q = own.queries[0];
  assert.equal(q.end - q.start, 10 * 60_000);
  assert.ok(q.end >= t0 - 120_000 - 1000 && q.end <= t1 - 120_000 + 1000, `end ${q.end} is 2 minutes before now (${t0}..${t1})`);
  const d = dash.queries[0];
  assert.equal(d.end - d.start, 3_600_000);
  assert.equal(d.end - q.end, 120_000);
  // That is the window the request asked for.
  assert.ok(sent.some((s) => s.query === expr && Math.abs(s.start - q.start / 1000) < 0.002 && Math.abs(s.end - q.end / 1000) < 0.002),
    `a request for ${secs(q.start)}..${secs(q.end)} among ${JSON.stringify(sent.map((s) => [s.start, s.end]))}`);

  // And it draws what Prometheus itself returns for that window.
  const want = await promRangeSeries(q);
  assert.ok(want > 0, 'Prometheus has series in the shifted window (the generator backfills 50 minutes)');
  assert.equal(own.count, want);
  assert.deepEqual(own.errors, []);
});

test('the panel editor sets a relative time and a time shift, refuses ones that are neither, and a hidden time note stays hidden', async () => {
  const { page } = b;
  const expr = 'sum by ("service.name") ({"rag.queue.depth"})';
  const target = { refId: 'A', expr, datasource: { type: 'prometheus', uid: 'prometheus' } };
  const uid = `panel-time-edit-${Date.now()}`;
  const grafana = {
    uid, title: 'Panel time edit', schemaVersion: 39, time: { from: 'now-1h', to: 'now' },
    panels: [
      { id: 1, type: 'timeseries', title: 'Hidden', gridPos: { x: 0, y: 0, w: 12, h: 8 }, timeFrom: '10m', hideTimeOverride: true, targets: [target] },
      { id: 2, type: 'timeseries', title: 'Plain', gridPos: { x: 12, y: 0, w: 12, h: 8 }, targets: [target] },
    ],
  };
  await openImported(page, grafana);
  await expectLive(page, 'Prometheus');
  let ps = await settledPanels(page, { count: 2 });
  // Panel 1 asks for its 10 minutes, but its header says nothing of it (hideTimeOverride).
  const hidden = ps.find((p) => p.id === '1');
  assert.equal(hidden.queries[0].end - hidden.queries[0].start, 10 * 60_000);
  assert.equal(await page.locator('[data-testid=panel][data-panel-id="1"] [data-testid=panel-time]').count(), 0);

  // Panel 2: a relative time that is neither a duration nor a now expression is refused, with a message.
  await page.click('[data-testid=dash-edit]');
  await page.click('button[aria-label="Edit panel 2"]');
  const field = async (label, text) => { await page.fill(`input[aria-label="${label}"]`, text); await page.press(`input[aria-label="${label}"]`, 'Tab'); };
  await field('Panel relative time', 'yesterday');
  assert.equal(await page.textContent('[data-testid=panel-editor-error]'),
    'Relative time "yesterday" is neither a duration (1h, 7d) nor a now expression (now/d, now-1d/d).');
  await page.click('[data-testid=panel-apply]');
  assert.equal(await page.locator('[data-testid=panel-editor]').count(), 1);
  await field('Panel relative time', 'now-1d/d');
  assert.equal(await page.locator('[data-testid=panel-editor-error]').count(), 0);
  await field('Panel time shift', '-1h');
  assert.equal(await page.textContent('[data-testid=panel-editor-error]'), 'Time shift "-1h" is not a duration: use 1h, 1d, 1w or 1d/d.');
  // 15 minutes, shifted by 5: accepted and applied.
  await field('Panel time shift', '5m');
  await field('Panel relative time', '15m');
  assert.equal(await page.locator('[data-testid=panel-editor-error]').count(), 0);
  await page.click('[data-testid=panel-apply]');
  await page.waitForSelector('[data-testid=panel-editor]', { state: 'detached' });
  // Panel 1: its time note shown again.
  await page.click('button[aria-label="Edit panel 1"]');
  await page.uncheck('input[aria-label="Hide time info"]');
  await page.click('[data-testid=panel-apply]');
  await page.waitForSelector('[data-testid=panel-editor]', { state: 'detached' });
  await page.click('[data-testid=dash-save]');
  await page.waitForFunction(() => !document.querySelector('[data-testid=dash-unsaved]'));

  // After a reload: both headers say their time, and panel 2 draws what Prometheus has for its window.
  await page.reload();
  await page.waitForSelector('[data-testid=dash-title]');
  await expectLive(page, 'Prometheus');
  const t0 = Date.now();
  ps = await settledPanels(page, { count: 2 });
  const t1 = Date.now();
  assert.equal(await page.textContent('[data-testid=panel][data-panel-id="1"] [data-testid=panel-time]'), 'Last 10 minutes');
  assert.equal(await page.textContent('[data-testid=panel][data-panel-id="2"] [data-testid=panel-time]'), 'Last 15 minutes timeshift -5m');
  const q = ps.find((p) => p.id === '2').queries[0];
  assert.equal(q.end - q.start, 15 * 60_000);
  assert.ok(q.end >= t0 - 300_000 - 30_000 && q.end <= t1 - 300_000 + 1000, `end ${q.end} is 5 minutes before now (${t0}..${t1})`);
  const want = await promRangeSeries(q);
  assert.ok(want > 0, 'Prometheus has series in the shifted window');
  assert.equal(ps.find((p) => p.id === '2').count, want);
});
