// The correlation workspace (issue 23 item 1) against the live stack: opened from the trace view's header, it
// shows the trace's spans (as many as Jaeger's API has), its log lines (as many as VictoriaLogs counts for the
// trace ID, each carrying it) and a chart per service of the trace (Prometheus' span metrics); hovering a
// span puts the cursor at the span's start on every chart and lights up log lines of that span; hovering a
// log line lights up its span. Expected values come from Jaeger's and VictoriaLogs' own APIs at test time; a
// stopped Jaeger, VictoriaLogs or Prometheus fails the test (expectLive, and the counts asked of them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BASE, openBrowser, gotoRoute, manifest, expectLive, useDatasources, eventually, GEN } from './harness.js';
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

test('correlate (live): a trace of 5000 spans draws only the rows in view (all counted) and scrolls to its last span', async () => {
  const { page } = b;
  const gen = GEN;
  assert.ok(existsSync(gen), `build the generator first or set TRIFOCAL_GEN; not found: ${gen}`);
  const otlp = `http://127.0.0.1:${process.env.TRIFOCAL_OTLP_PORT || 24318}`;
  const r = spawnSync(gen, ['huge-trace', '--spans', '5000', '--otlp', otlp, '--seed', String(Date.now() % 1000000)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const big = /sent trace ([0-9a-f]{32})/.exec(r.stdout)[1];
  await eventually(async () => (await (await fetch(`${BASE}api/jaeger/api/traces/${big}`)).json()).data?.[0]?.spans.length === 5000, { timeout: 60000 });
  await gotoRoute(page, `#/correlate/${big}`);
  await expectLive(page, 'Jaeger');
  await page.waitForSelector('[data-testid=corr-waterfall]', { timeout: 60000 });
  assert.equal(Number(await page.getAttribute('[data-testid=corr-waterfall]', 'data-spans')), 5000, "Jaeger's span count");
  assert.equal(Number(await page.getAttribute('[data-testid=corr-waterfall]', 'data-rows')), 5000);
  const drawn = await page.locator('[data-testid=corr-span]').count();
  assert.ok(drawn > 10 && drawn < 150, `${drawn} rows in the page for 5000 spans`);
  // Scrolled to the end: the last rows are drawn there, in view.
  await page.evaluate(() => { const el = document.querySelector('[data-testid=corr-span-pane]'); el.scrollTop = el.scrollHeight; });
  await page.waitForFunction(() => Number([...document.querySelectorAll('[data-testid=corr-span]')].pop()?.dataset.row) > 4900, null, { timeout: 5000 });
  const visible = await page.evaluate(() => {
    const box = document.querySelector('[data-testid=corr-span-pane]').getBoundingClientRect();
    return [...document.querySelectorAll('[data-testid=corr-span]')].some((d) => { const r = d.getBoundingClientRect(); return r.top >= box.top && r.bottom <= box.bottom + 1; });
  });
  assert.ok(visible, 'rows are drawn where the list is scrolled to');
  assert.ok((await page.locator('[data-testid=corr-span]').count()) < 150);
  assert.deepEqual(b.problems, []);
});

test('correlate (live): in a trace of 5000 spans with a line per span, hovering a line whose span row is out of view scrolls that row into view and lights it', async () => {
  const { page } = b;
  const gen = GEN;
  const otlp = `http://127.0.0.1:${process.env.TRIFOCAL_OTLP_PORT || 24318}`;
  const r = spawnSync(gen, ['huge-trace', '--spans', '5000', '--otlp', otlp, '--seed', String((Date.now() + 7) % 1000000)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const big = /sent trace ([0-9a-f]{32})/.exec(r.stdout)[1];
  const jt = await eventually(async () => {
    const t = (await (await fetch(`${BASE}api/jaeger/api/traces/${big}`)).json()).data?.[0];
    return t?.spans.length === 5000 && t;
  }, { timeout: 60000 });
  // A line per span, carrying the trace and span IDs, at the span's start, into the live VictoriaLogs.
  const body = jt.spans.map((sp) => JSON.stringify({
    _time: new Date(Math.floor(sp.startTime / 1000)).toISOString(), _msg: `work done span_id=${sp.spanID}`,
    service_name: 'e2e-huge', trace_id: big, span_id: sp.spanID, level: 'info',
  }));
  const vl = `http://127.0.0.1:${process.env.TRIFOCAL_VLOGS_PORT || 29428}/`;
  const res = await fetch(`${vl}insert/jsonline?_stream_fields=service_name`, { method: 'POST', body: `${body.join('\n')}\n` });
  assert.equal(res.status, 200, await res.text());
  await eventually(async () => (await vlogsCount(jt)) === 5000, { timeout: 30000 });

  // The workspace's lines must be VictoriaLogs' 5000. In one CI run on a stack a minute old the workspace
  // showed none (not reproduced since): it is opened again, up to 3 times 5 s apart, and each answer the page
  // got from VictoriaLogs goes into the failure message.
  const asked = [];
  const onResp = async (r) => { if (r.url().includes('/api/victorialogs/select/logsql/query')) asked.push(`${r.status()} ${r.url()} ${(await r.text().catch(() => '')).length} bytes`); };
  page.on('response', onResp);
  let got = 0;
  for (let i = 0; i < 3 && got !== 5000; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 5000));
    await gotoRoute(page, `#/correlate/${big}`);
    await expectLive(page, 'Jaeger');
    await expectLive(page, 'VictoriaLogs');
    await page.waitForSelector('[data-testid=corr-logs-summary]', { timeout: 60000 });
    got = Number(await page.getAttribute('[data-testid=corr-logs-summary]', 'data-lines'));
  }
  page.off('response', onResp);
  assert.equal(got, 5000, `VictoriaLogs' count; the page says "${await page.textContent('[data-testid=corr-logs-summary]')}" after asking ${JSON.stringify(asked)}`);
  // The lines' list scrolled to its end: a drawn line whose span row is not drawn in the spans' pane.
  await page.evaluate(() => { const el = document.querySelector('[data-testid=corr-log-pane]'); el.scrollTop = el.scrollHeight; });
  const pick = await eventually(async () => page.evaluate(() => {
    const drawn = new Set([...document.querySelectorAll('[data-testid=corr-span]')].map((d) => d.dataset.row));
    const box = document.querySelector('[data-testid=corr-log-pane]').getBoundingClientRect();
    const line = [...document.querySelectorAll('[data-testid=corr-log]')].find((l) => {
      const r = l.getBoundingClientRect();
      return l.dataset.spanRow !== '' && !drawn.has(l.dataset.spanRow) && r.top >= box.top && r.bottom <= box.bottom;
    });
    return line && { ts: line.dataset.ts, row: line.dataset.spanRow };
  }), { timeout: 10000 });
  assert.ok(Number(pick.row) > 100, `a row far down: ${pick.row}`);
  await page.locator(`[data-testid=corr-log][data-ts="${pick.ts}"][data-span-row="${pick.row}"]`).first().hover();
  await page.waitForSelector(`[data-testid=corr-span].lit[data-row="${pick.row}"]`, { timeout: 10000 });
  const inView = await page.evaluate((row) => {
    const box = document.querySelector('[data-testid=corr-span-pane]').getBoundingClientRect();
    const r = document.querySelector(`[data-testid=corr-span][data-row="${row}"]`).getBoundingClientRect();
    return r.top >= box.top && r.bottom <= box.bottom + 1;
  }, pick.row);
  assert.ok(inView, 'the span row is scrolled into the pane');
  assert.deepEqual(b.problems, []);
});
