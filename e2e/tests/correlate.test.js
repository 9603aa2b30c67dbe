// The correlation workspace (issue 23 item 1) against the live stack: opened from the trace view's header, it
// shows the trace's spans (as many as Jaeger's API has), its log lines (as many as VictoriaLogs counts for the
// trace ID, each carrying it) and a chart per service of the trace (Prometheus' span metrics); hovering a
// span puts the cursor at the span's start on every chart and lights up log lines of that span; hovering a
// log line lights up its span. Expected values come from Jaeger's and VictoriaLogs' own APIs at test time; a
// stopped Jaeger, VictoriaLogs or Prometheus fails the test (expectLive, and the counts asked of them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, gotoRoute, manifest, expectLive, useDatasources, eventually } from './harness.js';
import { jaegerTrace, vlogsCount, expectWorkspace, expectSharedCursor } from './correlate_checks.js';

const m = manifest();
const id = m.featured_trace_id;

let b;
before(async () => {
  b = await openBrowser();
  await useDatasources(b.context, { logs: 'VictoriaLogs', victorialogs: '/api/victorialogs' });
});
after(async () => { await b.browser.close(); });

test("correlate (live): from a trace's header, the workspace shows its spans, its log lines and a chart per service", async () => {
  const { page } = b;
  const jt = await eventually(() => jaegerTrace(id));
  const lines = await vlogsCount(jt);
  assert.ok(lines > 0, 'VictoriaLogs holds lines of the featured trace');
  await gotoRoute(page, `#/trace/${id}`);
  await page.waitForSelector('[data-testid=trace-header]', { timeout: 30000 });
  await page.click('[data-testid=correlate-link]');
  await page.waitForSelector('[data-testid=correlate]');
  assert.ok(page.url().endsWith(`#/correlate/${id}`), page.url());
  await expectLive(page, 'Jaeger');
  await expectLive(page, 'VictoriaLogs');
  await expectLive(page, 'Prometheus');
  await expectWorkspace(page, jt, lines);
  assert.deepEqual(b.problems, []);
});

test('correlate (live): hovering a span moves the cursor on every chart to its start and lights its log lines; hovering a line lights its span', async () => {
  const { page } = b;
  const jt = await eventually(() => jaegerTrace(id));
  await expectSharedCursor(page, jt);
  assert.deepEqual(b.problems, []);
});

test('correlate (live): with the logs backend answering HTML, the lines say so and the spans and charts stay', async () => {
  const jt = await eventually(() => jaegerTrace(id));
  const services = new Set(Object.values(jt.processes).map((p) => p.serviceName));
  const d = await openBrowser();
  try {
    // A VictoriaLogs URL where no VictoriaLogs is: the stack's nginx answers the app's HTML page there.
    await useDatasources(d.context, { logs: 'VictoriaLogs', victorialogs: '/api/victorialogs-not-here' });
    await gotoRoute(d.page, `#/correlate/${id}`);
    await expectLive(d.page, 'Jaeger');
    await d.page.waitForSelector('[data-testid=corr-logs-error]', { timeout: 30000 });
    // The logs request's own error, said where the lines go.
    assert.match(await d.page.textContent('[data-testid=corr-logs-error]'), /^Logs: Got an HTML page .* instead of data/);
    assert.equal(await d.page.locator('[data-testid=corr-log]').count(), 0, 'no demo lines beside a live trace');
    assert.equal(Number(await d.page.getAttribute('[data-testid=corr-waterfall]', 'data-spans')), jt.spans.length);
    await eventually(async () => (await d.page.locator('[data-testid=corr-chart] [data-testid=legend]').count()) === services.size, { timeout: 60000 });
    assert.deepEqual(d.problems, []);
  } finally {
    await d.browser.close();
  }
});
