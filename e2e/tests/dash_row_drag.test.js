// Panels moved between rows in edit mode: with the mouse (dragged by the header from the top level into a
// row, from one row into another, and out of a row back to the top level) and with the keyboard (an arrow
// past a row's heading joins that row, the other way leaves it); Undo puts the panel back in its row; Save
// and a reload keep each panel in its row, in the stored file and on screen, the stats drawn live. Which row
// each panel ends in is worked out by hand from Grafana's grid rules, not read from the app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, expectLive, openImported, dragBy, settledPanels, drawnUntil } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

const MARGIN = 8;
const ROW = 30;

/**
 * A stat "Top" above the rows; row "Overview" holding "Left" and "Right" side by side, both 8 high (so
 * nothing fits on the line above the next heading); row "Details" holding "Below". All ask Prometheus.
 */
function dashboard(uid) {
  const ds = { type: 'prometheus', uid: 'prom' };
  const stat = (id, title, x, y, w, h) => ({ type: 'stat', id, title, datasource: ds, gridPos: { x, y, w, h }, targets: [{ refId: 'A', expr: 'sum(up)' }] });
  return {
    uid, title: `Row drag ${uid}`, schemaVersion: 39,
    panels: [
      stat(10, 'Top', 0, 0, 6, 5),
      { type: 'row', id: 1, title: 'Overview', collapsed: false, gridPos: { x: 0, y: 5, w: 24, h: 1 }, panels: [] },
      stat(11, 'Left', 0, 6, 6, 8),
      stat(12, 'Right', 6, 6, 12, 8),
      { type: 'row', id: 2, title: 'Details', collapsed: false, gridPos: { x: 0, y: 14, w: 24, h: 1 }, panels: [] },
      stat(13, 'Below', 0, 15, 6, 5),
    ],
  };
}

const START = [[null, ['Top']], ['Overview', ['Left', 'Right']], ['Details', ['Below']]];

function panel(page, title) {
  return page.locator('[data-testid=panel]', { has: page.locator('[data-testid=panel-title]', { hasText: new RegExp(`^${title}$`) }) });
}

/** Each drawn section top to bottom: [row title or null, the names of the panels under it, sorted]. */
async function drawnSections(page) {
  return page.evaluate(() => {
    const top = (e) => e.getBoundingClientRect().top;
    const rows = [...document.querySelectorAll('[data-testid=dash-row]')].map((r) => [top(r), r.querySelector('.row-toggle').textContent.replace(/^[▾▸]\s*/, '').trim()]);
    rows.sort((a, b) => a[0] - b[0]);
    const out = [[null, []], ...rows.map((r) => [r[1], []])];
    for (const p of document.querySelectorAll('[data-testid=panel]')) {
      const i = rows.filter((r) => r[0] < top(p)).length;
      out[i][1].push(p.querySelector('[data-testid=panel-title]').textContent);
    }
    for (const s of out) s[1].sort();
    return out.filter((s, i) => i > 0 || s[1].length > 0);
  });
}

/** Waits until the drawn sections are `want`. */
const drawnIs = (page, want) => drawnUntil(page, drawnSections, want);

/** The stored file's sections: [row title or null, its panels' names, sorted]. */
async function savedSections(page, uid) {
  const d = JSON.parse(await page.evaluate((u) => localStorage.getItem(`trifocal.dashboard.${u}`), uid));
  return d.spec.layouts.map((l) => [
    l.spec.display?.title ?? null,
    l.spec.items.map((it) => d.spec.panels[it.content.$ref.replace('#/spec/panels/', '')].spec.display.name).sort(),
  ]);
}

/** Saves, reloads and checks the sections in the file and on screen, each stat showing Prometheus' value. */
async function saveReloadAndCheck(page, uid, want) {
  await page.click('[data-testid=dash-save]');
  await page.waitForFunction(() => !document.querySelector('[data-testid=dash-unsaved]'));
  assert.deepEqual(await savedSections(page, uid), want);
  await page.reload();
  await page.waitForSelector('[data-testid=dash-title]');
  await expectLive(page, 'Prometheus');
  const ps = await settledPanels(page, { count: 4 });
  await drawnIs(page, want);
  const body = await (await fetch(`${BASE}api/prometheus/api/v1/query?query=${encodeURIComponent('sum(up)')}`)).json();
  assert.equal(body.status, 'success');
  const up = Number(body.data.result[0].value[1]);
  for (const p of ps) assert.equal(Number(await panel(page, p.title).locator('[data-testid=stat-value]').getAttribute('data-value')), up, p.title);
}

async function open(page, name) {
  const uid = `e2e-rowdrag-${name}-${Date.now()}`;
  await openImported(page, dashboard(uid));
  await expectLive(page, 'Prometheus');
  await settledPanels(page, { count: 4 });
  await drawnIs(page, START);
  await page.click('[data-testid=dash-edit]');
  const grid = await page.locator('[data-testid=dash-grid]').boundingBox();
  return { uid, col: (grid.width - 23 * MARGIN) / 24 + MARGIN, row: ROW + MARGIN };
}

/** Drags a panel by its header by (columns, rows). */
async function dragPanel(page, title, cols, rows, pitch) {
  const h = await panel(page, title).locator('.panel-head').boundingBox();
  await dragBy(page, h.x + 10, h.y + h.height / 2, cols * pitch.col, rows * pitch.row);
}

test('with the mouse a panel goes from the top level into a row, from row to row and back out; Undo; Save and reload keep the rows', async () => {
  const { page } = b;
  const { uid, ...pitch } = await open(page, 'mouse');

  // Top (lines 0–4) dragged 15 lines down, onto Below at Details' first line: Below has no room above it
  // (Left is there) and is pushed under Top, inside Details.
  await dragPanel(page, 'Top', 0, 15, pitch);
  const intoDetails = [['Overview', ['Left', 'Right']], ['Details', ['Below', 'Top']]];
  await drawnIs(page, intoDetails);
  assert.equal(await page.textContent('[data-testid=panel-deleted] span'), 'Panel “Top” moved');
  // Undo: Top is back above the rows.
  await page.click('[data-testid=panel-undo]');
  await drawnIs(page, START);
  await page.waitForSelector('[data-testid=panel-deleted]', { state: 'detached' });
  await dragPanel(page, 'Top', 0, 15, pitch);
  await drawnIs(page, intoDetails);

  // Right (Overview, now lines 1–8 at column 6) dragged 9 lines down beside Top, into Details.
  await dragPanel(page, 'Right', 0, 9, pitch);
  const rowToRow = [['Overview', ['Left']], ['Details', ['Below', 'Right', 'Top']]];
  await drawnIs(page, rowToRow);

  // Top dragged up to the very top (line 0, where Overview's heading is): out of Details, above the rows.
  const t = await panel(page, 'Top').boundingBox();
  const grid = await page.locator('[data-testid=dash-grid]').boundingBox();
  await dragPanel(page, 'Top', 0, -Math.round((t.y - grid.y) / pitch.row), pitch);
  const outOfRow = [[null, ['Top']], ['Overview', ['Left']], ['Details', ['Below', 'Right']]];
  await drawnIs(page, outOfRow);

  await saveReloadAndCheck(page, uid, outOfRow);
  assert.deepEqual(b.problems, []);
});

test('with the keyboard an arrow past a row heading joins that row, the other way leaves it; Undo; Save and reload keep it', async () => {
  const { page } = b;
  const { uid } = await open(page, 'keys');
  const right = panel(page, 'Right');
  const id = await right.getAttribute('data-panel-id');
  await right.focus();
  const press = async (key, want) => {
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.panelId), id, `Right has the focus before ${key}`);
    await page.keyboard.press(key);
    await drawnIs(page, want);
  };
  // Down: below Right in its columns is Details' heading (Left fills the line above it, so the heading
  // cannot hop above Right): Right goes under it, first in Details.
  const joined = [[null, ['Top']], ['Overview', ['Left']], ['Details', ['Below', 'Right']]];
  await press('ArrowDown', joined);
  assert.match(await page.textContent('[data-testid=layout-announce]'), /^Panel “Right”: column 7, row /);
  // Up: above it is Details' heading again; it goes back to Overview.
  await press('ArrowUp', START);
  // Down again, and Undo puts it back in Overview.
  await press('ArrowDown', joined);
  await page.click('[data-testid=panel-undo]');
  await drawnIs(page, START);
  await page.waitForSelector('[data-testid=panel-deleted]', { state: 'detached' });
  await right.focus();
  await press('ArrowDown', joined);
  await saveReloadAndCheck(page, uid, joined);
  assert.deepEqual(b.problems, []);
});
