// The logs view on recorded Loki answers: the test stack's /api/loki/ is the replay server
// (tools/replay/server.mjs), which answers the app's requests with the bodies recorded from a real Loki 3.7.6
// (tests/fixtures/real/loki, requests.json) and 404 to anything not recorded. Every expected value is read
// from the recorded files at test time. Each test also checks the view shows the replayed answer, not the
// app's demo data (which is a recorded Loki answer too: the top bar must say Loki is live, no demo note may
// show, and something only the replayed answer holds must be on screen).
//
// What the app asks that has no recording (so not covered here): the log volume query (its LogQL differs
// from the recorded matrix query), a second page (no recording holds one), "Show context" (its two queries),
// values of the labels job and level, live tail (a WebSocket). The app always sends
// X-Loki-Response-Encoding-Flags: categorize-labels, so of the recorded log queries only
// loki/query_range_streams_categorized.json (and the parse error, which the header cannot change) answer it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, gotoRoute, recorded, recordedWindowMs, expectLive } from './harness.js';

const LOKI = 'Loki';
const W = recordedWindowMs();
/** The recorded request of a file (requests.json entry). */
const requestOf = (file) => recorded('requests.json').entries.find((e) => e.file === file);
const STREAMS = 'loki/query_range_streams_categorized.json';

/** The recorded lines of a categorized answer, newest first as the app shows them. */
function recordedLines(file) {
  const lines = recorded(file).data.result.flatMap((s) => s.values.map(([ts, line, cat]) => ({
    ts, line, stream: s.stream, metadata: cat?.structuredMetadata || {}, parsed: cat?.parsed || {},
  })));
  return lines.sort((a, b) => (BigInt(b.ts) > BigInt(a.ts) ? 1 : BigInt(b.ts) < BigInt(a.ts) ? -1 : 0));
}
/** The trace ID a recorded line carries (structured metadata, a parsed field or the JSON line), or null. */
function traceIdOf(e) {
  let fromLine = null;
  try { fromLine = JSON.parse(e.line).trace_id ?? null; } catch { /* not JSON */ }
  return e.metadata.trace_id || e.parsed.trace_id_extracted || fromLine;
}

/** A link to the logs view that makes the app send exactly the recorded request of `file`. */
function recordedLink(file, extra = '') {
  const p = requestOf(file).params;
  const order = p.direction === 'forward' ? '&order=oldest' : '';
  return `#/logs?from=${W.from}&to=${W.to}&query=${encodeURIComponent(p.query)}&limit=${p.limit}${order}${extra}`;
}
async function openRecorded(page, file, extra = '') {
  await gotoRoute(page, recordedLink(file, extra));
  await page.waitForSelector('[data-testid=logs-summary], [data-testid=query-error]', { timeout: 60000 });
}
/** Replayed, not demo: Loki live in the top bar and no demo note on the page. */
async function assertReplayed(page) {
  await expectLive(page, LOKI);
  assert.equal(await page.locator('[data-testid=demo-note]').count(), 0, 'no demo note');
}
/** The view holds as many lines as the replayed answer (the demo answer, of the same service, has more). */
async function assertRecordedCount(page) {
  assert.equal(Number(await page.getAttribute('[data-testid=logs-summary]', 'data-lines')), recordedLines(STREAMS).length, 'the recorded line count');
}
/** Every row of the (virtualised) list, scrolled through once: ts → { line, level, link }. */
async function allRows(page) {
  return page.evaluate(async () => {
    const list = document.querySelector('[data-testid=log-list]');
    const rows = new Map();
    const order = [];
    for (let y = 0; y <= list.scrollHeight + 200; y += 100) {
      list.scrollTop = y;
      list.dispatchEvent(new Event('scroll'));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      for (const r of list.querySelectorAll('.log-row')) {
        if (rows.has(r.dataset.ts)) continue;
        order.push(r.dataset.ts);
        const a = r.querySelector('[data-testid=log-trace-link]');
        rows.set(r.dataset.ts, { line: r.querySelector('.log-line').textContent, level: r.dataset.level, link: a ? a.getAttribute('aria-label') : null });
      }
    }
    list.scrollTop = 0;
    list.dispatchEvent(new Event('scroll'));
    return { order, rows: Object.fromEntries(rows) };
  });
}

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

test('logs (recorded Loki 3.7.6): a query shows the recorded lines, newest first, with their levels and trace links', async () => {
  const { page } = b;
  const expected = recordedLines(STREAMS);
  const limit = Number(requestOf(STREAMS).params.limit);
  assert.ok(expected.length > 0);
  await openRecorded(page, STREAMS);
  await assertReplayed(page);
  const summary = page.locator('[data-testid=logs-summary]');
  assert.equal(Number(await summary.getAttribute('data-lines')), expected.length, await summary.textContent());
  // The recording holds `limit` lines: the app cannot know the range holds no more.
  assert.equal(await summary.getAttribute('data-complete'), String(expected.length < limit));
  const { order, rows } = await allRows(page);
  assert.deepEqual(order, expected.map((e) => e.ts), 'every recorded line once, newest first');
  for (const e of expected) {
    const r = rows[e.ts];
    assert.equal(r.line, e.line, `line at ${e.ts}`);
    assert.equal(r.level, e.stream.level, `level at ${e.ts}`);
    const id = traceIdOf(e);
    assert.equal(r.link, id ? `Open trace ${id}` : null, `trace link at ${e.ts}`);
  }
  assert.ok(expected.some((e) => traceIdOf(e)) && expected.some((e) => !traceIdOf(e)), 'the recording has lines with and without a trace ID');
  assert.deepEqual(b.problems, []);
});

test("logs (recorded Loki 3.7.6): a line's details list its stream labels, structured metadata and parsed fields as recorded", async () => {
  const { page } = b;
  const [newest] = recordedLines(STREAMS);
  // Parsed fields come only with the categorize-labels encoding of this recording (the demo answer has none).
  assert.ok(Object.keys(newest.parsed).length > 0 && Object.keys(newest.metadata).length > 0);
  await openRecorded(page, STREAMS);
  await assertReplayed(page);
  const row = page.locator(`.log-row[data-ts="${newest.ts}"]`);
  await row.locator('.log-toggle').click();
  const details = page.locator('[data-testid=log-details]');
  await details.waitFor();
  const shown = (await details.locator('table tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent).join('\t')))).sort();
  const want = [
    ...Object.entries(newest.stream).map(([k, v]) => `label\t${k}\t${v}`),
    ...Object.entries(newest.metadata).map(([k, v]) => `metadata\t${k}\t${v}`),
    ...Object.entries(newest.parsed).map(([k, v]) => `parsed\t${k}\t${v}`),
  ].sort();
  assert.deepEqual(shown, want);
  assert.equal(await details.locator('pre').textContent(), newest.line);
  assert.deepEqual(b.problems, []);
});

test("logs (recorded Loki 3.7.6): a line's trace link opens the trace view for that trace ID", async () => {
  const { page } = b;
  const line = recordedLines(STREAMS).find((e) => traceIdOf(e));
  const id = traceIdOf(line);
  await openRecorded(page, STREAMS);
  await assertReplayed(page);
  await assertRecordedCount(page);
  await page.locator(`.log-row[data-ts="${line.ts}"] [data-testid=log-trace-link]`).click();
  await page.waitForFunction((tid) => location.hash.startsWith(`#/trace/${tid}`), id, { timeout: 10000 });
  // The trace view asks the trace backend for that ID (the live Jaeger here, which does not hold this
  // recorded trace: it answers either the trace or an error, both for this ID).
  await page.waitForSelector('[data-testid=trace-header], [data-testid=trace-error]', { timeout: 30000 });
  assert.equal(await page.inputValue('input[aria-label="Trace ID"]'), id);
  assert.deepEqual(b.problems, []);
});

test('logs (recorded Loki 3.7.6): the label browser lists the recorded labels and the recorded values of service_name', async () => {
  const { page } = b;
  const labels = recorded('loki/labels.json').data;
  const values = recorded('loki/label_values.json').data;
  assert.ok(labels.includes('service_name') && values.length > 1);
  await openRecorded(page, STREAMS);
  await assertReplayed(page);
  await page.click('[data-testid=open-label-browser]');
  const browser = page.locator('[data-testid=label-browser]');
  await browser.locator('[data-testid=label-name]').first().waitFor({ timeout: 30000 });
  assert.deepEqual(await browser.locator('[data-testid=label-name]').allTextContents(), [...labels].sort());
  await browser.locator('[data-testid=label-name]', { hasText: /^service_name$/ }).click();
  const group = page.locator('[role=group][aria-label="Values of service_name"]');
  await group.locator('[data-testid=label-value]').first().waitFor({ timeout: 30000 });
  assert.deepEqual(await group.locator('[data-testid=label-value]').allTextContents(), [...values].sort());
  // Picking values builds the selector: one value, then two as an alternation.
  const [v1, v2] = [...values].sort();
  await group.locator('[data-testid=label-value]', { hasText: new RegExp(`^${v1}$`) }).click();
  assert.equal(await page.textContent('[data-testid=built-selector]'), `{service_name="${v1}"}`);
  await group.locator('[data-testid=label-value]', { hasText: new RegExp(`^${v2}$`) }).click();
  assert.equal(await page.textContent('[data-testid=built-selector]'), `{service_name=~"${v1}|${v2}"}`);
  assert.deepEqual(b.problems, []);
});

test("logs (recorded Loki 3.7.6): the recorded LogQL parse error is shown where the query was made", async () => {
  const { page } = b;
  const file = 'loki/error_bad_query.txt';
  const message = recorded(file).trim();
  assert.equal(requestOf(file).status, 400);
  await openRecorded(page, file);
  await expectLive(page, LOKI);
  const err = page.locator('section[aria-label="Explore logs"] [data-testid=query-error]');
  const text = await err.textContent();
  assert.ok(text.includes(message), `the recorded message "${message}" in: ${text}`);
  assert.equal(await page.locator('[data-testid=logs-summary]').count(), 0);
  assert.equal(await page.locator('.log-row').count(), 0, 'no lines, no demo lines');
  assert.deepEqual(b.problems, []);
});

test('logs (recorded Loki 3.7.6): the quick filter counts and highlights the recorded lines containing the text', async () => {
  const { page } = b;
  const expected = recordedLines(STREAMS);
  const needle = JSON.parse(expected[0].line).msg;
  const hits = expected.filter((e) => e.line.toLowerCase().includes(needle.toLowerCase()));
  assert.ok(hits.length > 0 && hits.length < expected.length, `${hits.length} of ${expected.length} lines hold "${needle}"`);
  await openRecorded(page, STREAMS);
  await assertReplayed(page);
  await page.fill('[data-testid=quick-filter]', needle);
  await page.waitForFunction((n) => document.querySelector('[data-testid=filter-count]')?.dataset.matches === String(n), hits.length, { timeout: 10000 });
  await page.check('text=Only matching');
  const { order, rows } = await allRows(page);
  assert.deepEqual(order, hits.map((e) => e.ts), 'only the matching lines, newest first');
  for (const ts of order) assert.equal(rows[ts].line, hits.find((e) => e.ts === ts).line);
  const marks = await page.locator('.log-line mark').allTextContents();
  assert.ok(marks.length > 0 && marks.every((m) => m.toLowerCase() === needle.toLowerCase()), marks.join());
  await page.focus('[data-testid=quick-filter]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.log-row.current');
  assert.ok((await page.locator('.log-row.current .log-line').textContent()).toLowerCase().includes(needle.toLowerCase()));
  // The filter is kept in the URL.
  const params = new URLSearchParams((await page.evaluate(() => location.hash)).split('?')[1]);
  assert.equal(params.get('filter'), needle);
  assert.deepEqual(b.problems, []);
});

test('logs (recorded Loki 3.7.6): regex mode counts the recorded lines the same RegExp matches; a bad pattern says why; the link keeps the mode', async () => {
  const { page } = b;
  const lines = recordedLines(STREAMS).map((e) => e.line);
  const pattern = String.raw`"TOKENS":\d{2},`;
  const expected = lines.filter((l) => new RegExp(pattern, 'iu').test(l)).length;
  assert.ok(expected > 0 && expected < lines.length, `${expected} of ${lines.length}`);
  assert.equal(lines.filter((l) => l.toLowerCase().includes(pattern.toLowerCase())).length, 0, 'the pattern read as text matches nothing');
  await openRecorded(page, STREAMS);
  await assertReplayed(page);
  await page.fill('[data-testid=quick-filter]', pattern);
  await page.check('input[aria-label="Regular expression"]');
  await page.waitForFunction((n) => document.querySelector('[data-testid=filter-count]')?.dataset.matches === String(n), expected, { timeout: 10000 });
  // Case-sensitive: the upper-case pattern matches nothing.
  await page.check('text=Aa');
  await page.waitForFunction(() => document.querySelector('[data-testid=filter-count]')?.dataset.matches === '0');
  await page.uncheck('text=Aa');
  await page.check('text=Only matching');
  const marks = await page.locator('.log-line mark').allTextContents();
  assert.ok(marks.length > 0 && marks.every((m) => /^"tokens":\d{2},$/.test(m)), marks.join());
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /filter_mode=regex/);
  await gotoRoute(page, hash);
  await page.waitForSelector('[data-testid=logs-summary]', { timeout: 60000 });
  await assertReplayed(page);
  assert.ok(await page.isChecked('input[aria-label="Regular expression"]'));
  await page.waitForFunction((n) => document.querySelector('[data-testid=filter-count]')?.dataset.matches === String(n), expected, { timeout: 10000 });
  // A pattern the browser refuses: its reason, no matches, the lines stay.
  await page.fill('[data-testid=quick-filter]', '"tokens":(1');
  const err = await page.locator('[data-testid=filter-error]').textContent();
  assert.match(err, /Not a valid regular expression: .*group/i, err);
  assert.equal(await page.getAttribute('[data-testid=filter-count]', 'data-matches'), '');
  assert.equal(Number(await page.getAttribute('[data-testid=logs-summary]', 'data-lines')), lines.length);
  await page.uncheck('input[aria-label="Regular expression"]');
  await page.waitForSelector('[data-testid=filter-error]', { state: 'detached' });
  assert.deepEqual(b.problems, []);
});

test('logs (recorded Loki 3.7.6): a link to a recorded line opens with that line selected and in view', async () => {
  const { page } = b;
  const lines = recordedLines(STREAMS);
  const target = lines[lines.length - 1];
  await openRecorded(page, STREAMS, `&line=${target.ts}`);
  await assertReplayed(page);
  await assertRecordedCount(page);
  await page.waitForSelector(`.log-row.selected[data-ts="${target.ts}"]`, { timeout: 15000 });
  assert.equal(await page.locator('.log-row.selected').count(), 1);
  assert.equal(await page.locator('.log-row.selected .log-line').textContent(), target.line);
  const inView = await page.evaluate((t) => {
    const row = document.querySelector(`.log-row.selected[data-ts="${t}"]`);
    const list = document.querySelector('[data-testid=log-list]');
    const a = row.getBoundingClientRect(), l = list.getBoundingClientRect();
    return a.top >= l.top && a.bottom <= l.bottom;
  }, target.ts);
  assert.ok(inView, 'the linked line is scrolled into view');
  assert.deepEqual(b.problems, []);
});

test('logs (recorded Loki 3.7.6): Settings decide where trace IDs come from: named fields, or a pattern over the line (a bad pattern is refused)', async () => {
  const { page } = b;
  const lines = recordedLines(STREAMS);
  const saveSettings = async (expected) => {
    await page.click('button:has-text("Save and test")');
    await page.locator('[data-testid=settings-message]', { hasText: expected }).waitFor({ timeout: 10000 });
  };
  await gotoRoute(page, '#/settings');
  await page.fill('[data-testid=trace-id-fields]', 'no_such_field');
  await page.fill('[data-testid=trace-id-regex]', '"span_id":"([0-9a-f]{16}"');
  await saveSettings(/^Not saved: the trace ID pattern is not a valid regular expression: .*group/i);
  // No field holds an ID and no pattern: no line links to a trace.
  await page.fill('[data-testid=trace-id-regex]', '');
  await saveSettings(/^Saved/);
  await openRecorded(page, STREAMS);
  await assertReplayed(page);
  let { rows } = await allRows(page);
  assert.equal(Object.keys(rows).length, lines.length);
  assert.ok(Object.values(rows).every((r) => r.link === null), 'no trace links');
  // A pattern that catches the span ID instead: a line links to the ID found in its own text, others not.
  await gotoRoute(page, '#/settings');
  await page.fill('[data-testid=trace-id-regex]', String.raw`"span_id":"([0-9a-f]{16})"`);
  await saveSettings(/^Saved/);
  await openRecorded(page, STREAMS);
  await assertReplayed(page);
  ({ rows } = await allRows(page));
  for (const e of lines) {
    const span = /"span_id":"([0-9a-f]{16})"/.exec(e.line)?.[1];
    assert.equal(rows[e.ts].link, span ? `Open trace ${'0'.repeat(16)}${span}` : null, e.line);
  }
  // Back to the defaults: the recorded trace_id metadata links again.
  await gotoRoute(page, '#/settings');
  await page.click('button:has-text("Restore defaults")');
  assert.equal(await page.inputValue('[data-testid=trace-id-fields]'), 'trace_id, traceID, traceId');
  await saveSettings(/^Saved/);
  await openRecorded(page, STREAMS);
  ({ rows } = await allRows(page));
  for (const e of lines) assert.equal(rows[e.ts].link, traceIdOf(e) ? `Open trace ${traceIdOf(e)}` : null);
  assert.deepEqual(b.problems, []);
});
