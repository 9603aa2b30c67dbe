// What the correlation workspace of one trace must show, checked against the backends' own APIs (Jaeger's
// trace, VictoriaLogs' count of the lines carrying its ID): shared by the tests that reach the workspace from
// the trace view (correlate.test.js) and from its other entry points (correlate_entry.test.js).
import assert from 'node:assert/strict';
import { BASE, eventually } from './harness.js';

/** Jaeger's own copy of the trace (undefined while Jaeger does not have it). */
export async function jaegerTrace(id) {
  const res = await fetch(`${BASE}api/jaeger/api/traces/${id}`, { signal: AbortSignal.timeout(20000) });
  if (!res.ok) return undefined;
  return (await res.json()).data?.[0];
}

/** VictoriaLogs' count of the lines carrying the trace ID, from an hour before the trace to an hour after. */
export async function vlogsCount(jt) {
  const us = jt.spans.flatMap((s) => [s.startTime, s.startTime + s.duration]);
  const ns = (us) => `${BigInt(Math.round(us)) * 1000n}`;
  const hour = 3600e6;
  const q = new URLSearchParams({ query: `trace_id:="${jt.traceID}" | stats count() n`, start: ns(Math.min(...us) - hour), end: ns(Math.max(...us) + hour) });
  const res = await fetch(`${BASE}api/victorialogs/select/logsql/query?${q}`, { signal: AbortSignal.timeout(20000) });
  const body = await res.text();
  assert.equal(res.status, 200, body.slice(0, 200));
  return Number(JSON.parse(body).n);
}

export const services = (jt) => [...new Set(Object.values(jt.processes).map((p) => p.serviceName))].sort();

/** The open workspace shows the trace's spans (Jaeger's count), its log lines (VictoriaLogs' count, every one
 * carrying the ID) and a drawn chart per service of the trace. */
export async function expectWorkspace(page, jt, lines) {
  const id = jt.traceID;
  await page.waitForSelector('[data-testid=corr-waterfall]', { timeout: 30000 });
  assert.equal(Number(await page.getAttribute('[data-testid=corr-waterfall]', 'data-spans')), jt.spans.length, "Jaeger's span count");
  assert.equal(await page.locator('[data-testid=corr-span]').count(), jt.spans.length);

  await page.waitForSelector('[data-testid=corr-logs-summary], [data-testid=corr-logs-error]', { timeout: 30000 });
  assert.equal(await page.locator('[data-testid=corr-logs-error]').count(), 0);
  assert.equal(Number(await page.getAttribute('[data-testid=corr-logs-summary]', 'data-lines')), lines, "VictoriaLogs' count for the trace ID");
  const texts = await page.$$eval('[data-testid=corr-log]', (ls) => ls.map((l) => l.textContent));
  assert.equal(texts.length, lines);
  assert.ok(texts.every((t) => t.includes(`trace_id=${id}`)), 'every line carries the trace ID');

  const want = services(jt);
  await eventually(async () => (await page.locator('[data-testid=corr-chart]').count()) === want.length, { timeout: 60000 });
  const charted = (await page.$$eval('[data-testid=corr-chart]', (cs) => cs.map((c) => c.dataset.service))).sort();
  assert.deepEqual(charted, want);
  // Every chart drew series (Prometheus answered the span-metric queries for its service).
  await eventually(async () => (await page.locator('[data-testid=corr-chart] [data-testid=legend]').count()) === want.length, { timeout: 60000 });
  const totals = await page.$$eval('[data-testid=corr-chart] [data-testid=legend]', (ls) => ls.map((l) => Number(l.dataset.total)));
  assert.ok(totals.every((n) => n >= 2), `rate and p90 at least: ${totals}`);
}

const cursors = (page) => page.$$eval('[data-testid=corr-chart] [data-testid=chart-cursor]', (cs) => cs.map((c) => c.dataset.ms));

/** Hovering spans (those with log lines first, two different starts) puts the cursor at the span's start
 * (a start Jaeger reports) on every chart and lights the span's own lines; hovering a line with a span lights
 * that span alone. `marked`: how many hovered spans must have lines of their own. */
export async function expectSharedCursor(page, jt, { marked = 2 } = {}) {
  const rows = await page.$$eval('[data-testid=corr-span]', (rs) => rs.map((r) => ({
    row: r.dataset.row, start: r.dataset.startMs, marks: r.querySelector('[data-testid=corr-log-marks]').textContent.trim() !== '',
  })));
  const ordered = [...rows.filter((r) => r.marks), ...rows.filter((r) => !r.marks)];
  const a = ordered[0];
  const z = ordered.find((s) => s.start !== a.start);
  assert.ok(a && z, 'two spans with different starts');
  assert.ok([a, z].filter((s) => s.marks).length >= marked, `spans with log lines: ${rows.filter((r) => r.marks).length}`);
  const startsFromJaeger = new Set(jt.spans.map((s) => String(Math.floor(s.startTime / 1000))));
  const charts = await page.locator('[data-testid=corr-chart]').count();
  for (const s of [a, z]) {
    assert.ok(startsFromJaeger.has(s.start), `span start ${s.start} is one Jaeger reports`);
    await page.locator(`[data-testid=corr-span][data-row="${s.row}"]`).hover();
    await page.waitForFunction(({ start, charts }) => {
      const cs = [...document.querySelectorAll('[data-testid=corr-chart] [data-testid=chart-cursor]')];
      return cs.length === charts && cs.every((c) => c.dataset.ms === start);
    }, { start: s.start, charts }, { timeout: 10000 }).catch(async () => assert.fail(`cursors ${await cursors(page)} for span start ${s.start}`));
    if (s.marks) {
      const lit = await page.$$eval('[data-testid=corr-log].lit', (ls) => ls.map((l) => l.dataset.spanRow));
      assert.ok(lit.includes(s.row), `the span's own lines light up (${lit})`);
    }
  }
  // The cursor stands on the charts' own axis.
  const xs = await page.$$eval('[data-testid=corr-chart] [data-testid=chart-cursor]', (cs) => cs.map((c) => Number(c.dataset.x)));
  assert.ok(xs.every((x) => Number.isFinite(x) && x > 0), `${xs}`);

  // A log line with a span: its span lights up.
  const line = page.locator('[data-testid=corr-log]:not([data-span-row=""])').first();
  const row = await line.getAttribute('data-span-row');
  await line.hover();
  await page.waitForSelector(`[data-testid=corr-span].lit[data-row="${row}"]`, { timeout: 10000 });
  assert.equal(await page.locator('[data-testid=corr-span].lit').count(), 1);
}
