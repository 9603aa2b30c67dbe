// The correlation workspace's entry points (issue 23 item 1) against the live stack. Above all the issue's
// acceptance: from an exemplar of the generator's histogram in Prometheus, the exemplar's tip offers
// "Correlate logs and metrics" (by pointer and by keyboard), and the workspace opens with the trace (Jaeger's
// span count), its log lines (VictoriaLogs' count for its ID, each line carrying it) and a chart per service;
// hovering a span moves the cursor on every chart; hovering a log line lights its span. Then a log line's
// correlate link, a trace search row's and a span's (the trace view's span details). Expected values come
// from Jaeger's, VictoriaLogs' and Prometheus' own APIs; a stopped backend fails the tests (expectLive).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, gotoRoute, manifest, expectLive, useDatasources, eventually, importDashboard } from './harness.js';
import { jaegerTrace, vlogsCount, expectWorkspace, expectSharedCursor } from './correlate_checks.js';

const HISTOGRAM = 'http_server_request_duration_seconds_bucket{service_name="search-service"}';

let b;
before(async () => {
  b = await openBrowser();
  await useDatasources(b.context, { logs: 'VictoriaLogs', victorialogs: '/api/victorialogs' });
});
after(async () => { await b.browser.close(); });

/** The metrics view of the generator's histogram over the last 15 minutes, with Prometheus' exemplars drawn. */
async function openExemplars(page) {
  await gotoRoute(page, `#/metrics?q.A=${encodeURIComponent(HISTOGRAM)}&from=now-15m&to=now`);
  await expectLive(page, 'Prometheus');
  const now = Date.now() / 1000;
  const q = new URLSearchParams({ query: HISTOGRAM, start: String(now - 900), end: String(now) });
  const ex = await (await fetch(`${BASE}api/prometheus/api/v1/query_exemplars?${q}`, { signal: AbortSignal.timeout(20000) })).json();
  assert.ok(ex.data.some((s) => s.exemplars.length > 0), 'Prometheus has exemplars of the histogram');
  await eventually(async () => Number(await page.getAttribute('[data-testid=metrics-summary]', 'data-exemplars')) > 0
    && (await page.locator('a.exemplar[data-trace-id]').count()) > 0, { timeout: 60000 });
}

/** An exemplar on top of the chart (none drawn over it) whose trace Jaeger holds with lines in VictoriaLogs,
 * the newest first: its position, Jaeger's trace and VictoriaLogs' line count. On a young stack the chart may
 * hold only exemplars whose traces are still on their way: the view is opened again until one qualifies. */
async function liveExemplar(page) {
  let last;
  for (let attempt = 0; attempt < 6; attempt += 1) {
    if (attempt > 0) {
      await page.waitForTimeout(10000);
      await openExemplars(page);
    }
    try {
      return await exemplarOnTop(page);
    } catch (e) {
      last = e;
    }
  }
  throw last;
}

async function exemplarOnTop(page) {
  await page.locator('a.exemplar[data-trace-id]').first().scrollIntoViewIfNeeded();
  const uncovered = await page.$$eval('a.exemplar[data-trace-id]', (as) => as.flatMap((a) => {
    const r = a.getBoundingClientRect();
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    return document.elementFromPoint(x, y)?.closest('a.exemplar') === a ? [{ id: a.dataset.traceId, t: Number(a.dataset.t), x, y }] : [];
  }));
  uncovered.sort((p, q) => q.t - p.t);
  for (const e of uncovered.slice(0, 40)) {
    const jt = await jaegerTrace(e.id);
    // The cursor check hovers two spans of different start milliseconds: a trace whose spans all start
    // within one millisecond cannot show that the cursor follows the span.
    if (!jt || new Set(jt.spans.map((s) => Math.floor(s.startTime / 1000))).size < 2) continue;
    const lines = await vlogsCount(jt);
    if (lines > 0) return { ...e, jt, lines };
  }
  assert.fail(`none of ${uncovered.length} exemplars on top links a trace that Jaeger and VictoriaLogs hold (with spans of two start milliseconds)`);
}

test('correlate from an exemplar (live, acceptance): the tip offers the workspace, which shows the trace, its lines and a chart per service under one cursor', async () => {
  const { page } = b;
  await openExemplars(page);
  const e = await liveExemplar(page);
  // Hover the exemplar: its tip names the trace and offers it and its workspace.
  await page.mouse.move(e.x, e.y);
  const tip = page.locator('[data-testid=exemplar-tip]');
  await tip.waitFor({ timeout: 10000 });
  assert.ok((await tip.textContent()).includes(e.id), 'the tip names the trace');
  assert.equal(await tip.locator('[data-testid=exemplar-open-trace]').getAttribute('href'), `#/trace/${e.id}`);
  // The pointer leaves the exemplar for the tip's link, straight there (the tip stays meanwhile; a slow path
  // across the chart could pass over another exemplar, whose tip would then take the place of this one).
  const box = await tip.locator('[data-testid=exemplar-correlate]').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.up();
  await page.waitForFunction((tid) => location.hash === `#/correlate/${tid}`, e.id, { timeout: 10000 });
  await page.waitForSelector('[data-testid=correlate]');
  await expectLive(page, 'Jaeger');
  await expectLive(page, 'VictoriaLogs');
  await expectLive(page, 'Prometheus');
  await expectWorkspace(page, e.jt, e.lines);
  await expectSharedCursor(page, e.jt, { marked: 1 });
  assert.deepEqual(b.problems, []);
});

test("correlate from an exemplar by keyboard (live): Tab from a focused exemplar reaches its tip's links; Enter opens the workspace", async () => {
  const { page } = b;
  await openExemplars(page);
  const e = await liveExemplar(page);
  await page.locator(`a.exemplar[data-trace-id="${e.id}"]`).first().focus();
  await page.locator('[data-testid=exemplar-tip]').waitFor({ timeout: 10000 });
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'exemplar-open-trace');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'exemplar-correlate');
  await page.keyboard.press('Enter');
  await page.waitForFunction((tid) => location.hash === `#/correlate/${tid}`, e.id, { timeout: 10000 });
  await expectLive(page, 'Jaeger');
  await page.waitForSelector('[data-testid=corr-waterfall]', { timeout: 30000 });
  assert.equal(Number(await page.getAttribute('[data-testid=corr-waterfall]', 'data-spans')), e.jt.spans.length, "Jaeger's span count");
  assert.deepEqual(b.problems, []);
});

/** Clicks `link` and expects the workspace of trace `id`: Jaeger's spans and VictoriaLogs' lines of the ID. */
async function opensWorkspace(page, link, id) {
  await link.click();
  await page.waitForFunction((tid) => location.hash === `#/correlate/${tid}`, id, { timeout: 10000 });
  const jt = await eventually(() => jaegerTrace(id));
  await expectLive(page, 'Jaeger');
  await page.waitForSelector('[data-testid=corr-waterfall]', { timeout: 30000 });
  assert.equal(Number(await page.getAttribute('[data-testid=corr-waterfall]', 'data-spans')), jt.spans.length, "Jaeger's span count");
  await expectLive(page, 'VictoriaLogs');
  await page.waitForSelector('[data-testid=corr-logs-summary]', { timeout: 30000 });
  assert.equal(Number(await page.getAttribute('[data-testid=corr-logs-summary]', 'data-lines')), await vlogsCount(jt), "VictoriaLogs' count for the trace ID");
}

test("correlate from a log line (live): a line with a trace ID links that trace's workspace", async () => {
  const { page } = b;
  const m = manifest();
  const id = m.featured_trace_id;
  await gotoRoute(page, `#/logs?query=${encodeURIComponent(`trace_id:="${id}"`)}&from=${m.start_ms - 3600000}&to=${Date.now()}`);
  await expectLive(page, 'VictoriaLogs');
  const link = page.locator('.log-row [data-testid=log-correlate-link]').first();
  await link.waitFor({ timeout: 30000 });
  assert.equal(await page.locator('.log-row [data-testid=log-correlate-link]').count(), await page.locator('.log-row').count(), 'a link on every line');
  await opensWorkspace(page, link, id);
  assert.deepEqual(b.problems, []);
});

test("correlate from a log line (live): the link carries the logs view's ds=, so the workspace asks that named logs datasource", async () => {
  // The default logs datasource is the recorded Loki (it holds no line of the featured trace); the live
  // VictoriaLogs is a named one the logs view asks through ds=. Only if the line's link carries that ds= does
  // the workspace show VictoriaLogs' lines of the trace.
  const VL = 'VictoriaLogs live';
  const d = await openBrowser();
  try {
    await useDatasources(d.context, { logs: 'Loki', loki: '/api/loki', sources: [{ uid: 'e2e-vl', name: VL, kind: 'victorialogs', url: '/api/victorialogs' }] });
    const asked = [];
    d.page.on('request', (r) => { const p = new URL(r.url()).pathname; if (p.startsWith('/api/')) asked.push(p); });
    const m = manifest();
    const id = m.featured_trace_id;
    const jt = await eventually(() => jaegerTrace(id));
    const lines = await vlogsCount(jt);
    await gotoRoute(d.page, `#/logs?query=${encodeURIComponent(`trace_id:="${id}"`)}&from=${m.start_ms - 3600000}&to=${Date.now()}&ds=${encodeURIComponent(VL)}`);
    const link = d.page.locator('.log-row [data-testid=log-correlate-link]').first();
    await link.waitFor({ timeout: 30000 });
    const href = await link.getAttribute('href');
    assert.ok(href.startsWith(`#/correlate/${id}?`), href);
    assert.equal(new URLSearchParams(href.split('?')[1]).get('ds'), VL, href);
    await link.click();
    await d.page.waitForSelector('[data-testid=corr-logs-summary], [data-testid=corr-logs-error]', { timeout: 30000 });
    assert.equal(await d.page.locator('[data-testid=corr-logs-error]').count(), 0);
    assert.equal(Number(await d.page.getAttribute('[data-testid=corr-logs-summary]', 'data-lines')), lines, "VictoriaLogs' count for the trace ID");
    assert.ok(!asked.some((p) => p.startsWith('/api/loki/loki/api/v1/query_range')), 'the default Loki is not asked');
    assert.deepEqual(d.problems, []);
  } finally {
    await d.browser.close();
  }
});

test("correlate from a trace search row (live): each row links its trace's workspace", async () => {
  const { page } = b;
  // Traces that ended at least 30 s ago: a newer one's lines may still be on their way to VictoriaLogs.
  const now = Date.now();
  await gotoRoute(page, `#/search?query=${encodeURIComponent('service=search-service')}&from=${now - 900_000}&to=${now - 30_000}`);
  await expectLive(page, 'Jaeger');
  const row = page.locator('[data-testid=search-results][data-query="service=search-service"] tr:has([data-testid=search-result])').first();
  await row.waitFor({ timeout: 30000 });
  const id = (await row.locator('[data-testid=search-result]').textContent()).trim();
  await opensWorkspace(page, row.locator('[data-testid=search-result-correlate]'), id);
  assert.deepEqual(b.problems, []);
});

test("correlate from a span (live): the trace view's span details link the trace's workspace", async () => {
  const { page } = b;
  const id = manifest().featured_trace_id;
  await gotoRoute(page, `#/trace/${id}`);
  await page.waitForSelector('[data-testid=trace-header]', { timeout: 30000 });
  await page.locator('.span-row').nth(1).click();
  await page.waitForSelector('[data-testid=span-details]');
  await opensWorkspace(page, page.locator('[data-testid=span-details] [data-testid=span-correlate-link]'), id);
  assert.deepEqual(b.problems, []);
});

test('correlate with ds= (live): the named VictoriaLogs and Jaeger answer in place of the default Loki and Tempo (recorded); an unknown name is said', async () => {
  const d = await openBrowser();
  try {
    // Defaults that cannot answer for this trace: the replayed Loki and Tempo recordings.
    await useDatasources(d.context, {
      logs: 'Loki', loki: '/api/loki', traces: 'Tempo', tempo: '/api/tempo-recorded',
      sources: [
        { uid: 'corr-vl', name: 'Logs B', kind: 'victorialogs', url: '/api/victorialogs' },
        { uid: 'corr-jaeger', name: 'Traces B', kind: 'jaeger', url: '/api/jaeger' },
      ],
    });
    const asked = [];
    d.page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    const id = manifest().featured_trace_id;
    const jt = await eventually(() => jaegerTrace(id));
    const lines = await vlogsCount(jt);
    await gotoRoute(d.page, `#/correlate/${id}?ds=${encodeURIComponent('Logs B,Traces B')}`);
    await d.page.waitForSelector('[data-testid=corr-waterfall], [data-testid=corr-trace-error]', { timeout: 30000 });
    assert.equal(Number(await d.page.getAttribute('[data-testid=corr-waterfall]', 'data-spans')), jt.spans.length, "Jaeger's span count");
    await d.page.waitForSelector('[data-testid=corr-logs-summary], [data-testid=corr-logs-error]', { timeout: 30000 });
    assert.equal(Number(await d.page.getAttribute('[data-testid=corr-logs-summary]', 'data-lines')), lines, "VictoriaLogs' count for the trace ID");
    assert.ok(asked.some((p) => p.startsWith('/api/jaeger/') && p.includes(id)), `asked: ${asked.filter((p) => p.includes(id))}`);
    assert.ok(asked.some((p) => p === '/api/victorialogs/select/logsql/query'), 'the lines asked of the named VictoriaLogs');
    assert.ok(!asked.some((p) => p.startsWith('/api/tempo-recorded/api/traces/')), 'not of the default Tempo');
    // The trace view link keeps the trace datasource alone.
    assert.equal(await d.page.getAttribute('[data-testid=corr-trace-link]', 'href'), `#/trace/${id}?ds=${encodeURIComponent('Traces B')}`);
    await gotoRoute(d.page, `#/correlate/${id}?ds=nope`);
    await d.page.waitForSelector('[data-testid=corr-source-error]');
    assert.match(await d.page.textContent('[data-testid=corr-source-error]'), /No datasource “nope” is configured/);
    assert.deepEqual(d.problems, []);
  } finally {
    await d.browser.close();
  }
});

/** A dashboard with a logs panel of the trace's lines on the named logs datasource `logs` and a traces panel
 * of `service`'s traces on the named trace datasource `traces` (schema version 2, `source` per query). */
function twoSourceDashboard(uid, id, service, { logs, traces }) {
  const panel = (name, kind, query) => ({ kind: 'Panel', spec: { display: { name }, plugin: { kind }, queries: [query] } });
  return {
    kind: 'Dashboard', schemaVersion: 2, metadata: { name: uid },
    spec: {
      display: { name: 'Panels on named datasources' }, time: { from: 'now-1h', to: 'now' },
      panels: {
        1: panel('Lines of the trace', 'logs', { kind: 'loki', spec: { refId: 'A', source: logs, expr: `trace_id:="${id}"`, limit: 500 } }),
        2: panel('Traces of the service', 'traces', { kind: 'tempo', spec: { refId: 'A', source: traces, expr: `service=${service}`, limit: 10 } }),
      },
      layouts: [{ kind: 'Grid', spec: { items: [
        { x: 0, y: 0, width: 12, height: 8, content: { $ref: '#/spec/panels/1' } },
        { x: 12, y: 0, width: 12, height: 8, content: { $ref: '#/spec/panels/2' } },
      ] } }],
    },
  };
}

test("correlate from dashboard panels (live): a logs or traces panel on a named datasource links a workspace that asks that datasource, not the default", async () => {
  // The live VictoriaLogs and Jaeger are configured a second time, under other names; the defaults that
  // would otherwise answer hold no data of these traces (the replayed Loki; the replayed Tempo).
  const d = await openBrowser();
  try {
    const sources = [
      { uid: 'dash-vl', name: 'Logs B', kind: 'victorialogs', url: '/api/victorialogs' },
      { uid: 'dash-jaeger', name: 'Traces B', kind: 'jaeger', url: '/api/jaeger' },
    ];
    const asked = [];
    d.page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    const m = manifest();
    const id = m.featured_trace_id;
    const jt = await eventually(() => jaegerTrace(id));
    const lines = await vlogsCount(jt);
    assert.ok(lines > 0, 'VictoriaLogs holds lines of the featured trace');
    const uid = 'e2e-corr-panel-sources';
    const from = Math.min(m.start_ms - 3600000, Date.now() - 900000);
    const dash = `#/dashboard/${uid}?from=${from}&to=${Date.now() - 30000}`;
    const panelLinks = async (kind) => {
      await gotoRoute(d.page, dash);
      await d.page.waitForSelector(`[data-kind=${kind}] [data-testid=panel-correlate-link]`, { timeout: 30000 });
      return d.page.$$eval(`[data-kind=${kind}] [data-testid=panel-correlate-link]`, (as) => as.map((a) => a.getAttribute('href')));
    };

    // 1. The logs panel on "Logs B" (default logs: the replayed Loki; traces: the live Jaeger).
    await useDatasources(d.context, { logs: 'Loki', loki: '/api/loki', traces: 'Jaeger', jaeger: '/api/jaeger', sources });
    await importDashboard(d.page, twoSourceDashboard(uid, id, jt.processes[jt.spans[0].processID].serviceName, { logs: 'Logs B', traces: 'Traces B' }));
    const fromLogs = await panelLinks('logs');
    assert.equal(fromLogs.length, lines, "a link per line of VictoriaLogs' count");
    for (const h of fromLogs) assert.equal(h, `#/correlate/${id}?ds=${encodeURIComponent('Logs B')}`);
    asked.length = 0;
    await d.page.click('[data-kind=logs] [data-testid=panel-correlate-link]');
    await d.page.waitForFunction((tid) => location.hash.startsWith(`#/correlate/${tid}?`), id);
    await expectLive(d.page, 'Jaeger');
    await d.page.waitForSelector('[data-testid=corr-logs-summary], [data-testid=corr-logs-error]', { timeout: 30000 });
    assert.equal(await d.page.locator('[data-testid=corr-logs-error]').count(), 0);
    assert.equal(Number(await d.page.getAttribute('[data-testid=corr-logs-summary]', 'data-lines')), lines, "VictoriaLogs' count for the trace ID");
    assert.ok(asked.includes('/api/victorialogs/select/logsql/query'), 'the lines asked of the named VictoriaLogs');
    assert.ok(!asked.some((p) => p.startsWith('/api/loki/loki/api/v1/query')), `not of the default Loki: ${asked.filter((p) => p.startsWith('/api/loki/'))}`);

    // 2. The traces panel on "Traces B" (default traces: the replayed Tempo; logs: the live VictoriaLogs).
    await useDatasources(d.context, { logs: 'VictoriaLogs', victorialogs: '/api/victorialogs', traces: 'Tempo', tempo: '/api/tempo-recorded' });
    const fromTraces = await panelLinks('traces');
    const rowIds = await d.page.$$eval('[data-kind=traces] [data-testid=panel-trace]', (as) => as.map((a) => a.textContent.trim()));
    assert.deepEqual(fromTraces, rowIds.map((t) => `#/correlate/${t}?ds=${encodeURIComponent('Traces B')}`));
    const other = rowIds[0];
    const jt2 = await eventually(() => jaegerTrace(other));
    asked.length = 0;
    await d.page.click('[data-kind=traces] [data-testid=panel-correlate-link]');
    await d.page.waitForFunction((tid) => location.hash.startsWith(`#/correlate/${tid}?`), other);
    await expectLive(d.page, 'VictoriaLogs');
    await d.page.waitForSelector('[data-testid=corr-waterfall], [data-testid=corr-trace-error]', { timeout: 30000 });
    assert.equal(Number(await d.page.getAttribute('[data-testid=corr-waterfall]', 'data-spans')), jt2.spans.length, "Jaeger's span count");
    assert.ok(asked.some((p) => p.startsWith('/api/jaeger/') && p.includes(other)), `asked: ${asked.filter((p) => p.includes(other))}`);
    assert.ok(!asked.some((p) => p.startsWith('/api/tempo-recorded/api/traces/')), 'not of the default Tempo');
    assert.deepEqual(d.problems, []);
  } finally {
    await d.browser.close();
  }
});
