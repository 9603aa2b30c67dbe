// End-to-end harness: Debian's headless chromium driven by playwright-core, against the app served by the
// test stack's nginx (scripts/stack.sh up), which also proxies the real Prometheus 3, Jaeger and VictoriaLogs and the replay server
// of recorded Loki and Tempo answers.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';

export const BASE = process.env.TRIFOCAL_BASE_URL
  || `http://127.0.0.1:${process.env.TRIFOCAL_NGINX_PORT || 28080}/`;
export const STACK_DIR = process.env.TRIFOCAL_STACK_DIR || '/tmp/trifocal-stack';
/** The telemetry generator the stack runs (scripts/stack.sh builds it under $CARGO_TARGET_DIR, else the repo's
 * target), or TRIFOCAL_GEN. */
export const GEN = process.env.TRIFOCAL_GEN
  || join(process.env.CARGO_TARGET_DIR || join(import.meta.dirname, '..', '..', 'target'), 'release', 'trifocal-gen');

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A fresh context and page of this size (and device pixel ratio) in `browser`, with its page errors and
 * console errors (but "Failed to load resource", which a down backend causes) collected in `problems`;
 * `storage` is put in the app's localStorage before it starts (key → text). */
export async function sizedPage(browser, { width, height }, { dpr = 1, storage = {} } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: dpr });
  if (Object.keys(storage).length) {
    await context.addInitScript((st) => {
      if (!/^https?:$/.test(location.protocol)) return; // about:blank has no storage
      for (const [k, v] of Object.entries(st)) localStorage.setItem(k, v);
    }, storage);
  }
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
  });
  return { context, page, problems };
}

/** Launches chromium and opens a fresh page that fails the test on any page error or console error. */
export async function openBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ARGS,
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  // Each problem is also printed at once, so a wasm panic's message is in the log even when the test then
  // fails on something else (a click blocked by the crash screen).
  const note = (p) => { problems.push(p); process.stderr.write(`[page] ${p}\n`); };
  page.on('pageerror', (e) => note(`pageerror: ${e.message}`));
  // A backend that is down is reported in the page; the browser's own network log line is not an app error.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) note(`console: ${m.text()}`);
  });
  return { browser, context, page, problems };
}

/** The generator's manifest: real trace IDs that exist in the backends. */
export function manifest() {
  return JSON.parse(readFileSync(`${STACK_DIR}/manifest.json`, 'utf8'));
}

/** Opens a route (`#/...` fragment) and waits for the backend probe to finish. */
export async function gotoRoute(page, fragment) {
  // A fresh document, as when a link is opened: changing only the fragment of the open page would keep the
  // previous view on screen until the new query answers, and a test could read that stale view.
  if (page.url().startsWith(BASE)) await page.goto('about:blank');
  await page.goto(BASE + fragment);
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-testid=backend-status]');
    return s && s.dataset.mode !== 'checking';
  }, null, { timeout: 20000 });
}

/** Polls `fn` until it returns a truthy value (for data that arrives through a real pipeline). */
export async function eventually(fn, { timeout = 30000, interval = 500 } = {}) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new Error(`timed out; last value: ${last}`);
}

/**
 * Waits until the status bar says `backend` ('Prometheus', 'Loki', 'Jaeger' or 'Tempo') answered: the view then
 * shows that backend's data, not the demo data the app falls back to when it is down. Fails the test otherwise,
 * so a stopped backend fails every test that calls this.
 */
export async function expectLive(page, backend) {
  await page.waitForFunction((b) => {
    const s = document.querySelector('[data-testid=backend-status]');
    return s && s.dataset.mode === 'live' && s.textContent.includes(`${b} ✓`);
  }, backend, { timeout: 20000 }).catch(async () => {
    const text = await page.textContent('[data-testid=backend-status]').catch(() => '(no status bar)');
    throw new Error(`${backend} is not live: the status bar says "${text}"`);
  });
}

/** Datasource settings for every page the context opens, as the Settings page keeps them (localStorage
 * `trifocal.datasources`, JSON; missing fields take the app's defaults): `settings` is laid over what is
 * stored, before the app starts, e.g. `{ tempo: '/api/tempo-recorded', traces: 'Tempo' }` for the recorded
 * Tempo of the test stack (nginx `/api/tempo-recorded/` → the replay server's `/tempo/`). */
export async function useDatasources(context, settings) {
  await context.addInitScript((s) => {
    // Also runs in about:blank (gotoRoute passes through it), which has no storage: only the app's pages.
    if (!/^https?:$/.test(location.protocol)) return;
    const key = 'trifocal.datasources';
    let stored = {};
    try { stored = JSON.parse(localStorage.getItem(key) || '{}') || {}; } catch { stored = {}; }
    localStorage.setItem(key, JSON.stringify({ ...stored, ...s }));
  }, settings);
}

/** The recorded real answers (tests/fixtures/real) that the stack's replay server serves. */
export const RECORDINGS = new URL('../../tests/fixtures/real/', import.meta.url);

/** A recorded body as text (`loki/labels.json`), or parsed when it is JSON and `json` is true. */
export function recorded(file, { json = file.endsWith('.json') } = {}) {
  const text = readFileSync(new URL(file, RECORDINGS), 'utf8');
  return json ? JSON.parse(text) : text;
}

/** The recorded window (unix seconds) of tests/fixtures/real/requests.json, in epoch ms for links. */
export function recordedWindowMs() {
  const { window: w } = recorded('requests.json');
  return { from: w.start * 1000, to: w.end * 1000 };
}

/** A backend's JSON answer to `url` (fails the test on an error status, an HTML page or no answer in 20 s). */
export async function fetchJson(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(20000) });
  const body = await res.text();
  assert.ok(res.ok && !/^\s*</.test(body), `${url} answered ${res.status}: ${body.slice(0, 200)}`);
  return JSON.parse(body);
}

/** Prometheus' own answer for a panel's range query (`{expr, start, end, step}` in ms, as a panel's
 * `data-queries` lists it), with the panel's parameters: the number of series. */
export async function promRangeSeries(q) {
  const secs = (ms) => (ms / 1000).toFixed(3);
  const body = await fetchJson(`${BASE}api/prometheus/api/v1/query_range?query=${encodeURIComponent(q.expr)}&start=${secs(q.start)}&end=${secs(q.end)}&step=${q.step / 1000}`);
  assert.equal(body.status, 'success', JSON.stringify(body).slice(0, 200));
  return body.data.result.length;
}

/** Prometheus' own instant answer for `expr`: its result list. */
export async function promInstant(expr) {
  const body = await fetchJson(`${BASE}api/prometheus/api/v1/query?query=${encodeURIComponent(expr)}`);
  assert.equal(body.status, 'success', JSON.stringify(body).slice(0, 200));
  return body.data.result;
}

/** The texts of `selector` in the hover tip of the chart in `panel` once at least `atLeast` show, the pointer
 * resting at a few places across the middle of its plot. */
export async function hoverTipTexts(page, panel, selector, atLeast) {
  const bb = await panel.locator('.chart-box').boundingBox();
  let texts = [];
  await eventually(async () => {
    for (const fx of [0.8, 0.6, 0.9, 0.5]) {
      await page.mouse.move(bb.x + bb.width * fx, bb.y + bb.height * 0.5);
      await page.waitForTimeout(150);
      texts = await panel.locator(`[data-testid=hover-tip] ${selector}`).allTextContents();
      if (texts.length >= atLeast) return true;
    }
    return false;
  }, { timeout: 15000 });
  await page.mouse.move(0, 0);
  return texts.map((t) => t.trim());
}

/** Waits until `read(page)` gives `want` (a layout change is drawn on the next frame); fails with the last. */
export async function drawnUntil(page, read, want) {
  const until = Date.now() + 10000;
  let got;
  while (Date.now() < until) {
    got = await read(page);
    if (JSON.stringify(got) === JSON.stringify(want)) return;
    await page.waitForTimeout(50);
  }
  assert.deepEqual(got, want);
}

/** Prometheus' alerting rule `name` once it reports it firing (the stack's rules fire within a minute or so). */
export function firingRule(name) {
  return eventually(async () => {
    const d = await fetchJson(`${BASE}api/prometheus/api/v1/rules?type=alert`);
    return d.data.groups.flatMap((g) => g.rules).find((r) => r.name === name && r.state === 'firing');
  }, { timeout: 90000, interval: 1000 });
}

/** A Grafana dashboard of tests/fixtures/grafana/ (`node-exporter-full`, `apache-full`, `haproxy`), parsed. */
export function grafanaFixture(name) {
  return JSON.parse(readFileSync(new URL(`../../tests/fixtures/grafana/${name}.json`, import.meta.url), 'utf8'));
}

/** Every panel of a Grafana dashboard's `panels`, those inside rows included, in order. */
export function* walkPanels(panels) {
  for (const p of panels) { yield p; yield* walkPanels(p.panels || []); }
}

/** Puts `text` in the dashboard list's import box at once, as a paste does (typing it would only measure the
 * driver). */
export async function pasteImport(page, text) {
  // The dashboard list is a lazily loaded part: after a fresh load its box comes after the backend probe.
  await page.waitForSelector('[data-testid=import-text]', { timeout: 30000 });
  await page.evaluate((t) => {
    const el = document.querySelector('[data-testid=import-text]');
    el.value = t;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

/** Imports a dashboard file's `text` from the dashboard list, waits for the import's result, and returns the
 * notices it shows. */
export async function importText(page, text) {
  await gotoRoute(page, '#/dashboard');
  await pasteImport(page, text);
  await page.click('[data-testid=import-button]');
  await page.waitForSelector('[data-testid=import-result]');
  return page.$$eval('[data-testid=import-notice]', (l) => l.map((x) => x.textContent));
}

/** Imports a dashboard (Grafana's or ours, as an object) from the dashboard list, and waits until it is in. */
export async function importDashboard(page, dashboard) {
  await gotoRoute(page, '#/dashboard');
  await pasteImport(page, JSON.stringify(dashboard));
  await page.click('[data-testid=import-button]');
  await page.waitForSelector(`[data-testid=import-result][data-uid="${dashboard.uid ?? dashboard.metadata?.name}"]`);
}

/** Imports a dashboard as [`importDashboard`] does and opens it. */
export async function openImported(page, dashboard) {
  await importDashboard(page, dashboard);
  await page.click('[data-testid=import-open]');
  await page.waitForSelector('[data-testid=dash-title]');
}

/** Imports `dashboard` checking the import names nothing dropped (no notice), opens it and waits until
 * Prometheus is live and its one panel settled without an error; gives that panel's settled state. */
export async function openWithoutNotice(page, dashboard) {
  await importDashboard(page, dashboard);
  assert.deepEqual(await page.locator('[data-testid=import-notice]').allTextContents(), []);
  await page.click('[data-testid=import-open]');
  await page.waitForSelector('[data-testid=dash-title]');
  await expectLive(page, 'Prometheus');
  const [p] = await settledPanels(page, { count: 1 });
  assert.deepEqual(p.errors, []);
  return p;
}

/** Imports and opens `uid`: one Grafana time series `title` of Prometheus `targets` (`[legend, expr]`, ref ids
 * A, B, …) over the last 15 minutes, and waits until Prometheus is live and the panel settled; gives the panel. */
export async function openLiveTimeSeries(page, { uid, title, targets }) {
  const ds = { type: 'prometheus', uid: 'prom' };
  await openImported(page, {
    uid, title: `${title} ${uid}`, schemaVersion: 39, time: { from: 'now-15m', to: 'now' },
    panels: [{
      type: 'timeseries', id: 1, title, datasource: ds, gridPos: { x: 0, y: 0, w: 16, h: 10 },
      targets: targets.map(([legendFormat, expr], i) => ({ refId: String.fromCharCode(65 + i), datasource: ds, expr, legendFormat })),
    }],
  });
  await expectLive(page, 'Prometheus');
  await settledPanels(page, { count: 1 });
  return page.locator('[data-testid=panel]');
}

/** Turns on the dashboard's edit mode and opens the panel editor of panel `id`. */
export async function editPanel(page, id = 1) {
  await page.click('[data-testid=dash-edit]');
  await openPanelEditor(page, id);
}

/** Opens panel `id`'s editor on a dashboard already in edit mode. */
export async function openPanelEditor(page, id = 1) {
  await page.click(`button[aria-label="Edit panel ${id}"]`);
  await page.waitForSelector('[data-testid=panel-editor]');
}

/** Applies the open panel editor and waits until it is closed. */
export async function applyPanel(page) {
  await page.click('[data-testid=panel-apply]');
  await page.waitForSelector('[data-testid=panel-editor]', { state: 'detached' });
}

/** Saves the open dashboard `uid` and gives panel `id`'s spec as Save stored it (schema version 2). */
export async function savePanelSpec(page, uid, id = 1) {
  await page.click('[data-testid=dash-save]');
  await page.waitForSelector('[data-testid=dash-messages]');
  const stored = JSON.parse(await page.evaluate((u) => localStorage.getItem(`trifocal.dashboard.${u}`), uid));
  return stored.spec.panels[String(id)].spec.plugin.spec;
}

/** Reloads the page on dashboard `uid` and waits until Prometheus is live and its one panel settled. */
export async function reopenDashboard(page, uid) {
  await page.reload();
  await gotoRoute(page, `#/dashboard/${uid}`);
  await expectLive(page, 'Prometheus');
  await settledPanels(page, { count: 1 });
}

/** Every Prometheus range or instant query the page sends from now on: `{query, start, end, step}` (seconds, as
 * sent; no step for an instant query). */
export function recordPromQueries(page) {
  const sent = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!/\/api\/prometheus\/api\/v1\/query(_range)?$/.test(u.pathname)) return;
    const p = r.method() === 'POST' ? new URLSearchParams(r.postData() || '') : u.searchParams;
    if (p.get('query')) sent.push({ query: p.get('query'), start: Number(p.get('start')), end: Number(p.get('end')), step: Number(p.get('step')) });
  });
  return sent;
}

/** The panels' places `{title: {x, y, w, h}}` in the dashboard file stored by Save (schema version 2). */
export async function savedGrid(page, uid) {
  const text = await page.evaluate((u) => localStorage.getItem(`trifocal.dashboard.${u}`), uid);
  assert.ok(text, `dashboard ${uid} is saved`);
  const d = JSON.parse(text);
  assert.equal(d.schemaVersion, 2);
  const out = {};
  for (const l of d.spec.layouts) {
    for (const it of l.spec.items) {
      const id = it.content.$ref.replace('#/spec/panels/', '');
      out[d.spec.panels[id].spec.display.name] = { x: it.x, y: it.y, w: it.width, h: it.height };
    }
  }
  return out;
}

/** Drags with the mouse from (x, y) by (dx, dy) in small steps, as a hand does. */
export async function dragBy(page, x, y, dx, dy) {
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 5 });
  await page.mouse.move(x + dx, y + dy, { steps: 5 });
  await page.mouse.up();
}

/** Scrolls each panel that waits to be seen (`data-state=waiting`: out of view, so it has asked nothing yet,
 * as in Grafana) into view in turn, a frame or two each, as a reader scrolling down would, then back to where
 * the page was. */
export async function scrollPanelsIn(page) {
  await page.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const top = window.scrollY;
    for (const p of document.querySelectorAll('[data-testid=panel][data-state=waiting]')) {
      p.scrollIntoView({ block: 'center' });
      await frame();
    }
    window.scrollTo(0, top);
    await frame();
  });
}

/** Waits until every panel that runs queries has finished loading and drawn its body (a body drawn by a part
 * fetched late, src/ui/panels/late.rs, says "Loading…" until the part is in) (and, with `count`, that there are
 * that many panels), scrolling the ones out of view in; returns their data attributes. */
export async function settledPanels(page, { count = 0, timeout = 60000 } = {}) {
  await page.waitForSelector('[data-testid=panel]', { timeout: 20000 });
  return eventually(async () => {
    await scrollPanelsIn(page);
    const ps = await page.$$eval('[data-testid=panel]', (els) => els.map((p) => ({
      id: p.dataset.panelId, kind: p.dataset.kind, state: p.dataset.state, count: Number(p.dataset.count),
      title: p.querySelector('[data-testid=panel-title]')?.textContent,
      queries: p.dataset.queries ? JSON.parse(p.dataset.queries) : [],
      errors: [...p.querySelectorAll('[data-testid=panel-error]')].map((e) => e.textContent),
    })));
    const drawing = await page.locator('[data-testid=panel] [data-testid=part-loading]').count();
    return ps.length > 0 && (!count || ps.length === count) && ps.every((p) => p.state !== 'loading' && p.state !== 'waiting') && !drawing && ps;
  }, { timeout });
}

/** In an imported v2 dashboard, through the JSON model editor: the variable `name` becomes a Prometheus query
 * variable over `label_values(http_server_requests_total, service_name)` with All chosen, and panel `panel` a
 * time series asking `expr`; `edit(model)` may change more before the model is applied. Leaves edit mode. */
export async function bindServicesVariable(page, { name, panel, expr, edit = () => {} }) {
  await page.click('[data-testid=dash-edit]');
  await page.click('[data-testid=json-model] summary');
  await page.waitForFunction(() => document.querySelector('[data-testid=json-model-text]').value.length > 0);
  const model = JSON.parse(await page.inputValue('[data-testid=json-model-text]'));
  const v = model.spec.variables.find((x) => x.spec.name === name);
  v.kind = 'query';
  v.spec = { name, datasource: 'prometheus', query: 'label_values(http_server_requests_total, service_name)', current: ['$__all'], multi: true, includeAll: true };
  const p = model.spec.panels[panel].spec;
  p.plugin = { kind: 'timeseries', spec: {} };
  p.queries = [{ kind: 'prometheus', spec: { refId: 'A', expr } }];
  edit(model);
  await page.fill('[data-testid=json-model-text]', JSON.stringify(model, null, 2));
  await page.click('[data-testid=json-model-apply]');
  assert.equal(await page.locator('[data-testid=json-model-error]').count(), 0);
  await page.click('[data-testid=dash-edit]');
}

/** Hovers a heatmap from its right edge leftwards (the latest steps always have data; older ones may predate
 * the stack) until a cell's tooltip shows. */
export async function hoverHeatmapCell(page) {
  const box = await page.locator('[data-testid=heatmap] canvas').boundingBox();
  let tip = false;
  for (let f = 0.98; f > 0.3 && !tip; f -= 0.03) {
    await page.mouse.move(box.x + box.width * f, box.y + box.height * 0.4);
    tip = await page.waitForSelector('[data-testid=heatmap-tip]', { timeout: 500 }).then(() => true, () => false);
  }
  assert.ok(tip, 'a tooltip over a cell');
}

/** In the open panel editor: adds field override `n` (from 1) matching `text` by `by` (the matcher select's
 * value: name, regex, refId, type, names, allBut). */
export async function addOverride(page, n, text, by = 'name') {
  await page.click('[data-testid=override-add]');
  // The text first: the kind of an empty match is not kept.
  await page.fill(`input[aria-label="Override ${n} match"]`, text);
  if (by !== 'name') await page.selectOption(`select[aria-label="Override ${n} matches"]`, by);
}
