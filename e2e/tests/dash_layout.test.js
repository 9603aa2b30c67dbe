// Arranging a dashboard's panels on the 24-column grid in edit mode, with the mouse (the header moves a
// panel, the corner handle resizes it) and with the keyboard (arrows move the focused panel, shift+arrows
// resize it, each new place is announced); Undo takes back the last layout change only; the layout is the
// same after Save and a reload, in the stored file and on screen. Every expected place below is worked out by
// hand from Grafana's grid rules (a panel landed on hops above the moved one when there is room, else is
// pushed down; everything floats up), not read from the app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, gotoRoute, expectLive, savedGrid, dragBy, drawnUntil } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

const MARGIN = 8;
const ROW = 30;

/** A new dashboard in edit mode with Prometheus live, holding text panels A, B and a stat C (`sum(up)`). */
async function threePanels(page) {
  await gotoRoute(page, '#/dashboard');
  await expectLive(page, 'Prometheus');
  await page.click('[data-testid=dash-new]');
  await page.waitForSelector('[data-testid=dash-title]');
  const uid = (await page.evaluate(() => location.hash)).split('/')[2].split('?')[0];
  await page.click('[data-testid=dash-edit]');
  for (const [kind, title, query] of [['text', 'A', 'Panel A'], ['text', 'B', 'Panel B'], ['stat', 'C', 'sum(up)']]) {
    await page.selectOption('select[aria-label="New panel kind"]', kind);
    await page.fill('input[aria-label="New panel title"]', title);
    await page.fill('input[aria-label="New panel query"]', query);
    await page.click('[data-testid=add-panel]');
    await panel(page, title).waitFor();
  }
  // New panels fill the grid left to right, top to bottom (text 12 × 8, stat 6 × 5).
  assert.deepEqual(await drawnGrid(page), { A: g(0, 0, 12, 8), B: g(12, 0, 12, 8), C: g(0, 8, 6, 5) });
  return uid;
}

function g(x, y, w, h) { return { x, y, w, h }; }

function panel(page, title) {
  return page.locator('[data-testid=panel]', { has: page.locator('[data-testid=panel-title]', { hasText: new RegExp(`^${title}$`) }) });
}

/** One grid cell's pitch in px: [column + margin, row + margin], from the grid's drawn width. */
async function pitch(page) {
  const grid = await page.locator('[data-testid=dash-grid]').boundingBox();
  return { grid, col: (grid.width - 23 * MARGIN) / 24 + MARGIN, row: ROW + MARGIN };
}

/** Where each panel is drawn, in grid units (read back from its box on screen). */
async function drawnGrid(page) {
  const { grid, col, row } = await pitch(page);
  const out = {};
  for (const t of ['A', 'B', 'C']) {
    const r = await panel(page, t).boundingBox();
    out[t] = g(Math.round((r.x - grid.x) / col), Math.round((r.y - grid.y) / row), Math.round((r.width + MARGIN) / col), Math.round((r.height + MARGIN) / row));
  }
  return out;
}

/** Waits until the drawn layout is `want`. */
const drawnIs = (page, want) => drawnUntil(page, drawnGrid, want);

/** Saves, reloads the page and checks the layout in the stored file and on screen, and C's live value. */
async function saveReloadAndCheck(page, uid, want) {
  await page.click('[data-testid=dash-save]');
  await page.waitForFunction(() => !document.querySelector('[data-testid=dash-unsaved]'));
  assert.deepEqual(await savedGrid(page, uid), want);
  await page.reload();
  await page.waitForSelector('[data-testid=panel] [data-testid=stat-value]', { timeout: 20000 });
  await expectLive(page, 'Prometheus');
  assert.deepEqual(await drawnGrid(page), want);
  // The stat is drawn from Prometheus, not from a stored copy.
  const body = await (await fetch(`${BASE}api/prometheus/api/v1/query?query=${encodeURIComponent('sum(up)')}`)).json();
  assert.equal(body.status, 'success');
  assert.equal(Number(await page.getAttribute('[data-testid=stat-value]', 'data-value')), Number(body.data.result[0].value[1]));
}

test('with the mouse a panel is dragged by its header and another resized by its corner; Undo takes back only the last change; the layout survives Save and reload', async () => {
  const { page } = b;
  const uid = await threePanels(page);
  const { col, row } = await pitch(page);

  // A's header dragged 12 columns right, onto B: B has no room above A, so it is pushed under A; C floats up.
  const a = await panel(page, 'A').locator('.panel-head').boundingBox();
  await dragBy(page, a.x + 10, a.y + a.height / 2, 12 * col, 0);
  const moved = { A: g(12, 0, 12, 8), B: g(12, 8, 12, 8), C: g(0, 0, 6, 5) };
  await drawnIs(page, moved);
  assert.equal(await page.textContent('[data-testid=panel-deleted] span'), 'Panel “A” moved');

  // C's corner dragged 8 columns right and 2 rows down: 14 × 7 reaches A's columns, so A and B go down.
  const resize = async () => {
    const c = await panel(page, 'C').locator('[data-testid=panel-resize]').boundingBox();
    await dragBy(page, c.x + c.width / 2, c.y + c.height / 2, 8 * col, 2 * row);
  };
  await resize();
  const resized = { A: g(12, 7, 12, 8), B: g(12, 15, 12, 8), C: g(0, 0, 14, 7) };
  await drawnIs(page, resized);
  assert.equal(await page.getAttribute('[data-testid=panel-deleted]', 'data-what'), 'layout');
  assert.equal(await page.textContent('[data-testid=panel-deleted] span'), 'Panel “C” resized');

  // Undo: the resize only; A stays where it was dragged.
  await page.click('[data-testid=panel-undo]');
  await drawnIs(page, moved);
  await page.waitForSelector('[data-testid=panel-deleted]', { state: 'detached' });

  await resize();
  await drawnIs(page, resized);
  await saveReloadAndCheck(page, uid, resized);
  assert.deepEqual(b.problems, []);
});

test('with the keyboard the focused panel moves with the arrows and resizes with shift+arrows, each place announced; Undo and the layout after Save and reload', async () => {
  const { page } = b;
  const uid = await threePanels(page);
  const a = panel(page, 'A');
  const aId = await a.getAttribute('data-panel-id');
  // In edit mode the panel is in the tab order.
  assert.equal(await a.getAttribute('tabindex'), '0');
  await a.focus();
  const press = async (key, want, said) => {
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.panelId), aId, `A has the focus before ${key}`);
    await page.keyboard.press(key);
    await drawnIs(page, want);
    await page.waitForFunction((s) => document.querySelector('[data-testid=layout-announce]').textContent === s, said);
  };

  // Down: A takes C's place; C hops above A (it fits at rows 3–7 and floats to the top), A floats to row 5.
  await press('ArrowDown', { A: g(0, 5, 12, 8), B: g(12, 0, 12, 8), C: g(0, 0, 6, 5) },
    'Panel “A”: column 1, row 6, 12 columns wide, 8 rows high.');
  // Shift+Right: 13 columns reach B's first column at rows 5–7: B goes under A.
  await press('Shift+ArrowRight', { A: g(0, 5, 13, 8), B: g(12, 13, 12, 8), C: g(0, 0, 6, 5) },
    'Panel “A”: column 1, row 6, 13 columns wide, 8 rows high.');
  await press('Shift+ArrowRight', { A: g(0, 5, 14, 8), B: g(12, 13, 12, 8), C: g(0, 0, 6, 5) },
    'Panel “A”: column 1, row 6, 14 columns wide, 8 rows high.');
  // Shift+Down: one row taller, B one row further down.
  await press('Shift+ArrowDown', { A: g(0, 5, 14, 9), B: g(12, 14, 12, 8), C: g(0, 0, 6, 5) },
    'Panel “A”: column 1, row 6, 14 columns wide, 9 rows high.');

  // Undo takes back that last change only, and says so.
  assert.equal(await page.textContent('[data-testid=panel-deleted] span'), 'Panel “A” resized');
  await page.click('[data-testid=panel-undo]');
  await drawnIs(page, { A: g(0, 5, 14, 8), B: g(12, 13, 12, 8), C: g(0, 0, 6, 5) });
  await page.waitForFunction(() => document.querySelector('[data-testid=layout-announce]').textContent === 'Panel “A” resized: undone.');

  // Up: A goes back to the top (C is in its way and has no room above, so it goes under A); B floats up.
  await a.focus();
  const final = { A: g(0, 0, 14, 8), B: g(12, 8, 12, 8), C: g(0, 8, 6, 5) };
  await press('ArrowUp', final, 'Panel “A”: column 1, row 1, 14 columns wide, 8 rows high.');
  await saveReloadAndCheck(page, uid, final);
  assert.deepEqual(b.problems, []);
});
