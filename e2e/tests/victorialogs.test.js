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
import { BASE, openBrowser, gotoRoute, manifest, expectLive, useDatasources } from './harness.js';

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
