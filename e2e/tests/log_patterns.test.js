// Log patterns (issue 23 item 2) on the live VictoriaLogs of the test stack: the generator's lines of a
// window, loaded in the logs view (as many as VictoriaLogs itself counts), are grouped in the Patterns tab
// into the generator's message templates (tools/gen/src/sim.rs: `level=… msg="…" <fields> trace_id=…
// span_id=…`, numbers and ids shown as <_>); the counts add up to the loaded lines and a template's count is
// VictoriaLogs' own count of its message in the window; "Show only" lists only its lines, "Hide" removes
// them; the patterns follow the quick filter. Nothing expected is copied from the app: templates are read off
// the generator's code, counts asked of VictoriaLogs at test time. With VictoriaLogs stopped every test fails
// (expectLive, and the counts are asked of it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, gotoRoute, manifest, expectLive, useDatasources, eventually } from './harness.js';

const VLOGS = `${BASE}api/victorialogs/`;
const m = manifest();
// The first 5 minutes of the generator's backfilled window (ms; it backfills 10 minutes, scripts/stack.sh):
// fixed, so lines arriving live change nothing. (Half the manifest's window grew with the stack's age: the
// manifest's end follows the live traffic.)
const W = { from: m.start_ms, to: m.start_ms + Math.min(300000, Math.floor((m.end_ms - m.start_ms) / 2)) };
const ns = (ms) => `${BigInt(ms) * 1000000n}`;
const QUERY = '*';

/** VictoriaLogs' own count of the lines of `query` in the window. */
async function countOf(query) {
  const url = `${VLOGS}select/logsql/query?${new URLSearchParams({ query: `${query} | stats count() n`, start: ns(W.from), end: ns(W.to) })}`;
  const res = await fetch(url, { signal: AbortSignal.timeout(20000) }).catch((e) => {
    throw new Error(`${url}: no answer (${e.cause?.code || e.message}); is VictoriaLogs up in the stack?`);
  });
  const body = await res.text();
  assert.equal(res.status, 200, `VictoriaLogs counted ${query}: ${body.slice(0, 200)}`);
  return Number(JSON.parse(body).n);
}

// Templates of tools/gen/src/sim.rs (Sim::log writes `level=<level> msg="<msg>" <extra> trace_id=<hex> span_id=<hex>`),
// with the parts the generator fills in (numbers, ids) as <_>; `phrase` finds the same lines in LogsQL.
const TEMPLATES = [
  { phrase: 'retrieved documents', text: 'level=debug msg="retrieved documents" hits=<_> db=qdrant trace_id=<_> span_id=<_>' },
  { phrase: 'completion done', text: 'level=info msg="completion done" model=gpt-4o-mini input_tokens=<_> output_tokens=<_> trace_id=<_> span_id=<_>' },
];

const patternRows = (page) => page.$$eval('[data-testid=log-pattern]', (rs) => rs.map((r) => ({ text: r.dataset.pattern, count: Number(r.dataset.count) })));
const shown = async (page) => Number(await page.getAttribute('[data-testid=pattern-bar]', 'data-shown'));
/** Clicks a button of the pattern row whose text is `text`. */
async function clickOnRow(page, text, testid) {
  const row = page.locator('[data-testid=log-pattern]').filter({ has: page.locator('.pattern-text', { hasText: text }) });
  await row.locator(`[data-testid=${testid}]`).click();
}

let b;
let expected;
before(async () => {
  b = await openBrowser();
  await useDatasources(b.context, { logs: 'VictoriaLogs', victorialogs: '/api/victorialogs' });
  expected = await countOf(QUERY);
  assert.ok(expected > 1000 && expected <= 20000, `VictoriaLogs has ${expected} lines in the window's first 5 minutes`);
  await gotoRoute(b.page, `#/logs?from=${W.from}&to=${W.to}&query=${encodeURIComponent(QUERY)}&limit=20000`);
  await expectLive(b.page, 'VictoriaLogs');
  await b.page.waitForSelector('[data-testid=logs-summary]', { timeout: 90000 });
});
after(async () => { await b.browser.close(); });

test("log patterns (live): the generator's lines group into its message templates, counts adding up to the lines VictoriaLogs counts", async () => {
  const { page } = b;
  const lines = Number(await page.getAttribute('[data-testid=logs-summary]', 'data-lines'));
  assert.equal(lines, expected, await page.textContent('[data-testid=logs-summary]'));
  await page.click('[data-testid=tab-patterns]');
  await page.waitForSelector('[data-testid=patterns-summary]', { timeout: 60000 });
  assert.equal(await page.locator('[data-testid=log-list]').isVisible(), false, 'the tab replaces the lines');
  const rows = await patternRows(page);
  assert.equal(Number(await page.getAttribute('[data-testid=patterns-summary]', 'data-patterns')), rows.length, 'every pattern listed');
  assert.equal(rows.reduce((s, r) => s + r.count, 0), expected, 'the counts add up to the loaded lines');
  assert.ok(rows.length < expected / 20, `${rows.length} patterns for ${expected} lines`);
  for (const t of TEMPLATES) {
    const row = rows.find((r) => r.text === t.text);
    assert.ok(row, `no pattern ${t.text}; listed:\n${rows.map((r) => `${r.count} ${r.text}`).join('\n')}`);
    assert.equal(row.count, await countOf(`"${t.phrase}"`), `VictoriaLogs' count of "${t.phrase}"`);
  }
  // Every pattern shows the generator's shape, ids masked.
  assert.ok(rows.every((r) => /^level=\S+ msg=".*trace_id=<_> span_id=<_>$/.test(r.text)), rows.map((r) => r.text).join('\n'));
  assert.equal(await page.locator('[data-testid=log-pattern] svg.sparkline polyline').count(), rows.length, 'a sparkline per pattern');
  assert.deepEqual(b.problems, []);
});

test('log patterns (live): "Show only" lists only the lines of a pattern, "Hide" removes them', async () => {
  const { page } = b;
  const t = TEMPLATES[0];
  const n = await countOf(`"${t.phrase}"`);
  await page.click('[data-testid=tab-patterns]');
  await clickOnRow(page, t.text, 'pattern-only');
  // Back on the lines, only the pattern's.
  await page.waitForSelector('[data-testid=pattern-chip]');
  assert.equal(await page.locator('[data-testid=log-list]').isVisible(), true);
  assert.equal(await shown(page), n);
  const texts = await page.$$eval('.log-row .log-line', (rs) => rs.map((r) => r.textContent));
  assert.ok(texts.length > 0 && texts.every((x) => x.includes(`msg="${t.phrase}"`)), texts.slice(0, 5).join('\n'));
  await page.click('[data-testid=pattern-clear]');
  await page.waitForSelector('[data-testid=pattern-bar]', { state: 'detached' });
  // Hide it: every other line stays.
  await page.click('[data-testid=tab-patterns]');
  await clickOnRow(page, t.text, 'pattern-hide');
  await page.waitForSelector('[data-testid=patterns-hidden]');
  assert.equal(await shown(page), expected - n);
  await page.click('[data-testid=tab-lines]');
  const rest = await page.$$eval('.log-row .log-line', (rs) => rs.map((r) => r.textContent));
  assert.ok(rest.length > 0 && rest.every((x) => !x.includes(`msg="${t.phrase}"`)), 'hidden lines are not listed');
  await page.click('[data-testid=patterns-hidden] button');
  await page.waitForSelector('[data-testid=pattern-bar]', { state: 'detached' });
  assert.deepEqual(b.problems, []);
});

test('log patterns (live): the patterns follow the quick filter', async () => {
  const { page } = b;
  await page.fill('[data-testid=quick-filter]', 'qdrant');
  await page.click('[data-testid=tab-patterns]');
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-testid=patterns-summary]');
    const c = document.querySelector('[data-testid=filter-count]');
    return s && c && c.dataset.matches && s.dataset.lines === c.dataset.matches;
  }, null, { timeout: 60000 });
  const matches = Number(await page.getAttribute('[data-testid=filter-count]', 'data-matches'));
  // The quick filter is a case-insensitive substring of the line: VictoriaLogs' regexp filter over _msg.
  assert.equal(matches, await countOf('~"(?i)qdrant"'));
  const rows = await patternRows(page);
  assert.equal(rows.reduce((s, r) => s + r.count, 0), matches);
  const t = TEMPLATES[0];
  assert.equal(rows.find((r) => r.text === t.text)?.count, await countOf(`"${t.phrase}"`), 'every "retrieved documents" line names qdrant');
  assert.ok(!rows.some((r) => r.text === TEMPLATES[1].text), 'completion lines do not name qdrant');
  await page.fill('[data-testid=quick-filter]', '');
  assert.deepEqual(b.problems, []);
});

test('log patterns (live): the choice is kept in the URL, and a link with it opens with the same lines shown', async () => {
  const { page } = b;
  const [t, u] = TEMPLATES;
  const n = await countOf(`"${t.phrase}"`);
  const hiddenN = await countOf(`"${u.phrase}"`);
  const param = (k) => page.evaluate((k) => new URLSearchParams(location.hash.split('?')[1] || '').getAll(k), k);
  await page.click('[data-testid=tab-patterns]');
  await clickOnRow(page, t.text, 'pattern-only');
  await page.waitForSelector('[data-testid=pattern-chip]');
  await page.waitForFunction(() => location.hash.includes('pattern='));
  assert.deepEqual(await param('pattern'), [t.text]);
  // The link opened afresh: the same pattern alone.
  const only = page.url();
  await gotoRoute(page, `#${only.split('#')[1]}`);
  await expectLive(page, 'VictoriaLogs');
  await page.waitForSelector('[data-testid=logs-summary]', { timeout: 90000 });
  await page.waitForSelector('[data-testid=pattern-chip]');
  await eventually(async () => (await shown(page)) === n, { timeout: 30000 }).catch(async () => assert.equal(await shown(page), n, "VictoriaLogs' count of the pattern's message"));
  await page.click('[data-testid=pattern-clear]');
  await page.waitForFunction(() => !location.hash.includes('pattern='));
  // Hide one: `hide=` in the URL, and a link with it hides the same lines.
  await page.click('[data-testid=tab-patterns]');
  await clickOnRow(page, u.text, 'pattern-hide');
  await page.waitForFunction(() => location.hash.includes('hide='));
  assert.deepEqual(await param('hide'), [u.text]);
  const hidden = page.url();
  await gotoRoute(page, `#${hidden.split('#')[1]}`);
  await page.waitForSelector('[data-testid=logs-summary]', { timeout: 90000 });
  await page.waitForSelector('[data-testid=patterns-hidden]');
  await eventually(async () => (await shown(page)) === expected - hiddenN, { timeout: 30000 }).catch(async () => assert.equal(await shown(page), expected - hiddenN));
  await page.click('[data-testid=patterns-hidden] button');
  await page.waitForFunction(() => !location.hash.includes('hide='));
  assert.deepEqual(b.problems, []);
});
