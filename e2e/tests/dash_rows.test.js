// Rows of a dashboard: Node Exporter Full (../shared/fixtures/grafana, the Grafana.com dashboard 1860) imports
// with its rows folded and open as Grafana has them, and a folded row sends no query until it is opened;
// rows are added, renamed, folded and deleted in edit mode and Save keeps them in the file. The requests are
// counted in the browser: each Prometheus query the page sends is matched with the panels' queries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, openBrowser, gotoRoute, expectLive, openImported, settledPanels as settled } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

const NODE = new URL('../../tests/fixtures/grafana/node-exporter-full.json', import.meta.url);

/** Records the PromQL of every query the page sends to Prometheus (instant and range, GET or POST). */
function recordQueries(page) {
  const sent = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!/\/api\/prometheus\/api\/v1\/query(_range)?$/.test(u.pathname)) return;
    const q = u.searchParams.get('query') ?? new URLSearchParams(r.postData() || '').get('query');
    if (q) sent.push(q);
  });
  return sent;
}

/** The panels on screen once none is loading, each with the expressions of the queries it sent. */
async function settledPanels(page) {
  return (await settled(page)).map((p) => ({ ...p, exprs: p.queries.map((q) => q.expr) }));
}

const rowsShown = (page) => page.$$eval('[data-testid=dash-row] .row-toggle', (l) => l.map((x) => [x.textContent.trim(), x.getAttribute('aria-expanded')]));

/** Prometheus' own answer for `expr` (instant): the number of series. */
async function promCount(expr) {
  const body = await (await fetch(`${BASE}api/prometheus/api/v1/query?query=${encodeURIComponent(expr)}`)).json();
  assert.equal(body.status, 'success', JSON.stringify(body).slice(0, 200));
  return body.data.result.length;
}

test('Node Exporter Full imports with its rows folded as in Grafana, and a folded row sends no query until it is opened', async () => {
  const { page } = b;
  const grafana = JSON.parse(readFileSync(NODE, 'utf8'));
  const sent = recordQueries(page);
  await gotoRoute(page, '#/dashboard');
  await page.setInputFiles('[data-testid=import-file]', NODE.pathname);
  await page.waitForSelector('[data-testid=import-result]');
  await page.click('[data-testid=import-open]');
  await page.waitForSelector('[data-testid=dash-title]');
  await expectLive(page, 'Prometheus');

  // Every row of the file, open or folded as Grafana has it, a folded one with its panel count.
  const rows = grafana.panels.filter((p) => p.type === 'row');
  assert.equal(rows.length, 16);
  assert.deepEqual(await rowsShown(page), rows.map((r) => r.collapsed
    ? [`▸ ${r.title} (${r.panels.length} panels)`, 'false']
    : [`▾ ${r.title}`, 'true']));

  // Only the panels of the open rows are drawn, and only their queries were sent.
  const open = grafana.panels.filter((p) => p.type !== 'row').map((p) => p.title);
  const before = await settledPanels(page);
  assert.deepEqual(before.map((p) => p.title), open);
  const shownExprs = new Set(before.flatMap((p) => p.exprs));
  assert.ok(sent.length >= shownExprs.size && shownExprs.size > 10, `${sent.length} queries sent for ${shownExprs.size}`);
  for (const q of sent) assert.ok(shownExprs.has(q), `a query of no open panel was sent: ${q}`);
  const sentBefore = sent.length;

  // Opening "Memory Meminfo" draws its 13 panels and sends their queries (none of them sent before).
  const meminfo = rows.find((r) => r.title === 'Memory Meminfo');
  await page.getByRole('button', { name: /^▸ Memory Meminfo/ }).click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=panel]').length === n, before.length + meminfo.panels.length);
  const after = await settledPanels(page);
  const added = after.filter((p) => !before.some((o) => o.title === p.title));
  assert.deepEqual(added.map((p) => p.title).sort(), meminfo.panels.map((p) => p.title).sort());
  const newExprs = [...new Set(added.flatMap((p) => p.exprs))].filter((e) => !shownExprs.has(e));
  assert.ok(newExprs.length > 10, `${newExprs.length} new queries`);
  for (const e of newExprs) {
    assert.ok(!sent.slice(0, sentBefore).includes(e), `sent while its row was folded: ${e}`);
    assert.ok(sent.slice(sentBefore).includes(e), `not sent once its row was opened: ${e}`);
  }
  // What a panel of the row shows is Prometheus' answer (the stack has no node_exporter: no series).
  const first = added.find((p) => p.exprs.length);
  assert.equal(first.count, await promCount(first.exprs[0].replace(/\[\$__rate_interval\]/g, '[5m]')));
  assert.deepEqual(b.problems, []);
});

/** Clicks `selector` and answers the prompt it opens with `text`. */
async function answerPrompt(page, click, text) {
  const seen = new Promise((resolve) => page.once('dialog', async (d) => { await d.accept(text); resolve(d.message()); }));
  await click();
  return seen;
}

/** The stored file's grid sections: [row title or null, open, panel names]. */
async function savedSections(page, uid) {
  const d = JSON.parse(await page.evaluate((u) => localStorage.getItem(`trifocal.dashboard.${u}`), uid));
  return d.spec.layouts.map((l) => [
    l.spec.display?.title ?? null,
    l.spec.display ? l.spec.display.collapse.open : true,
    l.spec.items.map((it) => d.spec.panels[it.content.$ref.replace('#/spec/panels/', '')].spec.display.name),
  ]);
}

test('rows are added, renamed, folded and deleted in edit mode; Save keeps them; a folded row is not queried after a reload', async () => {
  const { page } = b;
  const uid = `e2e-rows-${Date.now()}`;
  const ds = { type: 'prometheus', uid: 'prom' };
  const grafana = {
    uid, title: `Rows ${uid}`, schemaVersion: 39,
    panels: [
      { type: 'row', id: 1, title: 'Overview', collapsed: false, gridPos: { x: 0, y: 0, w: 24, h: 1 }, panels: [] },
      { type: 'stat', id: 2, title: 'Targets up', datasource: ds, gridPos: { x: 0, y: 1, w: 6, h: 5 }, targets: [{ refId: 'A', expr: 'sum(up)' }] },
      { type: 'row', id: 3, title: 'Details', collapsed: false, gridPos: { x: 0, y: 6, w: 24, h: 1 }, panels: [] },
      { type: 'table', id: 4, title: 'Up by job', datasource: ds, gridPos: { x: 0, y: 7, w: 12, h: 8 }, targets: [{ refId: 'A', expr: 'sum by (job) (up)', instant: true, format: 'table' }] },
    ],
  };
  await openImported(page, grafana);
  await expectLive(page, 'Prometheus');
  const shown = await settledPanels(page);
  assert.equal(shown.find((p) => p.title === 'Up by job').count, await promCount('sum by (job) (up)'));
  await page.click('[data-testid=dash-edit]');

  // Rename "Details" from its menu.
  const asked = await answerPrompt(page, async () => {
    await page.click('button[aria-label="More actions for row 3"]');
    await page.getByRole('menuitem', { name: 'Rename row', exact: true }).click();
  }, '  Jobs ');
  assert.equal(asked, 'New title for row "Details":');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=dash-row] .row-toggle')].some((x) => x.textContent.trim() === '▾ Jobs'));

  // Add a row from the edit bar: it goes at the bottom, empty.
  await page.selectOption('select[aria-label="New panel kind"]', 'row');
  await page.fill('input[aria-label="New panel title"]', 'Extra');
  await page.click('[data-testid=add-panel]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=dash-row]').length === 3);
  // Fold "Jobs": its table goes into it.
  await page.getByRole('button', { name: '▾ Jobs' }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=panel]').length === 1);
  assert.deepEqual(await rowsShown(page), [['▾ Overview', 'true'], ['▸ Jobs (1 panels)', 'false'], ['▾ Extra', 'true']]);
  await page.click('[data-testid=dash-save]');
  await page.waitForFunction(() => !document.querySelector('[data-testid=dash-unsaved]'));
  assert.deepEqual(await savedSections(page, uid), [['Overview', true, ['Targets up']], ['Jobs', false, ['Up by job']], ['Extra', true, []]]);

  // Delete "Extra" from its menu and save: two rows are left.
  const extraId = await page.locator('[data-testid=dash-row]').nth(2).getAttribute('data-panel-id');
  await page.click(`button[aria-label="More actions for row ${extraId}"]`);
  await page.getByRole('menuitem', { name: 'Delete row', exact: true }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=dash-row]').length === 2);
  await page.click('[data-testid=dash-save]');
  await page.waitForFunction(() => !document.querySelector('[data-testid=dash-unsaved]'));
  assert.deepEqual(await savedSections(page, uid), [['Overview', true, ['Targets up']], ['Jobs', false, ['Up by job']]]);

  // After a reload the folded row sends nothing; the stat shows Prometheus' value.
  const sent = recordQueries(page);
  await page.reload();
  await page.waitForSelector('[data-testid=stat-value]', { timeout: 20000 });
  await expectLive(page, 'Prometheus');
  await settledPanels(page);
  assert.deepEqual(await rowsShown(page), [['▾ Overview', 'true'], ['▸ Jobs (1 panels)', 'false']]);
  const body = await (await fetch(`${BASE}api/prometheus/api/v1/query?query=${encodeURIComponent('sum(up)')}`)).json();
  assert.equal(Number(await page.getAttribute('[data-testid=stat-value]', 'data-value')), Number(body.data.result[0].value[1]));
  assert.ok(sent.includes('sum(up)'), sent.join('\n'));
  assert.ok(!sent.includes('sum by (job) (up)'), 'the folded row’s table was queried');
  assert.deepEqual(b.problems, []);
});
