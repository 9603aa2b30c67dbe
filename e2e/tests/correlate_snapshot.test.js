// The correlation workspace as a snapshot (issue 23 item 3): a live workspace (a trace's, and a service's over
// a window) is exported as one file; imported on the Dashboards page of a fresh browser where every backend
// request fails, it opens as the same workspace: the trace's spans (Jaeger's count), its log lines
// (VictoriaLogs' count), a chart per service drawing the same series, the window's traces (Jaeger's search),
// marked as a snapshot with its capture time, and not one request to a backend. The live side is checked
// against the backends' own APIs (expectLive and their counts), so a stopped backend fails it; the offline
// side can only show those counts if the file carried them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, openBrowser, gotoRoute, manifest, expectLive, useDatasources, eventually, fetchJson } from './harness.js';
import { jaegerTrace, vlogsCount, expectWorkspace, expectSharedCursor, services } from './correlate_checks.js';

let b;
before(async () => {
  b = await openBrowser();
  await useDatasources(b.context, { logs: 'VictoriaLogs', victorialogs: '/api/victorialogs' });
});
after(async () => { await b.browser.close(); });

/** Clicks the workspace's export and returns the file's text. */
async function exportText(page) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=corr-export]')]);
  return readFileSync(await d.path(), 'utf8');
}

/** What the charts draw: per service, its legend entries and their point totals. */
const drawn = (page) => page.$$eval('[data-testid=corr-chart]', (cs) => cs.map((c) => ({
  service: c.dataset.service,
  legends: [...c.querySelectorAll('[data-testid=legend]')].map((l) => [l.dataset.total, l.textContent]),
})).sort((a, b) => a.service.localeCompare(b.service)));

/** The featured trace's workspace opened live and checked against the backends' own APIs (Jaeger's spans,
 * VictoriaLogs' lines, a chart per service): the trace, its line count and what the charts draw. */
async function liveTraceWorkspace(page) {
  const id = manifest().featured_trace_id;
  const jt = await eventually(() => jaegerTrace(id));
  const lines = await vlogsCount(jt);
  assert.ok(lines > 0, 'VictoriaLogs holds lines of the featured trace');
  await gotoRoute(page, `#/correlate/${id}`);
  await expectLive(page, 'Jaeger');
  await expectLive(page, 'VictoriaLogs');
  await expectLive(page, 'Prometheus');
  await expectWorkspace(page, jt, lines);
  return { id, jt, lines, live: await drawn(page) };
}

/** Imports the snapshot text in a fresh browser profile where every backend request fails and opens it;
 * `requests` lists the backend requests made from the click on "Open it" on. */
async function openOffline(text) {
  const context = await b.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const requests = [];
  let opened = false;
  await context.route('**/api/**', (r) => { if (opened) requests.push(r.request().url()); return r.abort(); });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${BASE}#/dashboard`);
  await page.waitForSelector('[data-testid=backend-status][data-mode=demo]', { timeout: 30000 });
  await page.fill('[data-testid=import-text]', text);
  await page.click('[data-testid=import-button]');
  await page.waitForSelector('[data-testid=import-result]');
  opened = true;
  await page.click('[data-testid=import-open]');
  await page.waitForSelector('[data-testid=corr-snapshot]', { timeout: 30000 });
  return { context, page, requests, problems };
}

test("correlate snapshot: a trace's workspace exported live opens offline with the same spans, lines and charts and asks no backend", async () => {
  const { page } = b;
  const { id, jt, lines, live } = await liveTraceWorkspace(page);
  const before = Date.now();
  const text = await exportText(page);
  const snap = JSON.parse(text);
  assert.equal(snap.snapshotVersion, 1);
  assert.equal(snap.workspace.traceId, id);
  assert.equal(snap.workspace.trace.data.spans.length, jt.spans.length);
  assert.equal(snap.workspace.logs.data.length, lines);

  const off = await openOffline(text);
  try {
    const p2 = off.page;
    assert.ok(p2.url().endsWith('#/correlate?snap=snapshot-correlate-' + id), p2.url());
    // Marked as a snapshot, with the time it was taken.
    assert.match(await p2.textContent('[data-testid=corr-snapshot]'), /^Snapshot taken .+: the data captured then, no backend is asked\.$/);
    const captured = Number(await p2.getAttribute('[data-testid=corr-snapshot]', 'data-captured-ms'));
    assert.ok(captured >= before - 1000 && captured <= Date.now(), `captured at ${captured}`);
    // The same workspace: Jaeger's spans, VictoriaLogs' lines, each chart drawing the same series.
    await expectWorkspace(p2, jt, lines);
    assert.deepEqual(await drawn(p2), live);
    assert.deepEqual(live.map((c) => c.service), services(jt));
    // The one cursor works from the file too.
    await expectSharedCursor(p2, jt);
    assert.deepEqual(off.requests, [], 'no backend request from the snapshot');
    assert.deepEqual(off.problems, []);
  } finally {
    await off.context.close();
  }
  assert.deepEqual(b.problems, []);
});

test("correlate snapshot: a service's window exported live opens offline with the same lines, chart and traces", async () => {
  const { page } = b;
  const SERVICE = 'search-service';
  const to = Math.floor(Date.now() / 1000) * 1000 - 30000;
  const from = to - 60000;
  const q = new URLSearchParams({ query: `{service_name="${SERVICE}"} | stats count() n`, start: `${BigInt(from) * 1000000n}`, end: `${BigInt(to) * 1000000n}` });
  const lines = Number((await fetchJson(`${BASE}api/victorialogs/select/logsql/query?${q}`)).n);
  assert.ok(lines > 0 && lines < 2000, `VictoriaLogs has ${lines} lines of ${SERVICE} in the minute`);
  const jq = new URLSearchParams({ service: SERVICE, start: String(from * 1000), end: String(to * 1000), limit: '50' });
  const ids = [...new Set((await fetchJson(`${BASE}api/jaeger/api/traces?${jq}`)).data.map((t) => t.traceID))].sort();
  assert.ok(ids.length > 0, 'Jaeger has traces of the minute');

  await gotoRoute(page, `#/correlate?from=${from}&to=${to}&service=${SERVICE}`);
  await expectLive(page, 'VictoriaLogs');
  await expectLive(page, 'Jaeger');
  await expectLive(page, 'Prometheus');
  await page.waitForSelector('[data-testid=corr-logs-summary]', { timeout: 30000 });
  assert.equal(Number(await page.getAttribute('[data-testid=corr-logs-summary]', 'data-loaded')), lines, "VictoriaLogs' count");
  await page.waitForSelector('[data-testid=corr-window-traces]', { timeout: 30000 });
  const listed = (p) => p.$$eval('[data-testid=corr-window-traces] [data-testid=corr-trace]', (ls) => ls.map((l) => l.dataset.traceId).sort());
  assert.deepEqual(await listed(page), ids, "Jaeger's traces of the window");
  await eventually(async () => (await page.locator('[data-testid=corr-chart] [data-testid=legend]').count()) === 1, { timeout: 60000 });
  const live = await drawn(page);
  // Some series drawn (on a stack a few minutes old, the window may hold the errors series alone); the
  // snapshot must then draw exactly these.
  assert.ok(Number(live[0].legends[0][0]) >= 1, JSON.stringify(live));
  const shownLive = Number(await page.getAttribute('[data-testid=corr-logs-summary]', 'data-lines'));
  const text = await exportText(page);

  const off = await openOffline(text);
  try {
    const p2 = off.page;
    assert.equal(await p2.getAttribute('[data-testid=correlate]', 'data-service'), SERVICE);
    await p2.waitForSelector('[data-testid=corr-logs-summary]');
    assert.equal(Number(await p2.getAttribute('[data-testid=corr-logs-summary]', 'data-loaded')), lines);
    assert.equal(Number(await p2.getAttribute('[data-testid=corr-logs-summary]', 'data-lines')), shownLive);
    assert.equal(await p2.locator('[data-testid=corr-log]').count(), shownLive);
    assert.deepEqual(await listed(p2), ids);
    await eventually(async () => (await p2.locator('[data-testid=corr-chart] [data-testid=legend]').count()) === 1, { timeout: 20000 });
    assert.deepEqual(await drawn(p2), live);
    assert.deepEqual(off.requests, [], 'no backend request from the snapshot');
    assert.deepEqual(off.problems, []);
  } finally {
    await off.context.close();
  }
  assert.deepEqual(b.problems, []);
});

test("correlate snapshot shipped with the app (as a docs site ships one): #/correlate?snap=<uid> and #/dashboard/<uid> open it as the workspace, asking no backend", async () => {
  const { page } = b;
  const { jt, lines, live } = await liveTraceWorkspace(page);
  const text = await exportText(page);

  // A fresh browser profile (nothing stored) where every backend request fails; the file is served from the
  // app's shipped folder, dashboards/<uid>.json.
  const UID = 'e2e-shipped-workspace';
  const context = await b.browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const requests = [];
    await context.route('**/api/**', (r) => { requests.push(r.request().url()); return r.abort(); });
    await context.route(`**/dashboards/${UID}.json`, (r) => r.fulfill({ status: 200, contentType: 'application/json', body: text }));
    const p2 = await context.newPage();
    const problems = [];
    p2.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    for (const link of [`#/correlate?snap=${UID}`, `#/dashboard/${UID}`]) {
      await p2.goto(`${BASE}${link}`);
      await p2.waitForSelector('[data-testid=corr-snapshot], [data-testid=corr-snapshot-error]', { timeout: 30000 });
      assert.equal(await p2.locator('[data-testid=corr-snapshot-error]').count(), 0, link);
      assert.equal(new URL(p2.url()).hash, `#/correlate?snap=${UID}`, `${link} shows the workspace's own link`);
      await expectWorkspace(p2, jt, lines);
      assert.deepEqual(await drawn(p2), live);
      await expectSharedCursor(p2, jt);
    }
    // The snapshot asks no backend (the app's own health probes at start are not the snapshot's).
    const start = requests.length;
    await p2.locator('[data-testid=corr-span]').first().hover();
    assert.equal(requests.length, start, 'no backend request from the snapshot');
    // A uid with no file: said where the workspace would be.
    await p2.goto(`${BASE}#/correlate?snap=e2e-not-shipped`);
    await p2.waitForSelector('[data-testid=corr-snapshot-error]', { timeout: 30000 });
    assert.match(await p2.textContent('[data-testid=corr-snapshot-error]'), /e2e-not-shipped/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
  assert.deepEqual(b.problems, []);
});
