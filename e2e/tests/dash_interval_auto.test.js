// An interval variable's "Auto" option, as Grafana has it (HAProxy's `interval` variable carries one): the
// option "auto" stands for the dashboard's window in `auto_count` steps, rounded to a step people recognise,
// never below `auto_min`. Imported from a Grafana dashboard whose choice is Grafana's `$__auto_interval_<name>`,
// the panel asks live Prometheus with that step in its query; another window, another choice, and the
// variable editor's step count each change what is asked. Expected steps are worked out by hand from
// Grafana's rounding (each step covers the intervals from halfway below it to halfway above it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, gotoRoute, expectLive, eventually, openImported, settledPanels, promRangeSeries, recordPromQueries } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

const UID = 'e2e-interval-auto';
const EXPR = 'sum by (job) (count_over_time(up[$iv]))';

const grafana = {
  uid: UID,
  title: 'Interval auto',
  schemaVersion: 39,
  time: { from: 'now-6h', to: 'now' },
  templating: {
    list: [{
      name: 'iv', type: 'interval', query: '1m,1h', auto: true, auto_count: 30, auto_min: '10s',
      current: { text: 'auto', value: '$__auto_interval_iv' },
    }],
  },
  panels: [{
    id: 1, type: 'timeseries', title: 'Samples per job', gridPos: { x: 0, y: 0, w: 24, h: 8 },
    datasource: { type: 'prometheus', uid: 'prom' },
    targets: [{ refId: 'A', expr: EXPR, datasource: { type: 'prometheus', uid: 'prom' } }],
  }],
};


/** Waits until the panel asked Prometheus `expr`, then checks it drew as many series as Prometheus answers. */
async function asks(page, sent, expr) {
  const q = await eventually(() => sent.find((s) => s.query === expr), { timeout: 30000 });
  const panels = await settledPanels(page, { count: 1 });
  const want = await promRangeSeries({ expr, start: q.start * 1000, end: q.end * 1000, step: q.step * 1000 });
  assert.ok(want > 0, `Prometheus has series for ${expr}`);
  assert.equal(panels[0].count, want, `${expr}: ${JSON.stringify(panels[0])}`);
  assert.deepEqual(panels[0].errors, []);
}

test("an interval variable's Auto option asks Prometheus with the window in steps, and the editor changes the count", async () => {
  const { page } = b;
  const sent = recordPromQueries(page);
  await openImported(page, grafana);
  await expectLive(page, 'Prometheus');
  // The import named nothing about the variable, and its dropdown offers "auto" first, chosen.
  const options = await page.$$eval('select[aria-label="Variable iv"] option', (os) => os.map((o) => o.value));
  assert.deepEqual(options, ['auto', '1m', '1h']);
  assert.equal(await page.$eval('select[aria-label="Variable iv"]', (s) => s.value), 'auto');
  // 6 h in 30 steps = 12 min, rounded to 10 min.
  await asks(page, sent, 'sum by (job) (count_over_time(up[10m]))');
  assert.ok(!sent.some((s) => /\$iv|\[auto\]/.test(s.query)), JSON.stringify(sent));

  // Another window: 1 h in 30 steps = 2 min. (Each step forgets what was asked before it.)
  sent.length = 0;
  await gotoRoute(page, `#/dashboard/${UID}?from=now-1h&to=now`);
  await asks(page, sent, 'sum by (job) (count_over_time(up[2m]))');
  // Another choice is itself.
  sent.length = 0;
  await page.selectOption('select[aria-label="Variable iv"]', '1m');
  await asks(page, sent, 'sum by (job) (count_over_time(up[1m]))');
  sent.length = 0;
  await page.selectOption('select[aria-label="Variable iv"]', 'auto');
  await asks(page, sent, 'sum by (job) (count_over_time(up[2m]))');

  // The editor: 10 steps over the 1 h window = 6 min, rounded to 5 min.
  await page.click('[data-testid=dash-edit]');
  await page.click('[data-testid=vars-editor] summary');
  const edit = async (field, value) => {
    sent.length = 0;
    await page.click('button[aria-label="Edit variable iv"]');
    await page.fill(`[data-testid=${field}]`, value);
    await page.click('[data-testid=var-apply]');
  };
  await page.click('button[aria-label="Edit variable iv"]');
  assert.equal(await page.isChecked('input[aria-label="Variable Auto option"]'), true);
  assert.equal(await page.inputValue('[data-testid=var-auto-count]'), '30');
  assert.equal(await page.inputValue('[data-testid=var-auto-min]'), '10s');
  await edit('var-auto-count', '10');
  await asks(page, sent, 'sum by (job) (count_over_time(up[5m]))');
  // 500 steps = 7.2 s, rounded to 5 s, raised to the 10 s minimum; then to a 30 s one.
  await edit('var-auto-count', '500');
  await asks(page, sent, 'sum by (job) (count_over_time(up[10s]))');
  await edit('var-auto-min', '30s');
  await asks(page, sent, 'sum by (job) (count_over_time(up[30s]))');
  // A count that is not a number is refused where it was typed.
  await edit('var-auto-count', 'many');
  assert.match(await page.textContent('[data-testid=var-error]'), /^Auto steps:/);
});
