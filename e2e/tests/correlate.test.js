// The correlation workspace (issue 23 item 1) against the live stack: opened from the trace view's header, it
// shows the trace's spans (as many as Jaeger's API has), its log lines (as many as VictoriaLogs counts for the
// trace ID, each carrying it) and a chart per service of the trace (Prometheus' span metrics); hovering a
// span puts the cursor at the span's start on every chart and lights up log lines of that span; hovering a
// log line lights up its span. Expected values come from Jaeger's and VictoriaLogs' own APIs at test time; a
// stopped Jaeger, VictoriaLogs or Prometheus fails the test (expectLive, and the counts asked of them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, gotoRoute, manifest, expectLive, useDatasources, eventually } from './harness.js';

const m = manifest();
const id = m.featured_trace_id;

async function jaegerTrace() {
  const res = await fetch(`${BASE}api/jaeger/api/traces/${id}`, { signal: AbortSignal.timeout(20000) });
  assert.equal(res.status, 200, 'Jaeger has the featured trace');
  return (await res.json()).data[0];
}
/** VictoriaLogs' count of the trace's lines (the whole generator window, an hour either side). */
async function vlogsCount() {
  const ns = (ms) => `${BigInt(ms) * 1000000n}`;
  const q = new URLSearchParams({ query: `trace_id:="${id}" | stats count() n`, start: ns(m.start_ms - 3600000), end: ns(m.end_ms + 3600000) });
  const res = await fetch(`${BASE}api/victorialogs/select/logsql/query?${q}`, { signal: AbortSignal.timeout(20000) });
  const body = await res.text();
  assert.equal(res.status, 200, body.slice(0, 200));
  return Number(JSON.parse(body).n);
}
const cursors = (page) => page.$$eval('[data-testid=corr-chart] [data-testid=chart-cursor]', (cs) => cs.map((c) => c.dataset.ms));

let b;
before(async () => {
  b = await openBrowser();
  await useDatasources(b.context, { logs: 'VictoriaLogs', victorialogs: '/api/victorialogs' });
});
after(async () => { await b.browser.close(); });

test("correlate (live): from a trace's header, the workspace shows its spans, its log lines and a chart per service", async () => {
  const { page } = b;
  const jt = await eventually(jaegerTrace);
  const lines = await vlogsCount();
  assert.ok(lines > 0, 'VictoriaLogs holds lines of the featured trace');
  await gotoRoute(page, `#/trace/${id}`);
  await page.waitForSelector('[data-testid=trace-header]', { timeout: 30000 });
  await page.click('[data-testid=correlate-link]');
  await page.waitForSelector('[data-testid=correlate]');
  assert.ok(page.url().endsWith(`#/correlate/${id}`), page.url());
  await expectLive(page, 'Jaeger');
  await expectLive(page, 'VictoriaLogs');
  await expectLive(page, 'Prometheus');

  await page.waitForSelector('[data-testid=corr-waterfall]', { timeout: 30000 });
  assert.equal(Number(await page.getAttribute('[data-testid=corr-waterfall]', 'data-spans')), jt.spans.length, "Jaeger's span count");
  assert.equal(await page.locator('[data-testid=corr-span]').count(), jt.spans.length);

  await page.waitForSelector('[data-testid=corr-logs-summary], [data-testid=corr-logs-error]', { timeout: 30000 });
  assert.equal(await page.locator('[data-testid=corr-logs-error]').count(), 0);
  assert.equal(Number(await page.getAttribute('[data-testid=corr-logs-summary]', 'data-lines')), lines, "VictoriaLogs' count for the trace ID");
  const texts = await page.$$eval('[data-testid=corr-log]', (ls) => ls.map((l) => l.textContent));
  assert.equal(texts.length, lines);
  assert.ok(texts.every((t) => t.includes(`trace_id=${id}`)), 'every line carries the trace ID');

  const services = [...new Set(Object.values(jt.processes).map((p) => p.serviceName))].sort();
  await eventually(async () => (await page.locator('[data-testid=corr-chart]').count()) === services.length, { timeout: 60000 });
  const charted = (await page.$$eval('[data-testid=corr-chart]', (cs) => cs.map((c) => c.dataset.service))).sort();
  assert.deepEqual(charted, services);
  // Every chart drew series (Prometheus answered the span-metric queries for its service).
  const totals = await page.$$eval('[data-testid=corr-chart] [data-testid=legend]', (ls) => ls.map((l) => Number(l.dataset.total)));
  assert.equal(totals.length, services.length, 'a drawn chart (no error) per service');
  assert.ok(totals.every((n) => n >= 2), `rate and p90 at least: ${totals}`);
  assert.deepEqual(b.problems, []);
});

test('correlate (live): hovering a span moves the cursor on every chart to its start and lights its log lines; hovering a line lights its span', async () => {
  const { page } = b;
  const jt = await eventually(jaegerTrace);
  // Two spans of the trace that have log lines, with different starts.
  const marked = await page.$$eval('[data-testid=corr-span]', (rs) => rs.filter((r) => r.querySelector('[data-testid=corr-log-marks]').textContent.trim() !== '')
    .map((r) => ({ row: r.dataset.row, start: r.dataset.startMs })));
  assert.ok(marked.length >= 2, `spans with log lines: ${marked.length}`);
  const [a, z] = [marked[0], marked.find((s) => s.start !== marked[0].start)];
  assert.ok(z, 'two spans with different starts');
  const startsFromJaeger = new Set(jt.spans.map((s) => String(Math.floor(s.startTime / 1000))));
  const charts = await page.locator('[data-testid=corr-chart]').count();
  for (const s of [a, z]) {
    assert.ok(startsFromJaeger.has(s.start), `span start ${s.start} is one Jaeger reports`);
    await page.locator(`[data-testid=corr-span][data-row="${s.row}"]`).hover();
    await page.waitForFunction(({ start, charts }) => {
      const cs = [...document.querySelectorAll('[data-testid=corr-chart] [data-testid=chart-cursor]')];
      return cs.length === charts && cs.every((c) => c.dataset.ms === start);
    }, { start: s.start, charts }, { timeout: 10000 }).catch(async () => assert.fail(`cursors ${await cursors(page)} for span start ${s.start}`));
    const lit = await page.$$eval('[data-testid=corr-log].lit', (ls) => ls.map((l) => l.dataset.spanRow));
    assert.ok(lit.includes(s.row), `the span's own lines light up (${lit})`);
  }
  // The cursor moved between the two spans on the charts' own axis.
  const xs = await page.$$eval('[data-testid=corr-chart] [data-testid=chart-cursor]', (cs) => cs.map((c) => Number(c.dataset.x)));
  assert.ok(xs.every((x) => Number.isFinite(x) && x > 0), `${xs}`);

  // A log line with a span: its span lights up.
  const line = page.locator('[data-testid=corr-log]:not([data-span-row=""])').first();
  const row = await line.getAttribute('data-span-row');
  await line.hover();
  await page.waitForSelector(`[data-testid=corr-span].lit[data-row="${row}"]`, { timeout: 10000 });
  assert.equal(await page.locator('[data-testid=corr-span].lit').count(), 1);
  assert.deepEqual(b.problems, []);
});

test('correlate (live): with the logs backend answering HTML, the lines say so and the spans and charts stay', async () => {
  const jt = await eventually(jaegerTrace);
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
