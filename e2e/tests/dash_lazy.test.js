// Panels out of view wait until they scroll in, as Grafana's do (issue 25, goal 5): a dashboard of 20
// full-width panels stacked down the page asks Prometheus only for the ones in (or within 200 px of) the
// viewport; the others say they wait and send nothing; scrolled in, a panel loads and draws Prometheus'
// own value. A snapshot export still holds every panel: the ones out of view load first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, openBrowser, eventually, expectLive, openImported } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

const N = 20;
const H = 8; // grid rows of 30 px: 20 panels make a page about 5 000 px tall
const expr = (i) => `sum(up) + ${i}`;
const dashboard = (uid) => ({
  schemaVersion: 1, uid, title: `Lazy ${uid}`, time: { from: 'now-15m', to: 'now' },
  panels: Array.from({ length: N }, (_, k) => ({
    id: k + 1, title: `P${k + 1}`, kind: 'timeseries', gridPos: { x: 0, y: k * H, w: 24, h: H },
    queries: [{ refId: 'A', datasource: 'prometheus', expr: expr(k + 1), legend: '' }], options: {},
  })),
});

/** Prometheus' own `sum(up)` at `tMs`. */
async function sumUp(tMs) {
  const body = await (await fetch(`${BASE}api/prometheus/api/v1/query?query=sum(up)&time=${tMs / 1000}`)).json();
  assert.equal(body.status, 'success');
  return Number(body.data.result[0].value[1]);
}

/** The expressions of the range queries the page sent. */
function recordQueries(page) {
  const sent = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.endsWith('/api/v1/query_range')) sent.push(u.searchParams.get('query') ?? new URLSearchParams(r.postData() || '').get('query'));
  });
  return sent;
}

/** Imports the 20-panel dashboard under `uid` and opens it with Prometheus live, until a first panel is drawn;
 * returns the range queries sent, as they go. */
async function openLazy(page, uid) {
  const sent = recordQueries(page);
  await openImported(page, dashboard(uid));
  await expectLive(page, 'Prometheus');
  await page.locator('[data-testid=panel][data-state=ok]').first().waitFor({ timeout: 30000 });
  return sent;
}

const states = (page) => page.$$eval('[data-testid=panel]', (els) => els.map((p) => ({
  title: p.querySelector('[data-testid=panel-title]').textContent, state: p.dataset.state,
  top: p.getBoundingClientRect().top, queries: p.dataset.queries ? JSON.parse(p.dataset.queries) : [],
})));

test('panels out of view ask nothing until they scroll in; scrolled in, a panel draws Prometheus\' value', async () => {
  const { page } = b;
  const sent = await openLazy(page, 'lazy-scroll');
  // Time for every panel in view to answer (and for any that should not load to show it did).
  const innerHeight = await page.evaluate(() => innerHeight);
  await eventually(async () => (await states(page)).filter((p) => p.top < innerHeight).every((p) => p.state === 'ok'), { timeout: 30000 });
  await page.waitForTimeout(1500);
  const ps = await states(page);
  const far = ps.filter((p) => p.top > innerHeight + 200 + 50);
  const near = ps.filter((p) => p.top < innerHeight);
  assert.ok(far.length >= 10, `most of the 20 panels are below the viewport: ${far.length}`);
  assert.ok(near.length >= 2);
  for (const p of near) assert.equal(p.state, 'ok', `${p.title} in view is drawn`);
  for (const p of far) {
    assert.equal(p.state, 'waiting', `${p.title} out of view waits`);
    assert.ok(!sent.includes(expr(Number(p.title.slice(1)))), `${p.title} sent no query`);
  }
  assert.match(await page.locator('[data-testid=panel]', { hasText: `P${N}` }).innerText(), /Loads when scrolled into view/);

  // The reader scrolls to the last panel: it asks Prometheus and draws its answer.
  const last = page.locator(`[data-testid=panel][data-panel-id="${N}"]`);
  await last.scrollIntoViewIfNeeded();
  await eventually(async () => (await last.getAttribute('data-state')) === 'ok', { timeout: 30000 });
  assert.ok(sent.includes(expr(N)));
  const q = JSON.parse(await last.getAttribute('data-queries'))[0];
  const [, , [t, lastValue]] = q.series[0];
  assert.equal(lastValue - N, await sumUp(t), 'the last point is Prometheus\' sum(up) + 20 at its time');
});

test('Export snapshot loads the panels out of view first: the file holds all 20 panels\' data', async () => {
  const { page } = b;
  const sent = await openLazy(page, 'lazy-snap');
  assert.ok((await page.locator('[data-testid=panel][data-state=waiting]').count()) >= 10);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.click('[data-testid=dash-snapshot]')]);
  const snap = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(snap.data.length, N);
  for (let i = 1; i <= N; i += 1) {
    const d = snap.data.find((x) => x.panelId === i);
    assert.ok(d, `panel ${i} is in the snapshot`);
    assert.ok(sent.includes(expr(i)), `panel ${i} asked Prometheus`);
    assert.ok(d.series.length === 1 && d.series[0].points.length > 0, `panel ${i} has its series`);
    const [t, v] = d.series[0].points.at(-1);
    assert.equal(Number(v) - i, await sumUp(t), `panel ${i}'s value is Prometheus' sum(up) + ${i}`);
  }
});
