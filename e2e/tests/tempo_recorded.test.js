// The trace views on recorded Tempo answers: the app is pointed at the test stack's /api/tempo-recorded/
// (nginx → the replay server's /tempo/, tools/replay/server.mjs), which answers the app's requests with the
// bodies recorded from a real Tempo v3.0.3 (tests/fixtures/real/tempo, requests.json) and 404 to anything
// not recorded. Every expected value is read from the recorded files at test time.
//
// The app's demo data is made of some of the same recordings (the featured trace, the first TraceQL search),
// so each test also proves the view shows the replayed answer: the top bar says Tempo is live, no demo note
// shows, the app's own request to /api/tempo-recorded/ was answered 200, and, where a recording is not in the
// demo data (the 2101-span trace, the other searches, the parse error), what is on screen is only there.
//
// Not covered, no recording of the app's request: TraceQL tag and value completion (the app asks
// /api/v2/search/tags?start&end and /api/v2/search/tag/<name>/values?start&end; the recordings are of
// /api/v2/search/tags without a range or with scope=span, and of values without a range), and the logs a
// span links to (the app asks Loki for `{service_name="<service>"} | trace_id="<id>"` over the trace ±1 min
// with the categorize-labels header; loki/query_trace_logs.json is another query over the whole window).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, gotoRoute, useDatasources, recorded, recordedWindowMs, expectLive, BASE } from './harness.js';

const W = recordedWindowMs();
const { trace_id: TRACE, large_trace_id: LARGE } = recorded('requests.json');
const requestOf = (file) => recorded('requests.json').entries.find((e) => e.file === file);
const hex = (b64) => Buffer.from(b64, 'base64').toString('hex');

/** The spans of a recorded v2 trace body: hex span ID, service, name, attributes. */
function recordedSpans(file) {
  return recorded(file).trace.resourceSpans.flatMap((rs) => {
    const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue;
    return rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => ({
      id: hex(s.spanId), parent: s.parentSpanId ? hex(s.parentSpanId) : '', service, name: s.name, attributes: s.attributes || [],
    })));
  });
}

let b;
const answered = [];
before(async () => {
  b = await openBrowser();
  await useDatasources(b.context, { tempo: '/api/tempo-recorded', traces: 'Tempo' });
  b.page.on('response', (r) => { if (r.url().includes('/api/tempo-recorded/')) answered.push({ url: r.url(), status: r.status() }); });
});
after(async () => { await b.browser.close(); });

/** The replay answered the app's request for `path` (below the Tempo base) with 200. */
function assertAnswered(path) {
  const hit = answered.find((a) => a.url.startsWith(`${BASE}api/tempo-recorded${path}`));
  assert.ok(hit, `the app asked /api/tempo-recorded${path}; asked: ${answered.map((a) => a.url).join(', ')}`);
  assert.equal(hit.status, 200, hit.url);
}
async function assertReplayed(page) {
  await expectLive(page, 'Tempo');
  assert.equal(await page.locator('[data-testid=demo-note]').count(), 0, 'no demo note');
}
/** Rows of the span list now in the DOM: span ID, service and name as shown. */
function shownRows(page) {
  return page.locator('.span-row').evaluateAll((rows) => rows.map((r) => {
    const svc = r.querySelector('.span-name .svc');
    let name = '';
    for (let n = svc?.nextSibling; n; n = n.nextSibling) name += n.textContent;
    return { id: r.dataset.spanId, row: Number(r.dataset.row), service: svc?.textContent, name: name.trim() };
  }));
}

test(`tempo (recorded Tempo v3.0.3): trace ${TRACE} shows the recorded spans, services, names and attributes`, async () => {
  const { page } = b;
  const spans = recordedSpans('tempo/trace_by_id_v2.json');
  assert.ok(spans.length > 1);
  answered.length = 0;
  await gotoRoute(page, `#/trace/${TRACE}`);
  await page.waitForSelector('[data-testid=trace-header], [data-testid=trace-error]', { timeout: 30000 });
  await assertReplayed(page);
  assertAnswered(`/api/v2/traces/${TRACE}`);
  assert.equal(await page.getAttribute('[data-testid=trace-header]', 'data-spans'), String(spans.length));
  assert.equal(await page.textContent('[data-testid=trace-span-count]'), String(spans.length));
  const rows = await shownRows(page);
  assert.deepEqual(rows.map((r) => r.id).sort(), spans.map((s) => s.id).sort(), 'one row per recorded span');
  for (const r of rows) {
    const s = spans.find((x) => x.id === r.id);
    assert.equal(r.service, s.service, `service of ${r.id}`);
    assert.equal(r.name, s.name, `name of ${r.id}`);
  }
  // The root comes first; a span's details show its recorded string and integer attributes.
  assert.equal(rows.find((r) => r.row === 0)?.id, spans.find((s) => !s.parent).id);
  const span = [...spans].sort((a, z) => z.attributes.length - a.attributes.length)[0];
  await page.locator(`.span-row[data-span-id="${span.id}"]`).click();
  await page.waitForSelector(`[data-testid=span-details][data-span-id="${span.id}"]`);
  let compared = 0;
  for (const a of span.attributes) {
    const v = a.value.stringValue ?? a.value.intValue;
    if (v === undefined) continue;
    const cell = page.locator(`[data-testid=span-attributes] tr[data-key="${a.key}"] td`).nth(1);
    assert.equal((await cell.textContent()).trim(), String(v), `attribute ${a.key}`);
    compared++;
  }
  assert.ok(compared > 0);
  assert.deepEqual(b.problems, []);
});

test(`tempo (recorded Tempo v3.0.3): the ${LARGE} trace opens with all its recorded spans, virtualised, to its last row`, async () => {
  const { page } = b;
  const spans = recordedSpans('tempo/trace_large_v2.json');
  answered.length = 0;
  await gotoRoute(page, `#/trace/${LARGE}`);
  await page.waitForSelector('[data-testid=trace-header], [data-testid=trace-error]', { timeout: 60000 });
  await assertReplayed(page);
  assertAnswered(`/api/v2/traces/${LARGE}`);
  // Only this recording holds this trace: demo data would show the featured trace instead, with a note.
  assert.equal(await page.getAttribute('[data-testid=trace-header]', 'data-spans'), String(spans.length));
  assert.equal(await page.inputValue('input[aria-label="Trace ID"]'), LARGE);
  const inDom = await page.locator('.span-row').count();
  assert.ok(inDom > 10 && inDom < 200, `virtualised: ${inDom} rows in the DOM`);
  const byId = new Map(spans.map((s) => [s.id, s]));
  const check = (rows) => {
    for (const r of rows) {
      const s = byId.get(r.id);
      assert.ok(s, `row ${r.row}: span ${r.id} is in the recording`);
      assert.equal(r.name, s.name);
      assert.equal(r.service, s.service);
    }
  };
  const first = await shownRows(page);
  check(first);
  assert.equal(first.find((r) => r.row === 0)?.id, spans.find((s) => !s.parent).id, 'the root first');
  await page.evaluate(() => { const el = document.querySelector('[data-testid=span-list]'); el.scrollTop = el.scrollHeight; });
  await page.waitForFunction((n) => [...document.querySelectorAll('.span-row')].some((r) => r.dataset.row === String(n - 1)), spans.length, { timeout: 10000 });
  check(await shownRows(page));
  assert.ok(await page.locator('.span-row').count() < 200);
  assert.deepEqual(b.problems, []);
});

/** What a recorded search answer should put in each results row. */
function expectedResults(file) {
  const sets = (t) => (t.spanSets?.length ? t.spanSets : t.spanSet ? [t.spanSet] : []);
  return recorded(file).traces.map((t) => {
    const stats = Object.values(t.serviceStats || {});
    return {
      id: t.traceID.padStart(32, '0'), // Tempo strips leading zeros from search trace IDs (INDEX.md)
      service: t.rootServiceName,
      name: t.rootTraceName,
      durationMs: Number(t.durationMs),
      startMs: Number(BigInt(t.startTimeUnixNano) / 1000000n),
      spans: stats.length ? stats.reduce((n, s) => n + (s.spanCount || 0), 0) : sets(t).reduce((n, s) => n + (s.matched || 0), 0),
      error: stats.reduce((n, s) => n + (s.errorCount || 0), 0) > 0,
    };
  });
}

// Every recorded TraceQL search whose request the app can send (the app sends q, start, end, limit, spss=3).
const SEARCHES = recorded('requests.json').entries.filter((e) => e.file.startsWith('tempo/search_traceql') && e.status === 200);

for (const e of SEARCHES) {
  test(`tempo (recorded Tempo v3.0.3): TraceQL search ${e.params.q} lists the recorded traces (${e.file})`, async () => {
    const { page } = b;
    const want = expectedResults(e.file);
    assert.ok(want.length > 0);
    const limit = e.params.limit ? `&limit=${e.params.limit}` : '';
    answered.length = 0;
    await gotoRoute(page, `#/search?from=${W.from}&to=${W.to}&query=${encodeURIComponent(e.params.q)}${limit}`);
    await page.waitForSelector('[data-testid=search-results], section[aria-label="Search traces"] [data-testid=query-error], .empty', { timeout: 30000 });
    await expectLive(page, 'Tempo');
    assertAnswered('/api/search?');
    const rows = await page.locator('[data-testid=search-results] tbody tr').evaluateAll((trs) => trs.map((tr) => {
      const td = [...tr.querySelectorAll('td')].map((c) => c.textContent.trim());
      return {
        id: tr.querySelector('[data-testid=search-result]').textContent, service: td[2], name: td[3], spans: Number(td[6]),
        durationMs: Number(tr.dataset.durationMs), startMs: Number(tr.dataset.startMs), error: tr.classList.contains('error'),
      };
    }));
    const sort = (l) => [...l].sort((a, z) => a.id.localeCompare(z.id));
    assert.deepEqual(sort(rows), sort(want));
    // Each result opens its trace.
    assert.equal(await page.getAttribute('[data-testid=search-result] >> nth=0', 'href'), `#/trace/${rows[0].id}`);
    assert.deepEqual(b.problems, []);
  });
}

test('tempo (recorded Tempo v3.0.3): the recorded TraceQL parse error is shown where the query was made', async () => {
  const { page } = b;
  const file = 'tempo/error_bad_query.txt';
  const e = requestOf(file);
  const message = recorded(file).trim();
  answered.length = 0;
  await gotoRoute(page, `#/search?from=${W.from}&to=${W.to}&query=${encodeURIComponent(e.params.q)}`);
  const err = page.locator('section[aria-label="Search traces"] [data-testid=query-error]');
  await err.waitFor({ timeout: 30000 });
  await expectLive(page, 'Tempo');
  const text = await err.textContent();
  assert.ok(text.includes(message), `the recorded message "${message}" in: ${text}`);
  assert.ok(answered.some((a) => a.url.includes('/api/tempo-recorded/api/search?') && a.status === e.status), 'the replay answered the search with the recorded status');
  assert.equal(await page.locator('[data-testid=search-results]').count(), 0, 'no results, no demo results');
  assert.deepEqual(b.problems, []);
});

test(`tempo (recorded Tempo v3.0.3): span details of ${TRACE} link to the span's logs over the recorded trace's time`, async () => {
  const { page } = b;
  const spans = recordedSpans('tempo/trace_by_id_v2.json');
  const times = recorded('tempo/trace_by_id_v2.json').trace.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
  const startMs = Number(times.map((s) => BigInt(s.startTimeUnixNano)).reduce((a, z) => (z < a ? z : a)) / 1000000n);
  const endMs = Number(times.map((s) => BigInt(s.endTimeUnixNano)).reduce((a, z) => (z > a ? z : a)) / 1000000n);
  const span = spans.find((s) => s.service === 'search-service');
  answered.length = 0;
  await gotoRoute(page, `#/trace/${TRACE}?span=${span.id}`);
  await page.waitForSelector(`[data-testid=span-details][data-span-id="${span.id}"]`, { timeout: 30000 });
  await assertReplayed(page);
  assertAnswered(`/api/v2/traces/${TRACE}`);
  const params = (href) => new URLSearchParams(href.split('?')[1]);
  const logs = params(await page.getAttribute('[data-testid=span-logs-link]', 'href'));
  assert.equal(logs.get('query'), `{service_name="${span.service}"} | trace_id="${TRACE}"`);
  const [from, to] = [Number(logs.get('from')), Number(logs.get('to'))];
  assert.ok(from < startMs && from >= startMs - 120000 && to > endMs && to <= endMs + 120000, `${from}-${to} around ${startMs}-${endMs}`);
  assert.deepEqual(b.problems, []);
});
