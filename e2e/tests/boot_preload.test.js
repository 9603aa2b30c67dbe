// A metrics deep link opened cold (issue 25): the release build's loader fetches the page's part and its shared
// chunks (fused into one module, scripts/fuse-pack.mjs) while the main wasm loads, and starts the link's query
// before the app runs (scripts/build-wasm.mjs, scripts/boot-early-query.js); the app takes those very fetches,
// each once, and draws Prometheus' live answer; query completion's code comes only once the editor gets focus. A
// link the boot script does not start, and a query changed later, are fetched as always.
// A trace link starts the "Auto" trace backend's probes and Jaeger's answer at boot (the trace streams in while the
// app's code loads); settings that change what the trace page asks leave it to the app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { BASE, eventually, expectLive, fetchJson, manifest, useDatasources } from './harness.js';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'];
const EXPR = 'sum by (service_name) (rate(http_server_requests_total[1m]))';
let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ARGS });
});
after(async () => { await browser.close(); });

/** A fresh context (cold cache), its requests in order and its page errors. */
async function cold() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => addEventListener('TrunkApplicationStarted', () => performance.mark('test:app-started')));
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
  });
  return { context, page, requests, problems };
}

const file = (u) => new URL(u).pathname.split('/').pop();
const queryRanges = (requests) => requests.filter((u) => u.includes('/api/prometheus/api/v1/query_range'));

/** Waits for the drawn answer, switches to the table's series values (no new query) and returns its rows. */
async function drawnRows(page) {
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=metrics-summary]')?.dataset.series) > 0
    && !document.querySelector('[data-testid=query-error]'), null, { timeout: 30000 });
  await page.selectOption('[data-testid=viz-picker]', 'table');
  await page.click('[data-testid=table-values]');
  await page.waitForSelector('[data-testid=chart-table] tbody tr');
  return page.$$eval('[data-testid=chart-table] tbody tr', (trs) => trs.map((tr) => ({
    t: Number(tr.dataset.t), values: [...tr.querySelectorAll('td[data-value]')].map((td) => Number(td.dataset.value)),
  })));
}

/** Prometheus' own answer to the very request the app sent: at the first row's time, its values equal the
 *  drawn ones (that time is long past, so a later ask sees the same samples). */
async function asPrometheusAnswers(rows, url) {
  const body = await fetchJson(url);
  assert.equal(body.status, 'success');
  const first = rows[0];
  const want = body.data.result.map((s) => s.values.find(([t]) => Math.round(Number(t) * 1000) === first.t))
    .filter(Boolean).map(([, v]) => Number(v)).sort((a, b) => a - b);
  const got = first.values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  assert.ok(want.length > 0, `Prometheus has values at ${first.t}`);
  assert.equal(got.length, want.length, `at ${first.t}: ${got} vs ${want}`);
  got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) <= 1e-9 * Math.max(1, Math.abs(want[i])), `at ${first.t}: ${v} vs ${want[i]}`));
}

test('a metrics deep link fetches its part and chunks while the main wasm loads and its query at boot, each once, and draws Prometheus\' answer', async () => {
  await eventually(async () => (await fetchJson(`${BASE}api/prometheus/api/v1/query?query=${encodeURIComponent(EXPR)}`)).data.result.length > 0);
  const { context, page, requests, problems } = await cold();
  try {
    await page.goto(`${BASE}#/metrics?from=now-1h&to=now&q.A=${encodeURIComponent(EXPR)}`);
    await expectLive(page, 'Prometheus');
    const rows = await drawnRows(page);
    // The page's part and its shared chunks came as one module (fused at build time), asked for before the app
    // started (by the loader, as the page opened), not once the page ran; and none of them was fetched again on
    // its own, nor as the page's pack.
    const timing = await page.evaluate(() => {
      const started = performance.getEntriesByName('test:app-started')[0]?.startTime ?? null;
      const pack = performance.getEntriesByType('resource').find((e) => /\/fused-metrics-[0-9a-f]+\.wasm$/.test(e.name));
      return { started, pack: pack ? pack.startTime : null, taken: performance.getEntriesByName('trifocal:early-query-taken').length };
    });
    const wasm = requests.filter((u) => /\.wasm$/.test(new URL(u).pathname)).map(file);
    assert.ok(timing.pack !== null, `the metrics page's fused module was fetched: ${wasm.join(' ')}`);
    assert.ok(timing.started !== null && timing.pack < timing.started, `fused module asked at ${timing.pack} ms, app started at ${timing.started} ms`);
    assert.deepEqual(wasm.filter((w) => !/^trifocal-[0-9a-f]+_bg\.wasm$/.test(w)), wasm.filter((w) => w.startsWith('fused-metrics-')),
      'no part, chunk or pack fetched besides the fused module');
    assert.equal(wasm.filter((w) => w.startsWith('fused-metrics-')).length, 1, 'the fused module once');
    // The query: sent once, at boot, and that answer is the one drawn.
    const sent = queryRanges(requests);
    assert.equal(sent.length, 1, `query_range requests: ${sent.join('\n')}`);
    assert.equal(timing.taken, 1, 'the app took the query started at boot');
    await asPrometheusAnswers(rows, sent[0]);
    // Query completion's code is a part of its own (src/ui/query_complete.rs), not in the page's first visit: the
    // editor's focus fetches it, and Ctrl+Space then offers what the language has at the caret.
    const fetched = wasm.length;
    const editor = page.locator('textarea[aria-label="PromQL query A"]');
    await editor.focus();
    await eventually(() => requests.filter((u) => /\.wasm$/.test(new URL(u).pathname)).length > fetched);
    await editor.press('End');
    await editor.type(' + ra');
    await editor.press('Control+Space');
    await page.locator('[role=listbox] [role=option][data-value="rate"]').waitFor({ timeout: 15000 });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a query changed after boot, and a link the boot script leaves alone, are fetched and drawn as Prometheus answers them', async () => {
  // A young stack: wait until Prometheus holds samples of the query older than a minute.
  await eventually(async () => {
    const now = Date.now() / 1000;
    const body = await fetchJson(`${BASE}api/prometheus/api/v1/query_range?query=${encodeURIComponent(EXPR)}&start=${now - 1200}&end=${now - 60}&step=15`);
    return body.data.result.length > 0;
  }, { timeout: 180000, interval: 2000 });
  const { context, page, requests, problems } = await cold();
  try {
    // A range ending in the past: not started at boot.
    await page.goto(`${BASE}#/metrics?from=now-20m&to=now-1m&q.A=${encodeURIComponent(EXPR)}`);
    await expectLive(page, 'Prometheus');
    let rows = await drawnRows(page);
    let sent = queryRanges(requests);
    assert.equal(sent.length, 1, `query_range requests: ${sent.join('\n')}`);
    assert.equal(await page.evaluate(() => performance.getEntriesByName('trifocal:early-query-taken').length), 0);
    assert.match(decodeURIComponent(sent[0]), /query=sum by \(service_name\)/);
    await asPrometheusAnswers(rows, sent[0]);

    // Another query in the same tab: its own request, its own answer.
    const other = 'count by (job) (up)';
    const before = sent.length;
    await page.evaluate((h) => { location.hash = h; }, `#/metrics?from=now-1h&to=now&q.A=${encodeURIComponent(other)}`);
    await page.waitForFunction((n) => performance.getEntriesByName('trifocal:metrics-loaded').length > n, 1, { timeout: 30000 }).catch(() => {});
    await eventually(() => queryRanges(requests).length > before);
    sent = queryRanges(requests);
    assert.match(decodeURIComponent(sent[sent.length - 1]), /query=count by \(job\) \(up\)/);
    await page.waitForFunction(() => !document.querySelector('[data-testid=query-error]'), null, { timeout: 30000 });
    rows = await drawnRows(page);
    await asPrometheusAnswers(rows, sent[sent.length - 1]);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

/** Jaeger's spans of a trace, counted in its own v3 answer (the API the trace page reads). */
async function jaegerSpanCount(id) {
  const body = await fetchJson(`${BASE}api/jaeger/api/v3/traces/${id}`);
  return body.result.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)).length;
}

/** Opens a trace link cold; the trace requests sent, whether the app took the one started at boot, when that
 *  request started against when the app started, and the spans shown. */
async function openTraceCold(id, settings) {
  const { context, page, requests, problems } = await cold();
  if (settings) await useDatasources(context, settings);
  try {
    await page.goto(`${BASE}#/trace/${id}`);
    await expectLive(page, 'Jaeger');
    await page.waitForSelector('[data-testid=trace-header]', { timeout: 30000 });
    const shown = Number(await page.getAttribute('[data-testid=trace-header]', 'data-spans'));
    const timing = await page.evaluate((id) => {
      const started = performance.getEntriesByName('test:app-started')[0]?.startTime ?? null;
      const asked = performance.getEntriesByType('resource').find((e) => e.name.includes(`/traces/${id}`));
      const wanted = performance.getEntriesByName('trifocal:trace-fetch')[0]?.startTime ?? null;
      return { started, wanted, asked: asked ? asked.startTime : null, taken: performance.getEntriesByName('trifocal:early-trace-taken').length };
    }, id);
    const sent = requests.filter((u) => u.includes(`/traces/${id}`));
    return { shown, timing, sent, problems };
  } finally {
    await context.close();
  }
}

test('a trace link asks Jaeger for its trace at boot, before the page would; the app takes that answer once and shows every span Jaeger has', async () => {
  const id = manifest().featured_trace_id;
  const want = await eventually(() => jaegerSpanCount(id));
  // No saved settings, and saved limits (what the trace page asks is the same under them).
  for (const settings of [null, { max_answer_mb: 1000, timeout_s: 600 }]) {
    const { shown, timing, sent, problems } = await openTraceCold(id, settings);
    const what = settings ? 'with saved limits' : 'without saved settings';
    assert.equal(shown, want, `${what}: spans shown vs Jaeger's`);
    assert.deepEqual(sent.map((u) => new URL(u).pathname), [`/api/jaeger/api/v3/traces/${id}`], `${what}: the trace asked once`);
    assert.equal(timing.taken, 1, `${what}: the app took the trace asked at boot`);
    // Asked before the page asked for it (its part loaded, the probes in): by the boot script, not the app.
    assert.ok(timing.wanted !== null && timing.asked !== null && timing.asked < timing.wanted,
      `${what}: trace asked at ${timing.asked} ms, the page wanted it at ${timing.wanted} ms`);
    assert.deepEqual(problems, []);
  }
});

test('a trace link under settings that choose the trace backend is left to the app, which asks and shows the trace as always', async () => {
  const id = manifest().featured_trace_id;
  const want = await eventually(() => jaegerSpanCount(id));
  const { shown, timing, sent, problems } = await openTraceCold(id, { traces: 'Jaeger' });
  assert.equal(shown, want);
  assert.equal(sent.length, 1, sent.join('\n'));
  assert.equal(timing.taken, 0, 'nothing started at boot');
  assert.ok(timing.asked >= timing.wanted && timing.asked > timing.started,
    `trace asked at ${timing.asked} ms, when the page wanted it (${timing.wanted} ms), after the app started (${timing.started} ms)`);
  assert.deepEqual(problems, []);
});

/** The table of parts (`parts-<hash>.js`, scripts/build-wasm.mjs writeTable) as the page's loader fetched it: each
 *  part's files in its pack's order with their brotli sizes, and each part's pack with its size. */
async function partsTable(page) {
  return page.evaluate(async () => {
    const url = performance.getEntriesByType('resource').map((e) => e.name).find((n) => /\/parts-[0-9a-f]+\.js$/.test(n));
    if (!url) return null;
    const pages = {};
    const table = (await import(url)).define((file, deps) => Object.assign(() => {}, { file, deps }), pages, new Map(), new Set());
    const files = (l, out = []) => {
      if (!out.some((f) => f.file === l.file)) {
        out.push({ file: l.file.replace('./', ''), size: l.size });
        l.deps.forEach((d) => files(d, out));
      }
      return out;
    };
    return Object.fromEntries(Object.entries(pages).map(([p, l]) => [p, {
      files: files(l), pack: table.packs[p] && { file: table.packs[p][0].replace('./', ''), size: table.packs[p][1] },
    }]));
  });
}

test('a page opened inside the app comes as its pack when that is smaller than the files it lacks, else as those files; no file twice', async () => {
  const { context, page, requests, problems } = await cold();
  try {
    await page.goto(`${BASE}#/`);
    await expectLive(page, 'Prometheus');
    const wasm = () => requests.map(file).filter((f) => /\.wasm$/.test(f) && !/^trifocal-[0-9a-f]+_bg\.wasm$/.test(f));
    // Until no wasm file has been asked for 1.5 s (Home's example lookups are a part too).
    const settled = async () => {
      for (let n = -1; n !== wasm().length;) {
        n = wasm().length;
        await page.waitForTimeout(1500);
      }
    };
    await settled();
    // What the browser holds: the files fetched alone, and every file of a pack fetched.
    const held = (table) => new Set(wasm().flatMap((f) => {
      const packed = Object.values(table).find((t) => t.pack && t.pack.file === f);
      return packed ? packed.files.map((x) => x.file) : [f];
    }));
    let table;
    for (const [hash, part, ready] of [
      [`#/metrics?q.A=${encodeURIComponent('up')}`, 'metrics', '[data-testid=run-query]'],
      ['#/search', 'search', '[data-testid=service-select]'],
      ['#/logs', 'logs', '[data-testid=run-query]'],
    ]) {
      // No part comes without the table: before it, the browser holds none.
      table = table || await partsTable(page);
      const before = wasm().length;
      const had = table ? held(table) : new Set();
      await page.evaluate((h) => { location.hash = h; }, hash);
      await page.waitForSelector(ready, { timeout: 30000 });
      await settled();
      table = table || await partsTable(page);
      const t = table[part];
      const missing = t.files.filter((f) => !had.has(f.file));
      const lacking = missing.reduce((n, f) => n + f.size, 0);
      const got = wasm().slice(before);
      if (t.pack.size < lacking) {
        assert.deepEqual(got, [t.pack.file], `${part}: its pack (${t.pack.size} B) and nothing else, ${lacking} B of files lacking`);
      } else {
        assert.deepEqual([...got].sort(), missing.map((f) => f.file).sort(),
          `${part}: the files it lacks (${lacking} B) rather than its pack (${t.pack.size} B)`);
      }
    }
    // A first visit from Home fetched the metrics pack; no file came twice.
    assert.ok(wasm().some((f) => f === table.metrics.pack.file), `the metrics pack: ${wasm().join(' ')}`);
    assert.equal(new Set(wasm()).size, wasm().length, `each file once: ${wasm().join(' ')}`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
