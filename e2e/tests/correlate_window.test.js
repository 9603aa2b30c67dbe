// The correlation workspace over a window (issue 23 item 2) against the live stack:
// `#/correlate?from=…&to=…&service=…` shows the service's log lines of the window (VictoriaLogs' count), its
// RED chart (Prometheus' span metrics) and the window's traces (Jaeger's search for the service, each opening
// its workspace); dragging over the chart selects a window that goes into the URL, narrows the lines to it
// (VictoriaLogs' count of the selection) and lists the traces in it (Jaeger's). From a trace's workspace, a
// selection lists the service's other traces in it. Expected values come from the backends' own APIs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, gotoRoute, manifest, expectLive, useDatasources, eventually, fetchJson, firingRule } from './harness.js';
import { jaegerTrace } from './correlate_checks.js';

const SERVICE = 'search-service';

/** VictoriaLogs' count of the service's lines from `a` to `b` (ms; the ends the app asks, in ns). */
async function vlogsCount(a, b, extra = '') {
  const q = new URLSearchParams({ query: `{service_name="${SERVICE}"}${extra} | stats count() n`, start: `${BigInt(a) * 1000000n}`, end: `${BigInt(b) * 1000000n}` });
  return Number((await fetchJson(`${BASE}api/victorialogs/select/logsql/query?${q}`)).n);
}
/** The trace IDs Jaeger's search finds for the service from `a` to `b` (ms), at most 50 as the app asks. */
async function jaegerIds(a, b) {
  const q = new URLSearchParams({ service: SERVICE, start: String(a * 1000), end: String(b * 1000), limit: '50' });
  return [...new Set((await fetchJson(`${BASE}api/jaeger/api/traces?${q}`)).data.map((t) => t.traceID))].sort();
}
const listed = (page, testid) => page.$$eval(`[data-testid=${testid}] [data-testid=corr-trace]`, (ls) => ls.map((l) => l.dataset.traceId).sort());
const hashParam = (page, k) => page.evaluate((k) => new URLSearchParams(location.hash.split('?')[1] || '').get(k), k);

/** Drags over the middle half of the first chart; returns the selection the URL then holds (ms). */
async function dragOverChart(page) {
  const chart = page.locator('[data-testid=corr-chart] .chart-box').first();
  await chart.scrollIntoViewIfNeeded();
  const box = await chart.boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.35, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.7, y, { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction(() => /[?&]sel=\d+,\d+/.test(location.hash), null, { timeout: 10000 });
  const [a, b] = (await hashParam(page, 'sel')).split(',').map(Number);
  assert.ok(a < b, `${a} < ${b}`);
  return [a, b];
}

let b;
before(async () => {
  b = await openBrowser();
  await useDatasources(b.context, { logs: 'VictoriaLogs', victorialogs: '/api/victorialogs' });
});
after(async () => { await b.browser.close(); });

test("correlate window (live): a service's lines, RED chart and traces of a window; dragging over the chart narrows them to the selection", async () => {
  const { page } = b;
  // A minute that ended half a minute ago (the backends have all of it), on whole seconds.
  const to = Math.floor(Date.now() / 1000) * 1000 - 30000;
  const from = to - 60000;
  const lines = await vlogsCount(from, to);
  assert.ok(lines > 0 && lines < 2000, `VictoriaLogs has ${lines} lines of ${SERVICE} in the minute`);
  await gotoRoute(page, `#/correlate?from=${from}&to=${to}&service=${SERVICE}`);
  await expectLive(page, 'VictoriaLogs');
  await expectLive(page, 'Jaeger');
  await expectLive(page, 'Prometheus');
  await page.waitForSelector('[data-testid=corr-logs-summary], [data-testid=corr-logs-error]', { timeout: 30000 });
  assert.equal(await page.locator('[data-testid=corr-logs-error]').count(), 0);
  assert.equal(Number(await page.getAttribute('[data-testid=corr-logs-summary]', 'data-lines')), lines, "VictoriaLogs' count of the window");
  const ts = await page.$$eval('[data-testid=corr-log]', (ls) => ls.map((l) => BigInt(l.dataset.ts)));
  assert.equal(ts.length, lines);
  // The window's traces: those Jaeger's search finds for the service.
  await page.waitForSelector('[data-testid=corr-window-traces], [data-testid=corr-traces-error]', { timeout: 30000 });
  const want = await jaegerIds(from, to);
  assert.ok(want.length > 0, 'Jaeger has traces of the service in the minute');
  assert.deepEqual(await listed(page, 'corr-window-traces'), want);
  // The service's RED chart, drawn.
  await page.waitForSelector('[data-testid=corr-chart] [data-testid=legend]', { timeout: 60000 });
  assert.equal(await page.getAttribute('[data-testid=corr-chart]', 'data-service'), SERVICE);
  assert.ok(Number(await page.getAttribute('[data-testid=corr-chart] [data-testid=legend]', 'data-total')) >= 2, 'rate and p90 at least');

  // Select a window on the chart: it goes into the URL, is shaded on the chart, and narrows lines and traces.
  const [sa, sb] = await dragOverChart(page);
  assert.ok(sa >= from - 60000 && sb <= to + 60000, `selection ${sa}..${sb} inside the chart's window`);
  assert.equal(await hashParam(page, 'service'), SERVICE);
  await page.waitForSelector('[data-testid=corr-selection-text]');
  await page.waitForSelector('[data-testid=corr-logs-summary], [data-testid=corr-logs-error]', { timeout: 30000 });
  const inSel = await vlogsCount(sa, sb);
  assert.ok(inSel > 0 && inSel < lines, `${inSel} of ${lines} lines in the selection`);
  assert.equal(Number(await page.getAttribute('[data-testid=corr-logs-summary]', 'data-lines')), inSel, "VictoriaLogs' count of the selection");
  const selTs = await page.$$eval('[data-testid=corr-log]', (ls) => ls.map((l) => Number(BigInt(l.dataset.ts) / 1000000n)));
  assert.ok(selTs.every((t) => t >= sa && t <= sb), 'every line inside the selection');
  await page.waitForSelector('[data-testid=corr-chart] [data-testid=anno-region]', { timeout: 30000 });
  assert.deepEqual([Number(await page.getAttribute('[data-testid=anno-region]', 'data-start')), Number(await page.getAttribute('[data-testid=anno-region]', 'data-end'))], [sa, sb]);
  await page.waitForSelector('[data-testid=corr-window-traces], [data-testid=corr-traces-error]', { timeout: 30000 });
  assert.deepEqual(await listed(page, 'corr-window-traces'), await jaegerIds(sa, sb));

  // A listed trace opens its workspace.
  const first = page.locator('[data-testid=corr-window-traces] [data-testid=corr-trace-correlate]').first();
  const id = await page.getAttribute('[data-testid=corr-window-traces] [data-testid=corr-trace]', 'data-trace-id');
  await first.click();
  await page.waitForFunction((tid) => location.hash === `#/correlate/${tid}`, id, { timeout: 10000 });
  const jt = await eventually(() => jaegerTrace(id));
  await page.waitForSelector('[data-testid=corr-waterfall]', { timeout: 30000 });
  assert.equal(Number(await page.getAttribute('[data-testid=corr-waterfall]', 'data-spans')), jt.spans.length);
  assert.deepEqual(b.problems, []);
});

test('correlate window (live): lines without a trace ID can be left out (kept in the URL)', async () => {
  const { page } = b;
  const to = Math.floor(Date.now() / 1000) * 1000 - 30000;
  const from = to - 30000;
  const traced = await vlogsCount(from, to, ' trace_id:*');
  await gotoRoute(page, `#/correlate?from=${from}&to=${to}&service=${SERVICE}`);
  await expectLive(page, 'VictoriaLogs');
  await page.waitForSelector('[data-testid=corr-logs-summary]', { timeout: 30000 });
  assert.ok(await page.isChecked('[data-testid=corr-untraced]'));
  await page.uncheck('[data-testid=corr-untraced]');
  await page.waitForFunction(() => /[?&]untraced=0/.test(location.hash));
  await page.waitForSelector('[data-testid=corr-logs-summary]', { timeout: 30000 });
  assert.equal(await page.isChecked('[data-testid=corr-untraced]'), false);
  assert.equal(Number(await page.getAttribute('[data-testid=corr-logs-summary]', 'data-lines')), traced, "VictoriaLogs' count of lines with a trace ID");
  const flags = await page.$$eval('[data-testid=corr-log]', (ls) => ls.map((l) => l.dataset.traced));
  assert.ok(flags.every((f) => f === 'true'), 'only lines with a trace ID');
  assert.deepEqual(b.problems, []);
});

test("correlate (live): in a trace's workspace, dragging over a service's chart lists that service's other traces in the selection", async () => {
  const { page } = b;
  const id = manifest().featured_trace_id;
  await gotoRoute(page, `#/correlate/${id}`);
  await expectLive(page, 'Jaeger');
  await expectLive(page, 'Prometheus');
  await page.waitForSelector('[data-testid=corr-chart] [data-testid=legend]', { timeout: 60000 });
  const service = await page.getAttribute('[data-testid=corr-chart]', 'data-service');
  const [sa, sb] = await dragOverChart(page);
  assert.equal(await hashParam(page, 'service'), service);
  assert.ok(page.url().includes(`#/correlate/${id}?`), page.url());
  await page.waitForSelector('[data-testid=corr-other-traces], [data-testid=corr-selection] [role=alert]', { timeout: 30000 });
  const q = new URLSearchParams({ service, start: String(sa * 1000), end: String(sb * 1000), limit: '50' });
  const answer = [...new Set((await fetchJson(`${BASE}api/jaeger/api/traces?${q}`)).data.map((t) => t.traceID))];
  const want = answer.filter((t) => t !== id).sort();
  const shown = await listed(page, 'corr-other-traces');
  if (answer.length < 50) {
    // Jaeger holds fewer traces than the limit in the selection: the list is exactly them.
    assert.deepEqual(shown, want);
  } else {
    // More than the limit match, and Jaeger's choice of 50 among them differs from one call to the next: the
    // list is 50 (49 without this trace) of the service's traces Jaeger holds in the selection.
    const q2 = new URLSearchParams({ service, start: String(sa * 1000), end: String(sb * 1000), limit: '2000' });
    const held = new Set((await fetchJson(`${BASE}api/jaeger/api/traces?${q2}`)).data.map((t) => t.traceID));
    assert.ok(shown.length >= 49 && shown.length <= 50, `${shown.length} traces listed of Jaeger's ${held.size}`);
    assert.ok(shown.every((t) => t !== id && held.has(t)), 'every listed trace is one Jaeger holds for the service in the selection');
  }
  // The trace's lines narrow to the selection: VictoriaLogs' count of its lines in it.
  await page.waitForSelector('[data-testid=corr-logs-summary]', { timeout: 30000 });
  const cq = new URLSearchParams({ query: `trace_id:="${id}" | stats count() n`, start: `${BigInt(sa) * 1000000n}`, end: `${BigInt(sb) * 1000000n + 999999n}` });
  const inSel = Number((await fetchJson(`${BASE}api/victorialogs/select/logsql/query?${cq}`)).n);
  assert.ok(inSel > 0, 'the trace has lines in the selection');
  assert.equal(Number(await page.getAttribute('[data-testid=corr-logs-summary]', 'data-lines')), inSel);
  const ts = await page.$$eval('[data-testid=corr-log]', (ls) => ls.map((l) => Number(BigInt(l.dataset.ts) / 1000000n)));
  assert.equal(ts.length, inSel);
  assert.ok(ts.every((t) => t >= sa && t <= sb), 'every line inside the selection');
  assert.deepEqual(b.problems, []);
});

test("correlate from a firing alert (live): the alert's row opens its service's window from before it became active", async () => {
  const { page } = b;
  // The alerts Prometheus reports firing for HighErrorRate, with their service and active time.
  const rule = await firingRule('HighErrorRate');
  const firing = rule.alerts.filter((a) => a.state === 'firing');
  assert.ok(firing.length > 0);
  await gotoRoute(page, '#/alerts?state=firing&q=HighErrorRate');
  await expectLive(page, 'Prometheus');
  const link = page.locator('[data-testid=rule][data-rule=HighErrorRate] [data-testid=alert] [data-testid=alert-correlate]').first();
  await link.waitFor({ timeout: 30000 });
  const href = await link.getAttribute('href');
  const p = new URLSearchParams(href.split('?')[1]);
  const alert = firing.find((a) => a.labels.service_name === p.get('service'));
  assert.ok(alert, `${href} names a service of a firing alert (${firing.map((a) => a.labels.service_name)})`);
  assert.equal(Number(p.get('from')), Date.parse(alert.activeAt) - 5 * 60000, 'five minutes before Prometheus says it became active');
  assert.equal(p.get('to'), 'now');
  await link.click();
  await page.waitForFunction(() => location.hash.startsWith('#/correlate?'));
  await page.waitForSelector(`[data-testid=correlate][data-service="${alert.labels.service_name}"]`);
  await expectLive(page, 'VictoriaLogs');
  await page.waitForSelector('[data-testid=corr-logs-summary]', { timeout: 30000 });
  const shown = Number(await page.getAttribute('[data-testid=corr-logs-summary]', 'data-lines'));
  const q = new URLSearchParams({ query: `{service_name="${alert.labels.service_name}"} | stats count() n`, start: `${BigInt(p.get('from')) * 1000000n}`, end: `${BigInt(Date.now()) * 1000000n}` });
  const count = Number((await fetchJson(`${BASE}api/victorialogs/select/logsql/query?${q}`)).n);
  assert.ok(shown > 0 && shown <= Math.min(count, 2000), `${shown} lines of the ${count} VictoriaLogs has since then`);
  await page.waitForSelector(`[data-testid=corr-chart][data-service="${alert.labels.service_name}"] [data-testid=legend]`, { timeout: 60000 });
  await page.waitForSelector('[data-testid=corr-window-traces] [data-testid=corr-trace]', { timeout: 30000 });
  assert.deepEqual(b.problems, []);
});
