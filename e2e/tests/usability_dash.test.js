// Usability of dashboard editing, as a new user meets it at 1400×900 and 1024×700 against the live stack: the
// panel editor's query box is the explore views' editor (completion from the live Prometheus inside the
// viewport, highlighting, bracket checks, the language of the query's datasource); a panel's header in edit
// mode has few buttons named in words and a menu for the rest, never wraps, and a deleted panel can be brought
// back with Undo while the panels below it move up.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, gotoRoute, eventually, expectLive, sizedPage, savedGrid } from './harness.js';

const SIZES = [{ width: 1400, height: 900 }, { width: 1024, height: 700 }];
const RATE = 'sum by (service_name) (rate(http_server_requests_total[5m]))';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

/** A fresh context and page of this size, collecting page errors. */
function newPage(size) {
  return sizedPage(b.browser, size);
}

/** A new dashboard in edit mode, Prometheus live; returns its uid. */
async function newDashboard(page) {
  await gotoRoute(page, '#/dashboard');
  await expectLive(page, 'Prometheus');
  await page.click('[data-testid=dash-new]');
  await page.waitForSelector('[data-testid=dash-title]');
  const uid = (await page.evaluate(() => location.hash)).split('/')[2].split('?')[0];
  await page.click('[data-testid=dash-edit]');
  return uid;
}

/** Adds a panel through the edit bar; returns its id once it is drawn. */
async function addPanel(page, title, query = RATE, kind = 'timeseries') {
  await page.selectOption('select[aria-label="New panel kind"]', kind);
  await page.fill('input[aria-label="New panel title"]', title);
  await page.fill('input[aria-label="New panel query"]', query);
  await page.click('[data-testid=add-panel]');
  const p = panel(page, title);
  await p.waitFor();
  return p.getAttribute('data-panel-id');
}

function panel(page, title) {
  return page.locator('[data-testid=panel]', { has: page.locator('[data-testid=panel-title]', { hasText: title }) });
}

async function save(page) {
  await page.click('[data-testid=dash-save]');
  await page.waitForFunction(() => !document.querySelector('[data-testid=dash-unsaved]'));
}

/** Opens panel `id`'s menu and chooses the item named `name`. */
async function menuAction(page, id, name) {
  await page.click(`button[aria-label="More actions for panel ${id}"]`, { timeout: 5000 });
  const menu = page.locator('[role=menu]');
  await menu.waitFor({ timeout: 5000 });
  await menu.getByRole('menuitem', { name, exact: true }).click();
}

const words = (s) => /[A-Za-z]{3,}/.test(s ?? '');

function inside(box, { width, height }) {
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= width + 0.5 && box.y + box.height <= height + 0.5;
}

for (const size of SIZES) {
  test(`${size.width}×${size.height}: the panel editor's query completes live metric names, highlights, checks brackets, speaks its datasource's language`, async () => {
    const { context, page, problems } = await newPage(size);
    try {
      await newDashboard(page);
      const id = await addPanel(page, 'Editor panel');
      await page.click(`button[aria-label="Edit panel ${id}"]`);
      const editor = page.locator('[data-testid=panel-editor]');
      const query = editor.locator('textarea[aria-label="Query A"]');
      await query.waitFor();

      // What Prometheus itself holds under that prefix.
      const r = await fetch(new URL('api/prometheus/api/v1/label/__name__/values', BASE));
      const names = (await r.json()).data.filter((n) => n.startsWith('http_server_req'));
      assert.ok(names.includes('http_server_requests_total'), `Prometheus has http_server_requests_total: ${names}`);

      await query.fill('');
      await query.click();
      await page.keyboard.type('rate(http_server_req');
      await page.keyboard.press('Control+Space');
      const list = editor.locator('[role=listbox]');
      await list.waitFor({ timeout: 10000 });
      const offered = await eventually(async () => {
        const v = await list.locator('[role=option]').evaluateAll((os) => os.map((o) => o.dataset.value));
        return names.every((n) => v.includes(n)) && v;
      }, { timeout: 10000 });
      assert.ok(offered.includes('http_server_requests_total'));
      const box = await list.boundingBox();
      assert.ok(box && inside(box, size), `the list ${JSON.stringify(box)} is inside the ${size.width}×${size.height} viewport`);
      // Highlighted: the text is drawn as tokens, the function and the metric name in different spans.
      const spans = await editor.locator('pre span').evaluateAll((ss) => ss.map((s) => [s.textContent, s.className]));
      assert.equal(spans.map(([t]) => t).join(''), 'rate(http_server_req');
      const cls = (t) => spans.find(([s]) => s === t)?.[1];
      assert.ok(cls('rate') && cls('http_server_req') && cls('rate') !== cls('http_server_req'), JSON.stringify(spans));
      await page.keyboard.press('Escape');
      await list.waitFor({ state: 'detached' });

      // A bracket never closed is said under the query, before anything is sent.
      await query.fill('sum(rate(x[1m])');
      const problem = editor.locator('[data-testid=query-problems]');
      await problem.waitFor({ timeout: 5000 });
      assert.match(await problem.textContent(), /`\(` .*clos/);
      await query.fill('sum(rate(x[1m]))');
      await problem.waitFor({ state: 'detached' });

      // The language follows the query's datasource: a LogQL line filter is a stray character for PromQL only.
      const logql = '{service_name="checkout"} |= "error"';
      await query.fill(logql);
      await problem.waitFor({ timeout: 5000 });
      await editor.locator('select[aria-label="Query A datasource"]').selectOption('loki');
      await problem.waitFor({ state: 'detached', timeout: 5000 });
      assert.equal(await editor.locator('textarea[aria-label="Query A"]').inputValue(), logql);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}

test('1024×700: a panel header in edit mode has few buttons named in words, a menu for the rest, and never wraps', async () => {
  const size = { width: 1024, height: 700 };
  const { context, page, problems } = await newPage(size);
  try {
    await newDashboard(page);
    const id = await addPanel(page, 'Requests per second by service');
    const p = panel(page, 'Requests per second by service');
    const buttons = p.locator('.panel-head button');
    const named = await buttons.evaluateAll((bs) => bs.map((x) => ({ text: x.textContent, title: x.title, aria: x.getAttribute('aria-label') })));
    assert.ok(named.length <= 4, `few buttons in the header: ${JSON.stringify(named)}`);
    for (const n of named) {
      assert.ok(words(n.title) && words(n.aria), `tooltip and name in words: ${JSON.stringify(n)}`);
    }
    // The menu: every item says what it does, and the menu lies inside the window.
    await page.click(`button[aria-label="More actions for panel ${id}"]`, { timeout: 5000 });
    const menu = page.locator('[role=menu]');
    await menu.waitFor({ timeout: 5000 });
    const items = await menu.locator('[role=menuitem]').evaluateAll((is) => is.map((x) => ({ text: x.textContent, title: x.title, aria: x.getAttribute('aria-label') })));
    const texts = items.map((i) => i.text);
    for (const want of ['Duplicate panel', 'Move left', 'Move right', 'Move up', 'Move down', 'Delete panel']) {
      assert.ok(texts.includes(want), `the menu offers "${want}": ${texts}`);
    }
    for (const i of items) assert.ok(words(i.text) && words(i.title) && words(i.aria), JSON.stringify(i));
    assert.ok(inside(await menu.boundingBox(), size));
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });

    // Narrowed as far as it goes: every header control on one line, inside the panel.
    const wide = (await p.boundingBox()).width;
    let last = wide;
    for (let i = 0; i < 12; i++) {
      await menuAction(page, id, 'Narrower');
      const w = await eventually(async () => { const x = (await p.boundingBox()).width; return x < last && x; }, { timeout: 3000 }).catch(() => null);
      if (w === null) break;
      last = w;
    }
    const pb = await p.boundingBox();
    assert.ok(pb.width < wide / 3, `narrowed from ${wide} to ${pb.width}`);
    const controls = await p.locator('.panel-head').evaluate((h) => [...h.querySelectorAll('button, a, h3')]
      .map((e) => ({ what: e.getAttribute('aria-label') || e.textContent, ...e.getBoundingClientRect().toJSON() })));
    const tops = controls.filter((c) => c.what !== null && c.height > 0);
    const buttonsNow = tops.filter((c) => c.what !== 'Requests per second by service');
    assert.ok(buttonsNow.length >= 3, JSON.stringify(controls));
    const top0 = buttonsNow[0].top;
    for (const c of buttonsNow) {
      assert.ok(Math.abs(c.top - top0) <= 1, `${c.what} at top ${c.top}, not ${top0}: the header wrapped (${JSON.stringify(controls)})`);
      assert.ok(c.left >= pb.x - 0.5 && c.right <= pb.x + pb.width + 0.5, `${c.what} [${c.left}, ${c.right}] overflows the panel [${pb.x}, ${pb.x + pb.width}]`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('1400×900: deleting a panel moves the one below up; Undo brings it back with its title at its place', async () => {
  const size = { width: 1400, height: 900 };
  const { context, page, problems } = await newPage(size);
  try {
    const uid = await newDashboard(page);
    const a = await addPanel(page, 'Alpha requests');
    await addPanel(page, 'Beta requests');
    await addPanel(page, 'Gamma requests');
    await save(page);
    const before = await savedGrid(page, uid);
    // Gamma is under Alpha (the first free spot after Alpha and Beta side by side).
    assert.ok(before['Gamma requests'].y >= before['Alpha requests'].y + before['Alpha requests'].h, JSON.stringify(before));
    const boxA = await panel(page, 'Alpha requests').boundingBox();
    const boxG = await panel(page, 'Gamma requests').boundingBox();

    await menuAction(page, a, 'Delete panel');
    await panel(page, 'Alpha requests').waitFor({ state: 'detached' });
    const toast = page.locator('[data-testid=panel-deleted]');
    await toast.waitFor({ timeout: 5000 });
    assert.match(await toast.textContent(), /Alpha requests.*deleted/);
    // The hole is closed: Gamma moved up, on screen and in the saved layout.
    const movedG = await panel(page, 'Gamma requests').boundingBox();
    assert.ok(movedG.y < boxG.y - 10, `Gamma moved up: ${boxG.y} → ${movedG.y}`);
    await save(page);
    const after = await savedGrid(page, uid);
    assert.ok(!('Alpha requests' in after));
    assert.ok(after['Gamma requests'].y < before['Gamma requests'].y, `saved y ${before['Gamma requests'].y} → ${after['Gamma requests'].y}`);

    // Undo: Alpha is back, same title and place; Gamma back under it.
    await toast.getByRole('button', { name: 'Undo' }).click();
    await toast.waitFor({ state: 'detached' });
    const back = panel(page, 'Alpha requests');
    await back.waitFor();
    const boxBack = await back.boundingBox();
    for (const k of ['x', 'y', 'width', 'height']) assert.ok(Math.abs(boxBack[k] - boxA[k]) <= 1, `Alpha ${k}: ${boxA[k]} → ${boxBack[k]}`);
    await save(page);
    assert.deepEqual(await savedGrid(page, uid), before);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
