// In the release build a dashboard's viewer fetches only what its panels need (src/ui/panels/late.rs,
// src/ui/dashboard/late.rs): a dashboard of metric panels opened by a link fetches neither the log and trace
// kinds' part (`dpanels`), nor the edit tools' (`dedit`), nor the dashboard list's (`dlist`); a log panel's part
// comes when such a panel is shown, the edit tools' when edit mode opens. A part that cannot be fetched is said
// in the panels that need it, and the others draw Prometheus' answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { BASE, eventually, expectLive, settledPanels, sizedPage } from './harness.js';

const NOW = { from: 'now-15m', to: 'now' };
const metric = (id, y) => ({
  id, title: `up ${id}`, kind: 'timeseries', gridPos: { x: 0, y, w: 12, h: 6 },
  queries: [{ refId: 'A', datasource: 'prometheus', expr: 'sum(up)', legend: '' }], options: {},
});
const logs = (id, y) => ({
  id, title: `lines ${id}`, kind: 'logs', gridPos: { x: 12, y, w: 12, h: 6 },
  queries: [{ refId: 'A', datasource: 'loki', expr: '{job="trifocal-gen"}', legend: '' }], options: {},
});
const board = (uid, panels) => ({ schemaVersion: 1, uid, title: `Parts ${uid}`, time: NOW, panels });
const stored = (d) => ({ [`trifocal.dashboard.${d.uid}`]: JSON.stringify(d) });
/** The split part a wasm file holds (`dpanels-<hash>.wasm` or its pack), or null for the main module and chunks. */
const partOf = (url) => (url.split('/').pop().match(/^(?:pack-)?(dpanels|dedit|dlist)-[0-9a-f]+\.wasm$/) || [])[1] || null;

async function withPage(storage, fn) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const p = await sizedPage(browser, { width: 1280, height: 900 }, { storage });
    const parts = [];
    p.page.on('request', (r) => { const part = partOf(r.url()); if (part) parts.push(part); });
    await fn({ ...p, parts });
  } finally {
    await browser.close();
  }
}

/** Prometheus' own `sum(up)` now. */
async function sumUp() {
  const body = await (await fetch(`${BASE}api/prometheus/api/v1/query?query=sum(up)`)).json();
  assert.equal(body.status, 'success');
  return Number(body.data.result[0].value[1]);
}

test('a dashboard of metric panels fetches no log, trace, editor or list code; edit mode fetches the editors', async () => {
  const d = board('parts-metrics', [metric(1, 0), metric(2, 6)]);
  await withPage(stored(d), async ({ page, parts, problems }) => {
    await page.goto(`${BASE}#/dashboard/${d.uid}`);
    await expectLive(page, 'Prometheus');
    const ps = await settledPanels(page, { count: 2 });
    assert.deepEqual(ps.map((p) => p.state), ['ok', 'ok']);
    // The drawn value is Prometheus' own (the generator's targets do not come and go within a test).
    const last = ps[0].queries[0].series[0][2][1];
    assert.equal(last, await sumUp());
    assert.deepEqual(parts, [], 'no late part fetched for metric panels');
    // Edit mode: the variables editor and the JSON model come with their part.
    await page.click('[data-testid=dash-edit]');
    await page.waitForSelector('[data-testid=vars-editor]', { timeout: 20000 });
    assert.deepEqual([...new Set(parts)], ['dedit']);
    assert.deepEqual(problems, []);
  });
});

test('a log panel\'s part comes with it; when it cannot be fetched that panel says so and the metric panel draws', async () => {
  const d = board('parts-logs', [metric(1, 0), logs(2, 0)]);
  // Fetched: the log panel draws its lines (or the logs backend's own error), not the part's message.
  await withPage(stored(d), async ({ page, parts, problems }) => {
    await page.goto(`${BASE}#/dashboard/${d.uid}`);
    await expectLive(page, 'Prometheus');
    const ps = await settledPanels(page, { count: 2 });
    assert.equal(ps[0].state, 'ok');
    assert.ok(ps[1].errors.every((e) => !/code could not be loaded/.test(e)), ps[1].errors.join(' '));
    assert.ok(parts.includes('dpanels'), `the log kinds' part was fetched: ${parts}`);
    assert.ok(!parts.includes('dedit') && !parts.includes('dlist'), `${parts}`);
    assert.deepEqual(problems, []);
  });
  // Not fetchable: the log panel says so, the metric panel draws Prometheus' value, nothing crashes.
  await withPage(stored(d), async ({ page, parts, problems }) => {
    await page.route('**/*.wasm', (route) => (partOf(route.request().url()) === 'dpanels' ? route.abort('internetdisconnected') : route.continue()));
    await page.goto(`${BASE}#/dashboard/${d.uid}`);
    await expectLive(page, 'Prometheus');
    const ps = await settledPanels(page, { count: 2 });
    assert.ok(parts.includes('dpanels'), `${parts}`);
    assert.equal(ps[0].state, 'ok');
    assert.equal(ps[0].queries[0].series[0][2][1], await sumUp());
    assert.equal(ps[1].state, 'error');
    assert.match(ps[1].errors.join(' '), /This panel's code could not be loaded from the server/);
    await eventually(async () => (await page.locator('[data-testid=panel]').nth(1).textContent()).includes('could not be loaded'));
    assert.equal(await page.locator('.crash').count(), 0, 'no crash screen');
    assert.deepEqual(problems.filter((p) => !/Failed to fetch/.test(p)), []);
  });
});
