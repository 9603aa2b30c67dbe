// The logs view on the live VictoriaLogs of the test stack (issue 20): with VictoriaLogs chosen as the logs
// backend (Settings, here laid into the browser's storage), queries by stream and by field list exactly the
// lines VictoriaLogs itself counts for the same LogsQL and range, the volume bars add up to them (hits), a
// line's trace link opens that trace from the live Jaeger, and a bad LogsQL query shows VictoriaLogs' own
// message where it was typed. Nothing expected is written by hand: the trace ID and window come from the
// generator's manifest, the counts and messages from VictoriaLogs through the stack's nginx at test time.
// With VictoriaLogs stopped every test fails (the status bar must say "VictoriaLogs ✓", and the counts are
// asked of it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, gotoRoute, manifest, expectLive, useDatasources, eventually, importDashboard, settledPanels } from './harness.js';

const VLOGS = `${BASE}api/victorialogs/`;
const m = manifest();
// The generator's backfilled window (ms): fixed, so lines arriving live do not change the counts.
const W = { from: m.start_ms, to: m.end_ms };
const ns = (ms) => `${BigInt(ms) * 1000000n}`;

/** VictoriaLogs' own answer to a LogsQL query over [from, to): status and body, through nginx. */
async function vlogs(path, params) {
  const url = `${VLOGS}${path}?${new URLSearchParams(params)}`;
  let res;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(20000) });
  } catch (e) {
    throw new Error(`${url}: no answer (${e.cause?.code || e.message}); is VictoriaLogs up in the stack?`);
  }
  return { status: res.status, body: await res.text() };
}
/** How many lines VictoriaLogs has for `query` in the window (its `stats count()`). */
async function countOf(query, w = W) {
  const { status, body } = await vlogs('select/logsql/query', { query: `${query} | stats count() n`, start: ns(w.from), end: ns(w.to) });
  assert.equal(status, 200, `VictoriaLogs counted ${query}: ${body.slice(0, 200)}`);
  return Number(JSON.parse(body).n);
}

/** Two seconds either side of trace `id`'s lines, as VictoriaLogs has them. */
async function windowAround(id) {
  const { body } = await vlogs('select/logsql/query', { query: `trace_id:="${id}" | stats min(_time) t0, max(_time) t1`, start: ns(W.from), end: ns(W.to) });
  const { t0, t1 } = JSON.parse(body);
  return { from: Date.parse(t0) - 2000, to: Date.parse(t1) + 2000 };
}

const link = (query, w = W, limit = 5000) => `#/logs?from=${w.from}&to=${w.to}&query=${encodeURIComponent(query)}&limit=${limit}`;
async function open(page, query, w) {
  await gotoRoute(page, link(query, w));
  await expectLive(page, 'VictoriaLogs');
  await page.waitForSelector('[data-testid=logs-summary], section[aria-label="Explore logs"] [data-testid=query-error]', { timeout: 60000 });
}
const lines = async (page) => Number(await page.getAttribute('[data-testid=logs-summary]', 'data-lines'));
const volumeTotal = async (page) => {
  await page.waitForSelector('[data-testid=volume-summary], [data-testid=volume-error]', { timeout: 30000 });
  const err = await page.locator('[data-testid=volume-error]').count();
  assert.equal(err, 0, err ? await page.textContent('[data-testid=volume-error]') : '');
  return Number(await page.getAttribute('[data-testid=volume-summary]', 'data-total'));
};

let b;
before(async () => {
  b = await openBrowser();
  await useDatasources(b.context, { logs: 'VictoriaLogs', victorialogs: '/api/victorialogs' });
});
after(async () => { await b.browser.close(); });

test('victorialogs (live): a query by stream lists as many lines as VictoriaLogs counts in the range, and the volume bars add up to them', async () => {
  const { page } = b;
  // Two minutes in the middle of the window, one service: a few hundred lines.
  const w = { from: W.from + 240000, to: W.from + 360000 };
  const service = m.services.find((s) => s === 'qdrant') || m.services[0];
  const query = `{service_name="${service}"}`;
  const expected = await countOf(query, w);
  assert.ok(expected > 0 && expected < 5000, `VictoriaLogs has ${expected} lines of ${service} in two minutes`);
  await open(page, query, w);
  assert.equal(await lines(page), expected, await page.textContent('[data-testid=logs-summary]'));
  assert.equal(await page.getAttribute('[data-testid=logs-summary]', 'data-complete'), 'true');
  assert.equal(await page.locator('[data-testid=demo-note]').count(), 0, 'no demo note');
  assert.equal(await volumeTotal(page), expected, 'the volume (hits by level) counts the lines of the range');
  // Each row shown is of that service, newest first.
  const rows = await page.$$eval('.log-row', (rs) => rs.map((r) => Number(r.dataset.ts)));
  assert.ok(rows.length > 0 && rows.every((t, i) => i === 0 || rows[i - 1] >= t), 'newest first');
  assert.deepEqual(b.problems, []);
});

test("victorialogs (live): a query by the featured trace's field lists its lines, each with a link that opens that trace from Jaeger", async () => {
  const { page } = b;
  const id = m.featured_trace_id;
  const query = `trace_id:="${id}"`;
  const expected = await countOf(query);
  assert.ok(expected > 0, `VictoriaLogs has lines of trace ${id}`);
  await open(page, query);
  assert.equal(await lines(page), expected);
  assert.equal(await volumeTotal(page), expected);
  const links = await page.$$eval('.log-row [data-testid=log-trace-link]', (as) => as.map((a) => a.getAttribute('aria-label')));
  const rows = await page.locator('.log-row').count();
  assert.ok(rows > 0 && links.length === rows && links.every((l) => l === `Open trace ${id}`), `${links.length} links on ${rows} rows`);
  await page.locator('.log-row [data-testid=log-trace-link]').first().click();
  await page.waitForFunction((tid) => location.hash.startsWith(`#/trace/${tid}`), id, { timeout: 10000 });
  await page.waitForSelector('[data-testid=trace-header], [data-testid=trace-error]', { timeout: 30000 });
  assert.equal(await page.locator('[data-testid=trace-error]').count(), 0, 'Jaeger has the trace');
  assert.equal(await page.inputValue('input[aria-label="Trace ID"]'), id);
  assert.deepEqual(b.problems, []);
});

test("victorialogs (live): a bad LogsQL query shows VictoriaLogs' own message where it was asked", async () => {
  const { page } = b;
  const query = 'level:=(';
  const { status, body } = await vlogs('select/logsql/query', { query, start: ns(W.from), end: ns(W.to), limit: '5000' });
  assert.equal(status, 400, `VictoriaLogs refuses ${query}`);
  const message = body.trim();
  assert.ok(message.includes('cannot parse'), message);
  await open(page, query);
  const text = await page.textContent('section[aria-label="Explore logs"] [data-testid=query-error]');
  assert.ok(text.includes(message), `VictoriaLogs' message "${message}" in: ${text}`);
  assert.equal(await page.locator('.log-row').count(), 0, 'no lines, no demo lines');
  assert.deepEqual(b.problems, []);
});

test("victorialogs (live): the label browser lists VictoriaLogs' stream fields and builds a stream filter that lists that service's lines", async () => {
  const { page } = b;
  const { status, body } = await vlogs('select/logsql/stream_field_names', { query: '*', start: ns(W.from), end: ns(W.to) });
  assert.equal(status, 200, body);
  const names = JSON.parse(body).values.map((v) => v.value).sort();
  await open(page, '*', { from: W.from, to: W.from + 60000 });
  await page.click('[data-testid=open-label-browser]');
  const browser = page.locator('[data-testid=label-browser]');
  await browser.locator('[data-testid=label-name]').first().waitFor({ timeout: 30000 });
  assert.deepEqual(await browser.locator('[data-testid=label-name]').allTextContents(), names);
  await browser.locator('[data-testid=label-name]', { hasText: /^service_name$/ }).click();
  const group = page.locator('[aria-label="Values of service_name"]');
  await group.locator('[data-testid=label-value]').first().waitFor({ timeout: 30000 });
  const service = m.services[0];
  await group.locator('[data-testid=label-value]', { hasText: new RegExp(`^${service}$`) }).click();
  assert.equal(await page.textContent('[data-testid=built-selector]'), `{service_name="${service}"}`);
  await page.click('[data-testid=browser-show-logs]');
  await page.waitForFunction((q) => decodeURIComponent(location.hash).includes(q), `query={service_name="${service}"}`, { timeout: 10000 });
  await page.waitForSelector('[data-testid=logs-summary]', { timeout: 60000 });
  const expected = await countOf(`{service_name="${service}"}`, { from: W.from, to: W.from + 60000 });
  assert.equal(await lines(page), expected);
  assert.deepEqual(b.problems, []);
});

/** Whole minutes inside the generator's window: VictoriaLogs' stats buckets are aligned to the step, so over
 * whole minutes at a one-minute step they add up to the lines of those minutes. */
const MINUTES = (() => {
  const from = Math.ceil(W.from / 60000) * 60000;
  return { from, to: from + 5 * 60000 };
})();
/** The values of `field` over the window, as VictoriaLogs lists them. */
async function valuesOf(query, field, w) {
  const { status, body } = await vlogs('select/logsql/field_values', { query, field, start: ns(w.from), end: ns(w.to) });
  assert.equal(status, 200, body);
  return JSON.parse(body).values.map((v) => v.value).sort();
}

test('victorialogs (live): a stats query is drawn as one series per level, adding up to the lines VictoriaLogs counts', async () => {
  const { page } = b;
  const service = m.services.find((s) => s === 'qdrant') || m.services[0];
  const sel = `{service_name="${service}"}`;
  const expected = await countOf(sel, MINUTES);
  const levels = await valuesOf(sel, 'level', MINUTES);
  assert.ok(expected > 0 && levels.length > 1, `${expected} lines of ${levels}`);
  await gotoRoute(page, `${link(`${sel} | stats by (level) count()`, MINUTES)}&min_step=1m`);
  await expectLive(page, 'VictoriaLogs');
  const summary = page.locator('[data-testid=logs-metric-summary]');
  await summary.waitFor({ timeout: 30000 });
  assert.equal(await page.locator('section[aria-label="Explore logs"] [data-testid=query-error]').count(), 0);
  assert.equal(Number(await summary.getAttribute('data-step-ms')), 60000);
  assert.equal(Number(await summary.getAttribute('data-series')), levels.length);
  assert.equal(Number(await summary.getAttribute('data-total')), expected, 'the counts drawn add up to the lines of the range');
  assert.match(await summary.textContent(), /LogsQL stats query/);
  const legend = await page.locator('.explore [data-testid=legend]').first().textContent();
  for (const l of levels) assert.ok(legend.includes(`level="${l}"`), `${l} in "${legend}"`);
  assert.equal(await page.locator('.log-row').count(), 0, 'no lines listed');
  assert.deepEqual(b.problems, []);
});

test("victorialogs (live): a bad stats query shows VictoriaLogs' own message where it was asked", async () => {
  const { page } = b;
  const query = '* | stats by (level) count(';
  const { status, body } = await vlogs('select/logsql/stats_query_range', { query, start: ns(MINUTES.from), end: ns(MINUTES.to), step: '60000ms' });
  assert.equal(status, 422, body);
  const message = JSON.parse(body).error;
  assert.ok(message.includes('cannot parse'), message);
  await gotoRoute(page, `${link(query, MINUTES)}&min_step=1m`);
  await expectLive(page, 'VictoriaLogs');
  const err = page.locator('section[aria-label="Explore logs"] [data-testid=query-error]');
  await err.waitFor({ timeout: 30000 });
  assert.ok((await err.textContent()).includes(message), await err.textContent());
  assert.deepEqual(b.problems, []);
});

test("victorialogs (live): time-series, stat and table panels of an imported victoriametrics-logs-datasource dashboard draw a stats query", async () => {
  const { page } = b;
  const vl = { type: 'victoriametrics-logs-datasource', uid: 'vl' };
  const service = m.services.find((s) => s === 'qdrant') || m.services[0];
  const sel = `{service_name="${service}"}`;
  const levels = await valuesOf(sel, 'level', MINUTES);
  const panel = (id, type, x) => ({
    id, type, title: `${type} of lines by level`, datasource: vl, interval: '1m', gridPos: { x, y: 0, w: 8, h: 8 },
    targets: [{ refId: 'A', datasource: vl, expr: `${sel} | stats by (level) count()`, queryType: 'statsRange', legendFormat: '{{level}}' }],
  });
  const grafana = { uid: 'e2e-vl-stats', title: 'VictoriaLogs stats', time: { from: 'now-1h', to: 'now' },
    panels: [panel(1, 'timeseries', 0), panel(2, 'stat', 8), panel(3, 'table', 16)] };
  await importDashboard(page, grafana);
  await gotoRoute(page, `#/dashboard/e2e-vl-stats?from=${MINUTES.from}&to=${MINUTES.to}`);
  await expectLive(page, 'VictoriaLogs');
  const panels = await settledPanels(page, { count: 3, timeout: 30000 });
  for (const p of panels) assert.deepEqual([p.state, p.errors, p.count], ['ok', [], levels.length], JSON.stringify(p));
  const tableText = await page.locator('[data-kind=table]').textContent();
  for (const l of levels) assert.ok(tableText.includes(l), `${l} in the table`);
  assert.deepEqual(b.problems, []);
});

test("victorialogs (live): a span's trace-logs link lists that trace's lines as VictoriaLogs has them", async () => {
  const { page } = b;
  const id = m.featured_trace_id;
  const jt = await eventually(async () => (await (await fetch(`${BASE}api/jaeger/api/traces/${id}`)).json()).data[0]);
  const span = jt.spans.find((s) => jt.processes[s.processID].serviceName === 'search-service') || jt.spans[0];
  await gotoRoute(page, `#/trace/${id}?span=${span.spanID}`);
  await page.waitForSelector('[data-testid=span-details]', { timeout: 30000 });
  const href = await page.getAttribute('[data-testid=trace-logs-link]', 'href');
  const p = new URLSearchParams(href.split('?')[1]);
  assert.equal(p.get('query'), `trace_id:="${id}"`, 'LogsQL, from the LogsQL template');
  const w = { from: Number(p.get('from')), to: Number(p.get('to')) };
  const expected = await countOf(`trace_id:="${id}"`, w);
  assert.ok(expected > 0, `VictoriaLogs has ${expected} lines of ${id} in ${w.from}-${w.to}`);
  await page.click('[data-testid=trace-logs-link]');
  await page.waitForFunction(() => location.hash.startsWith('#/logs'));
  await expectLive(page, 'VictoriaLogs');
  await page.waitForSelector('[data-testid=logs-summary], section[aria-label="Explore logs"] [data-testid=query-error]', { timeout: 60000 });
  assert.equal(await lines(page), expected);
  const links = await page.$$eval('.log-row [data-testid=log-trace-link]', (as) => as.map((a) => a.getAttribute('aria-label')));
  assert.ok(links.length > 0 && links.every((l) => l === `Open trace ${id}`), `${links.length} rows of trace ${id}`);
  // The span's own link: its service's lines of the trace.
  const spanHref = await (async () => {
    await page.goBack();
    await page.waitForSelector('[data-testid=span-logs-link]', { timeout: 30000 });
    return page.getAttribute('[data-testid=span-logs-link]', 'href');
  })();
  const service = jt.processes[span.processID].serviceName;
  assert.equal(new URLSearchParams(spanHref.split('?')[1]).get('query'), `{service_name="${service}"} trace_id:="${id}"`);
  assert.deepEqual(b.problems, []);
});

test("victorialogs (live): the editor completes VictoriaLogs' field names and values, stream fields and pipe names", async () => {
  const { page } = b;
  const levels = await valuesOf('*', 'level', W);
  const { body } = await vlogs('select/logsql/field_names', { query: '*', start: ns(W.from), end: ns(W.to) });
  const fields = JSON.parse(body).values.map((v) => v.value);
  assert.ok(fields.includes('trace_id') && fields.includes('span_id'), fields.join());
  await open(page, '*', W);
  const editor = page.locator('textarea[aria-label="LogsQL query"]');
  const options = async () => {
    await page.locator('[role=listbox] [role=option]').first().waitFor({ timeout: 15000 });
    return page.$$eval('[role=listbox] [role=option]', (os) => os.map((o) => o.dataset.value));
  };
  // A field's values after `field:=`, from field_values; the chosen one is inserted quoted.
  await editor.fill('level:=');
  assert.deepEqual(await options(), levels);
  await page.keyboard.press('Enter');
  assert.equal(await editor.inputValue(), `level:="${levels[0]}"`);
  // Field names from field_names.
  await editor.fill('span');
  assert.ok((await options()).includes('span_id'));
  // Stream fields inside {…} from stream_field_names, their values from stream_field_values.
  await editor.fill('{');
  const { body: sb } = await vlogs('select/logsql/stream_field_names', { query: '*', start: ns(W.from), end: ns(W.to) });
  assert.deepEqual(await options(), JSON.parse(sb).values.map((v) => v.value).sort());
  await editor.fill('{service_name=');
  const services = (await valuesOf('*', 'service_name', W));
  // The list of stream field names may still be up until the values' answer arrives: wait for it to change.
  await page.waitForFunction((names) => {
    const shown = [...document.querySelectorAll('[role=listbox] [role=option]')].map((o) => o.dataset.value);
    return shown.length > 0 && shown.join() !== names.join();
  }, JSON.parse(sb).values.map((v) => v.value).sort(), { timeout: 15000 }).catch(() => {});
  assert.deepEqual(await options(), services);
  // Pipe names after `|`.
  await editor.fill('* | st');
  assert.ok((await options()).includes('stats'));
  assert.deepEqual(b.problems, []);
});

test("victorialogs (live): a line's context lists the lines around it in its stream, as VictoriaLogs has them", async () => {
  const { page } = b;
  // A stream with a line every few seconds: an info stream of one service, mid-window.
  const service = m.services.find((s) => s === 'qdrant') || m.services[0];
  const w = { from: W.from + 240000, to: W.from + 300000 };
  await open(page, `{service_name="${service}"} level:=info`, w);
  const row = page.locator('.log-row').nth(5);
  const ts = BigInt(await row.getAttribute('data-ts'));
  await row.locator('button[aria-label="Show details"]').click();
  await page.click('[data-testid=show-context]');
  const items = page.locator('[data-testid=log-context] li');
  await items.first().waitFor({ timeout: 30000 });
  // VictoriaLogs' own answer: the lines of the stream right after the line, oldest first.
  const stream = `{job="trifocal-gen", level="info", service_name="${service}"}`;
  const { status, body } = await vlogs('select/logsql/query', { query: `${stream} | sort by (_time) limit 50`, start: `${ts + 1n}`, end: `${ts + 3600000000000n}`, limit: '50' });
  assert.equal(status, 200, body);
  const after = body.split('\n').filter(Boolean).map((l) => JSON.parse(l)._msg);
  const texts = await items.allTextContents();
  assert.equal(await page.locator('[data-testid=log-context] li.selected').count(), 1, 'the line itself is marked');
  const idx = await items.evaluateAll((lis) => lis.findIndex((li) => li.classList.contains('selected')));
  const line = await row.locator('.log-line').textContent();
  assert.ok(texts[idx].includes(line.slice(0, 40)), `${texts[idx]} ~ ${line}`);
  const shown = texts.slice(idx + 1);
  assert.ok(idx > 0 && shown.length > 0 && after.length >= shown.length, `${idx} before, ${shown.length} after, VictoriaLogs has ${after.length}`);
  shown.forEach((t, k) => assert.ok(t.includes(after[k].slice(0, 60)), `${t} ~ ${after[k]}`));
  assert.deepEqual(b.problems, []);
});

test("victorialogs (live): the browser lists the lines' other fields and a value's click narrows the query to it", async () => {
  const { page } = b;
  const id = m.featured_trace_id;
  // A few seconds around the featured trace's lines, so its ID is among a handful of values.
  const w = await windowAround(id);
  const { body: fb } = await vlogs('select/logsql/field_names', { query: '*', start: ns(w.from), end: ns(w.to) });
  const { body: sb } = await vlogs('select/logsql/stream_field_names', { query: '*', start: ns(w.from), end: ns(w.to) });
  const streams = JSON.parse(sb).values.map((v) => v.value);
  const expected = JSON.parse(fb).values.map((v) => v.value).filter((n) => !n.startsWith('_') && !streams.includes(n)).sort();
  assert.ok(expected.includes('trace_id'), expected.join());
  await open(page, '*', w);
  await page.click('[data-testid=open-label-browser]');
  await page.locator('[data-testid=field-name]').first().waitFor({ timeout: 30000 });
  assert.deepEqual((await page.locator('[data-testid=field-name]').allTextContents()).sort(), expected);
  await page.locator('[data-testid=field-name]', { hasText: /^trace_id$/ }).click();
  const values = page.locator('[aria-label="Values of field trace_id"] [data-testid=field-value]');
  await values.first().waitFor({ timeout: 30000 });
  await values.filter({ hasText: new RegExp(`^${id}$`) }).click();
  const editor = page.locator('textarea[aria-label="LogsQL query"]');
  assert.equal(await editor.inputValue(), `trace_id:="${id}"`);
  await page.click('[data-testid=run-query]');
  await page.waitForFunction((q) => decodeURIComponent(location.hash).includes(q), `query=trace_id:="${id}"`, { timeout: 10000 });
  await page.waitForSelector('[data-testid=logs-summary]', { timeout: 60000 });
  assert.equal(await lines(page), await countOf(`trace_id:="${id}"`, w));
  assert.deepEqual(b.problems, []);
});

test("victorialogs (live): a dashboard variable lists a field's values as VictoriaLogs has them, and a logs panel follows it", async () => {
  const { page } = b;
  const id = m.featured_trace_id;
  const w = await windowAround(id);
  const ids = await valuesOf('*', 'trace_id', w);
  assert.ok(ids.includes(id) && ids.length > 1, ids.join());
  const vl = { type: 'victoriametrics-logs-datasource', uid: 'vl' };
  const grafana = {
    uid: 'e2e-vl-var', title: 'VictoriaLogs variable', time: { from: 'now-1h', to: 'now' },
    templating: { list: [{ name: 'trace', label: 'Trace', type: 'query', datasource: vl, query: { label: 'trace_id', type: 1 }, current: { value: id, text: id } }] },
    panels: [{ id: 1, type: 'logs', title: 'Lines of $trace', datasource: vl, gridPos: { x: 0, y: 0, w: 24, h: 10 },
      targets: [{ refId: 'A', datasource: vl, expr: 'trace_id:="$trace"', maxLines: 1000 }] }],
  };
  await importDashboard(page, grafana);
  await gotoRoute(page, `#/dashboard/e2e-vl-var?from=${w.from}&to=${w.to}&var-trace=${id}`);
  await expectLive(page, 'VictoriaLogs');
  const sel = 'select[aria-label="Variable Trace"]';
  await page.waitForSelector(`${sel} option:nth-child(${ids.length})`, { state: 'attached', timeout: 20000 });
  assert.deepEqual((await page.$$eval(`${sel} option`, (os) => os.map((o) => o.value))).sort(), ids);
  const panel = await eventually(async () => {
    const p = await page.$eval('[data-testid=panel]', (el) => ({ state: el.dataset.state, count: Number(el.dataset.count) }));
    return p.state !== 'loading' && p;
  }, { timeout: 30000 });
  assert.deepEqual(panel, { state: 'ok', count: await countOf(`trace_id:="${id}"`, w) });
  assert.deepEqual(b.problems, []);
});
