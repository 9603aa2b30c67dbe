// Logs end to end: the generator's lines in real Loki, through nginx, into the log list; links to traces.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, gotoRoute, eventually, manifest } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

async function runLogQuery(page, query, limit, from = 'now-1h') {
  await gotoRoute(page, `#/logs?from=${from}&to=now`);
  if (limit) await page.fill('input[aria-label="Line limit"]', String(limit)), await page.dispatchEvent('input[aria-label="Line limit"]', 'change');
  await page.fill('textarea[aria-label="LogQL query"]', query);
  await page.click('[data-testid=run-query]');
  await page.waitForSelector('[data-testid=logs-summary], [data-testid=query-error]', { timeout: 60000 });
}

test('a label query lists lines and a line filter keeps only matching ones', async () => {
  const { page } = b;
  const m = manifest();
  const id = m.featured_trace_id;
  await runLogQuery(page, '{service_name="search-service"}');
  assert.ok(Number(await page.getAttribute('[data-testid=logs-summary]', 'data-lines')) > 0);
  // From the generator's window, so the featured trace is in range however long the stack has run.
  await runLogQuery(page, `{service_name=~".+"} |= "${id}"`, 0, String(m.start_ms - 60000));
  const n = Number(await page.getAttribute('[data-testid=logs-summary]', 'data-lines'));
  assert.ok(n > 0, 'lines carry the featured trace id');
  const lines = await page.locator('.log-line').allTextContents();
  assert.ok(lines.length > 0);
  for (const l of lines) assert.ok(l.includes(id), `line without the id: ${l}`);
  // Details show stream labels and structured metadata; the trace link opens the trace view.
  await page.locator('.log-toggle').first().click();
  const details = await page.locator('[data-testid=log-details]').textContent();
  assert.ok(details.includes('service_name'), details);
  await page.locator('[data-testid=log-trace-link]').first().click();
  await page.waitForFunction((tid) => location.hash.includes('/trace') && location.hash.includes(tid), id);
  await page.waitForSelector('[data-testid=trace-header]', { timeout: 30000 });
  assert.deepEqual(b.problems, []);
});

test('paging collects more lines than one Loki query allows', async () => {
  const { page } = b;
  await runLogQuery(page, '{job="trifocal-gen"}', 7000);
  const n = Number(await page.getAttribute('[data-testid=logs-summary]', 'data-lines'));
  assert.equal(n, 7000, await page.locator('[data-testid=logs-summary]').textContent());
  assert.match(await page.locator('[data-testid=logs-summary]').textContent(), /2 page/);
});

test("a bad LogQL query shows Loki's message", async () => {
  const { page } = b;
  await runLogQuery(page, '{service_name="x"');
  const text = await page.locator('[data-testid=query-error]').textContent();
  assert.match(text, /parse error|syntax error/i, text);
});

// ── Volume, label browser, quick filter, link to a line, live tail ──

const LOKI = `http://127.0.0.1:${process.env.TRIFOCAL_LOKI_PORT || 23100}`;
/** A fixed window in the recent past (whole minutes), so the UI and Loki's own API see the same lines. */
function pastWindow(minutes) {
  const to = Math.floor(Date.now() / 60000) * 60000 - 120000;
  return { from: to - minutes * 60000, to };
}
async function lokiJson(path, params) {
  const r = await fetch(`${LOKI}${path}?${new URLSearchParams(params)}`);
  assert.equal(r.status, 200, await r.clone().text());
  return r.json();
}
async function openLogs(page, query, { from, to }, extra = '') {
  await gotoRoute(page, `#/logs?from=${from}&to=${to}&query=${encodeURIComponent(query)}&limit=20000${extra}`);
  await page.waitForSelector('[data-testid=logs-summary], [data-testid=query-error]', { timeout: 60000 });
}

test("the volume histogram counts exactly what Loki's count_over_time counts", async () => {
  const { page } = b;
  const q = '{service_name="search-service"}';
  const w = pastWindow(10);
  await openLogs(page, q, w);
  await page.waitForSelector('[data-testid=volume-summary]', { timeout: 60000 });
  const attr = (k) => page.getAttribute('[data-testid=volume-summary]', k);
  const total = Number(await attr('data-total'));
  const step = Number(await attr('data-step-ms'));
  const startNs = BigInt(await attr('data-start-ns'));
  const endNs = BigInt(await attr('data-end-ns'));
  assert.equal(endNs, BigInt(w.to) * 1000000n);
  // The bars cover (start - step, end]: ask Loki for one count over exactly that window.
  const windowS = Number((endNs - startNs) / 1000000n + BigInt(step)) / 1000;
  const r = await lokiJson('/loki/api/v1/query', { query: `sum(count_over_time(${q}[${windowS}s]))`, time: String(endNs) });
  const lokiCount = Number(r.data.result[0]?.value[1] ?? 0);
  assert.ok(lokiCount > 0);
  assert.equal(total, lokiCount);
  // Bars are drawn per level, and the loaded lines of the whole range are the same lines.
  assert.ok(Number(await attr('data-levels')) >= 2, 'several levels');
  assert.equal(await page.getAttribute('[data-testid=logs-summary]', 'data-complete'), 'true');
  const lines = Number(await page.getAttribute('[data-testid=logs-summary]', 'data-lines'));
  assert.ok(Math.abs(lines - total) <= 2, `lines ${lines} vs volume ${total}`);
  const legend = await page.locator('[data-testid=log-volume] .legend-item').allTextContents();
  assert.ok(legend.some((t) => t.includes('error')) && legend.some((t) => t.includes('info')), legend.join());
  assert.deepEqual(b.problems, []);
});

test('the label browser builds {service_name="search-service"} and running it shows its lines', async () => {
  const { page } = b;
  await gotoRoute(page, '#/logs');
  await page.click('[data-testid=open-label-browser]');
  await page.locator('[data-testid=label-name]', { hasText: /^service_name$/ }).click();
  await page.locator('[data-testid=label-value]', { hasText: /^search-service$/ }).click();
  assert.equal(await page.textContent('[data-testid=built-selector]'), '{service_name="search-service"}');
  await page.click('[data-testid=browser-show-logs]');
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('{service_name="search-service"}'));
  await page.waitForSelector('[data-testid=logs-summary]', { timeout: 60000 });
  assert.ok(Number(await page.getAttribute('[data-testid=logs-summary]', 'data-lines')) > 0);
  assert.equal(await page.inputValue('textarea[aria-label="LogQL query"]'), '{service_name="search-service"}');
  // A second value of the same label becomes an escaped alternation.
  await page.click('[data-testid=open-label-browser]');
  await page.locator('[data-testid=label-name]', { hasText: /^service_name$/ }).click();
  await page.locator('[data-testid=label-value]', { hasText: /^search-service$/ }).click();
  await page.locator('[data-testid=label-value]', { hasText: /^embedding-service$/ }).click();
  assert.equal(await page.textContent('[data-testid=built-selector]'), '{service_name=~"embedding-service|search-service"}');
  assert.deepEqual(b.problems, []);
});

test('the quick filter count equals the loaded lines containing the text; matches are highlighted and jumped to', async () => {
  const { page } = b;
  const q = '{service_name="search-service"}';
  const w = pastWindow(5);
  await openLogs(page, q, w);
  const r = await lokiJson('/loki/api/v1/query_range', {
    query: q, start: String(BigInt(w.from) * 1000000n), end: String(BigInt(w.to) * 1000000n), limit: '5000', direction: 'backward',
  });
  const all = r.data.result.flatMap((s) => s.values.map((v) => v[1]));
  assert.ok(all.length > 0 && all.length < 5000);
  assert.equal(Number(await page.getAttribute('[data-testid=logs-summary]', 'data-lines')), all.length);
  const needle = 'suggest';
  const expected = all.filter((l) => l.toLowerCase().includes(needle)).length;
  assert.ok(expected > 0, 'the generator writes suggest lines');
  await page.fill('[data-testid=quick-filter]', needle);
  await page.waitForFunction(() => document.querySelector('[data-testid=filter-count]')?.dataset.matches !== '');
  assert.equal(Number(await page.getAttribute('[data-testid=filter-count]', 'data-matches')), expected);
  // Only matching lines (so the rows on screen all match: the first screen of all lines may hold none),
  // each with its match highlighted; then Enter jumps to the next match.
  await page.check('text=Only matching');
  const marks = await page.locator('.log-line mark').allTextContents();
  assert.ok(marks.length > 0 && marks.every((m) => m.toLowerCase() === needle), marks.slice(0, 5).join());
  const shown = await page.locator('.log-line').allTextContents();
  assert.ok(shown.length > 0 && shown.every((l) => l.toLowerCase().includes(needle)));
  await page.focus('[data-testid=quick-filter]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.log-row.current');
  assert.ok((await page.locator('.log-row.current .log-line').textContent()).toLowerCase().includes(needle));
  // The filter is kept in the URL.
  assert.match(decodeURIComponent(await page.evaluate(() => location.hash)), /filter=suggest/);
  assert.deepEqual(b.problems, []);
});

test('regex mode: the count equals the loaded lines the same RegExp matches; a bad pattern says why; the link keeps the mode', async () => {
  const { page } = b;
  const q = '{service_name="search-service"}';
  const w = pastWindow(5);
  await openLogs(page, q, w);
  const r = await lokiJson('/loki/api/v1/query_range', {
    query: q, start: String(BigInt(w.from) * 1000000n), end: String(BigInt(w.to) * 1000000n), limit: '5000', direction: 'backward',
  });
  const all = r.data.result.flatMap((s) => s.values.map((v) => v[1]));
  const pattern = String.raw`DURATION_ms=1\d{3}\b`;
  const expected = all.filter((l) => new RegExp(pattern, 'iu').test(l)).length;
  const asText = all.filter((l) => l.toLowerCase().includes(pattern.toLowerCase())).length;
  assert.ok(expected > 0 && expected < all.length, `the generator writes some 1-2 s requests (${expected} of ${all.length})`);
  assert.equal(asText, 0, 'the pattern read as text matches nothing');
  await page.fill('[data-testid=quick-filter]', pattern);
  await page.check('input[aria-label="Regular expression"]');
  await page.waitForFunction((n) => document.querySelector('[data-testid=filter-count]')?.dataset.matches === String(n), expected, { timeout: 10000 });
  // Case-sensitive: the upper-case pattern matches nothing.
  await page.check('text=Aa');
  await page.waitForFunction(() => document.querySelector('[data-testid=filter-count]')?.dataset.matches === '0');
  await page.uncheck('text=Aa');
  await page.check('text=Only matching');
  const marks = await page.locator('.log-line mark').allTextContents();
  assert.ok(marks.length > 0 && marks.every((m) => /^duration_ms=1\d{3}$/.test(m)), marks.slice(0, 5).join());
  // The link keeps the mode: reopened, the box is in regex mode with the same count.
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /filter_mode=regex/);
  await gotoRoute(page, hash);
  await page.waitForSelector('[data-testid=logs-summary]', { timeout: 60000 });
  assert.ok(await page.isChecked('input[aria-label="Regular expression"]'));
  await page.waitForFunction((n) => document.querySelector('[data-testid=filter-count]')?.dataset.matches === String(n), expected, { timeout: 10000 });
  // A pattern the browser refuses: its reason, no matches, the lines stay, the app keeps working.
  await page.fill('[data-testid=quick-filter]', 'duration_ms=(1');
  const err = await page.locator('[data-testid=filter-error]').textContent();
  assert.match(err, /Not a valid regular expression: .*group/i, err);
  assert.equal(await page.getAttribute('[data-testid=filter-count]', 'data-matches'), '');
  assert.equal(Number(await page.getAttribute('[data-testid=logs-summary]', 'data-lines')), all.length);
  await page.uncheck('input[aria-label="Regular expression"]');
  await page.waitForSelector('[data-testid=filter-error]', { state: 'detached' });
  assert.deepEqual(b.problems, []);
});

test('a link to a line opens scrolled to it with the line highlighted', async () => {
  const { page } = b;
  const q = '{service_name="search-service"}';
  const w = pastWindow(5);
  const r = await lokiJson('/loki/api/v1/query_range', {
    query: q, start: String(BigInt(w.from) * 1000000n), end: String(BigInt(w.to) * 1000000n), limit: '5000', direction: 'backward',
  });
  const ts = r.data.result.flatMap((s) => s.values.map((v) => v[0])).sort().reverse();
  assert.ok(ts.length > 100);
  const target = ts[Math.floor(ts.length * 0.8)];
  await openLogs(page, q, w, `&line=${target}`);
  await page.waitForSelector(`.log-row.selected[data-ts="${target}"]`, { timeout: 15000 });
  const inView = await page.evaluate((t) => {
    const row = document.querySelector(`.log-row.selected[data-ts="${t}"]`);
    const list = document.querySelector('[data-testid=log-list]');
    const a = row.getBoundingClientRect(), l = list.getBoundingClientRect();
    return a.top >= l.top && a.bottom <= l.bottom;
  }, target);
  assert.ok(inView, 'the linked line is scrolled into view');
  // Its details offer the context of the same stream around it.
  await page.locator('.log-row.selected .log-toggle').click();
  await page.click('[data-testid=show-context]');
  await page.waitForSelector('[data-testid=log-context] li.selected', { timeout: 30000 });
  assert.ok(await page.locator('[data-testid=log-context] li').count() > 1);
  assert.deepEqual(b.problems, []);
});

test('live tail shows a line pushed during the test, and pause holds new lines until resume', async () => {
  const { page } = b;
  const stream = { service_name: 'e2e-tail', job: 'e2e' };
  await gotoRoute(page, `#/logs?query=${encodeURIComponent('{service_name="e2e-tail"}')}`);
  await page.click('[data-testid=live-toggle]');
  await page.waitForSelector('[data-testid=tail-status][data-mode=live]', { timeout: 15000 });
  const push = async (line) => {
    const res = await fetch(`${LOKI}/loki/api/v1/push`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ streams: [{ stream, values: [[String(BigInt(Date.now()) * 1000000n), line]] }] }),
    });
    assert.equal(res.status, 204, await res.text());
  };
  const onScreen = (m) => page.waitForFunction((mm) => [...document.querySelectorAll('.log-line')].some((e) => e.textContent.includes(mm)), m, { timeout: 15000 });
  const marker = `tail-marker-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  await push(`level=info msg="hello from the e2e test" marker=${marker}`);
  await onScreen(marker);
  await page.click('[data-testid=tail-pause]');
  await page.waitForSelector('[data-testid=tail-status][data-mode=paused]');
  const second = `${marker}-paused`;
  await push(`level=warn msg="sent while paused" marker=${second}`);
  await page.waitForFunction(() => /[1-9]\d* received/.test(document.querySelector('[data-testid=tail-status]').textContent));
  await page.waitForTimeout(3000);
  assert.ok(!(await page.locator('.log-line', { hasText: second }).count()), 'paused view does not change');
  await page.click('[data-testid=tail-pause]');
  await onScreen(second);
  assert.deepEqual(b.problems, []);
});

test('Settings decide where trace IDs come from: named fields, or a pattern over the line (a bad pattern is refused)', async () => {
  const { page } = b;
  const q = '{service_name="search-service"} |= "span_id="';
  const w = pastWindow(5);
  /** Saves and waits for the message (each save here follows another message or a fresh page). */
  const saveSettings = async (expected) => {
    await page.click('button:has-text("Save and test")');
    await page.locator('[data-testid=settings-message]', { hasText: expected }).waitFor({ timeout: 5000 });
  };
  await gotoRoute(page, '#/settings');
  await page.fill('[data-testid=trace-id-fields]', 'no_such_field');
  await page.fill('[data-testid=trace-id-regex]', 'span_id=([0-9a-f]{16}');
  await saveSettings(/^Not saved: the trace ID pattern is not a valid regular expression: .*group/i);
  // No field holds an ID and no pattern: no line links to a trace.
  await page.fill('[data-testid=trace-id-regex]', '');
  await saveSettings(/^Saved/);
  await openLogs(page, q, w);
  assert.ok(Number(await page.getAttribute('[data-testid=logs-summary]', 'data-lines')) > 0);
  assert.ok(await page.locator('.log-row').count() > 0);
  assert.equal(await page.locator('[data-testid=log-trace-link]').count(), 0);
  // A pattern that catches the span ID instead: every shown row links to the ID found in its own line.
  await gotoRoute(page, '#/settings');
  await page.fill('[data-testid=trace-id-regex]', String.raw`span_id=([0-9a-f]{16})\b`);
  await saveSettings(/^Saved/);
  await openLogs(page, q, w);
  const rows = await page.$$eval('.log-row', (rs) => rs.map((r) => ({
    line: r.querySelector('.log-line').textContent,
    link: r.querySelector('[data-testid=log-trace-link]')?.getAttribute('aria-label') ?? null,
  })));
  assert.ok(rows.length > 0);
  for (const r of rows) {
    const span = r.line.match(/span_id=([0-9a-f]{16})\b/)[1];
    assert.equal(r.link, `Open trace ${'0'.repeat(16)}${span}`, r.line);
  }
  // Back to the defaults: the trace_id field links again.
  await gotoRoute(page, '#/settings');
  await page.click('button:has-text("Restore defaults")');
  assert.equal(await page.inputValue('[data-testid=trace-id-fields]'), 'trace_id, traceID, traceId');
  await saveSettings(/^Saved/);
  await openLogs(page, q, w);
  const first = await page.$eval('.log-row', (r) => [r.querySelector('.log-line').textContent, r.querySelector('[data-testid=log-trace-link]')?.getAttribute('aria-label')]);
  assert.equal(first[1], `Open trace ${first[0].match(/trace_id=([0-9a-f]{32})/)[1]}`);
  assert.deepEqual(b.problems, []);
});
