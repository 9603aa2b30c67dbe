// The error matrix's slow and heavy rows, end to end through a switchable proxy (proxy.js) in front of the
// real stack: an answer that never ends (a timeout message; the dashboard's other panels keep working), a
// 50 MB answer ("too large"; the app stays responsive), a slow answer the user cancels ("Cancelled.", and
// the request is really aborted), and each view working again once the backend behaves. The timeout is the
// user setting under Settings, set to 3 s here so the test stays short.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, eventually, manifest } from './harness.js';
import { startProxy } from './proxy.js';

let proxy, b;
const EXPR = 'sum by (service_name) (rate(http_server_requests_total[1m]))';
const LOGQ = '{service_name="search-service"}';
const isRange = (p) => p === '/api/prometheus/api/v1/query_range';
const isLokiRange = (p) => p === '/api/loki/loki/api/v1/query_range';

/** Saves the query timeout and the largest answer under Settings, as a user would. */
async function setLimits(page, seconds, mb) {
  await page.goto('about:blank');
  await page.goto(`${proxy.base}#/settings`);
  await page.fill('[data-testid=timeout]', String(seconds));
  await page.fill('[data-testid=max-answer]', String(mb));
  await page.click('[data-testid=settings-save]');
  await page.waitForSelector('[data-testid=connection-test]');
  assert.match(await page.textContent('[data-testid=settings-message]'), /^Saved/);
}

before(async () => {
  proxy = await startProxy();
  b = await openBrowser();
  // Settings of this origin: a 3 s timeout (the default is 60 s), the default 40 MB answer limit.
  await setLimits(b.page, 3, 40);
});
after(async () => { await b.browser.close(); await proxy.close(); });

async function ready(page) {
  await page.waitForFunction(() => document.querySelector('[data-testid=backend-status]')?.dataset.mode === 'live', null, { timeout: 20000 });
}

/** Opens a route with a fresh page load (a `goto` to the same URL changes nothing, and asks nothing). */
async function load(page, fragment) {
  await page.goto('about:blank');
  await page.goto(`${proxy.base}${fragment}`);
}

async function openMetrics(page) {
  await page.goto('about:blank');
  await page.goto(`${proxy.base}#/metrics?q.A=${encodeURIComponent(EXPR)}`);
  await ready(page);
}

const seriesShown = (page) => page.waitForFunction(() => !document.querySelector('[data-testid=query-error]')
  && Number(document.querySelector('[data-testid=metrics-summary]')?.dataset.series) > 0, null, { timeout: 20000 });

/** Round trip into the page and a UI action: the main thread is free. */
async function responsive(page) {
  const t0 = Date.now();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  await page.fill('textarea[aria-label="PromQL query A"]', `${EXPR} `);
  return Date.now() - t0;
}

test('an answer that never ends: "No answer within 3 s" where it was asked; the other panels keep working; retry works', async () => {
  const { page } = b;
  proxy.setRule((p) => (isRange(p) ? { kind: 'hang' } : null));
  const t0 = Date.now();
  await openMetrics(page);
  const err = page.locator('[data-testid=query-error]');
  await err.waitFor({ timeout: 20000 });
  assert.match(await err.textContent(), /No answer within 3 s/);
  assert.ok(Date.now() - t0 < 15000, 'the timeout is the 3 s set under Settings');
  const hung = proxy.log.filter((e) => isRange(e.path) && e.action === 'hang');
  await eventually(() => hung.every((e) => e.aborted), { timeout: 5000 });
  assert.equal(await page.inputValue('textarea[aria-label="PromQL query A"]'), EXPR, 'the query is kept');

  // A dashboard: range panels time out, each saying so; instant, logs and traces panels show their data.
  await page.goto(`${proxy.base}#/dashboard/trifocal-demo?from=now-1h&to=now`);
  const panels = await eventually(async () => {
    const ps = await page.$$eval('[data-testid=panel]', (els) => els.map((p) => ({
      kind: p.dataset.kind, state: p.dataset.state, count: Number(p.dataset.count), instant: p.dataset.instant,
      errors: [...p.querySelectorAll('[data-testid=panel-error]')].map((e) => e.textContent),
    })));
    return ps.length > 0 && ps.every((p) => p.state !== 'loading') && ps;
  }, { timeout: 40000 });
  const range = panels.filter((p) => ['timeseries', 'stat'].includes(p.kind));
  assert.ok(range.length >= 2);
  for (const p of range) {
    assert.equal(p.state, 'error', JSON.stringify(p));
    assert.match(p.errors.join(' '), /No answer within 3 s/);
  }
  for (const kind of ['table', 'logs', 'traces']) {
    const p = panels.find((x) => x.kind === kind);
    assert.equal(p.state, 'ok', `${kind}: ${JSON.stringify(p)}`);
    assert.ok(p.count > 0, kind);
  }

  // The backend answers again: refresh, and every panel has data.
  proxy.setRule(null);
  await page.click('button[aria-label="Refresh now"]');
  await eventually(async () => (await page.$$eval('[data-testid=panel]', (els) => els.every((p) => p.dataset.state === 'ok'))), { timeout: 30000 });
  assert.deepEqual(b.problems, []);
});

test('a 50 MB answer: "too large", reading stops at the limit, the app stays responsive, retry works', async () => {
  const { page } = b;
  for (const sized of [false, true]) {
    proxy.setRule((p) => (isRange(p) ? { kind: 'huge', bytes: 50 * 1024 * 1024, sized } : null));
    const before = proxy.log.length;
    await openMetrics(page);
    const err = page.locator('[data-testid=query-error]');
    await err.waitFor({ timeout: 30000 });
    const text = await err.textContent();
    assert.match(text, /too large/, text);
    assert.match(text, sized ? /\(53 MB, limit 40 MB\)/ : /over the 40 MB limit/, text);
    const big = proxy.log.slice(before).filter((e) => e.action === 'huge');
    assert.ok(big.length >= 1);
    await eventually(() => big.every((e) => e.aborted), { timeout: 10000 });
    // Streamed: the browser stopped reading near the limit, not at 50 MB (the proxy is a few MB ahead).
    for (const e of big) assert.ok(e.bytes < 48 * 1024 * 1024, `sent ${e.bytes}`);
    const ms = await responsive(page);
    assert.ok(ms < 2000, `a UI round trip took ${ms} ms`);
  }
  const mem = await page.evaluate(() => performance.memory && performance.memory.usedJSHeapSize);
  assert.ok(!mem || mem < 400 * 1024 * 1024, `JS heap ${mem}`);
  proxy.setRule(null);
  await page.click('[data-testid=run-query]');
  await seriesShown(page);
  assert.deepEqual(b.problems, []);
});

/**
 * Makes the requests `asks` matches answer slowly, opens `fragment`, presses Cancel and checks the view says
 * "Cancelled." in `error`, the Cancel button is gone, at least `asked` slow requests were made and each was
 * aborted at the proxy. The proxy then behaves again.
 */
async function cancelSlow(page, { asks, fragment, error = '[data-testid=query-error]', asked = 1 }) {
  proxy.setRule((p) => (asks(p) ? { kind: 'slow', ms: 30000 } : null));
  const before = proxy.log.length;
  await load(page, fragment);
  await ready(page);
  await page.click('[data-testid=cancel-query]', { timeout: 10000 });
  const err = page.locator(error);
  await err.waitFor({ timeout: 5000 });
  assert.equal((await err.textContent()).trim(), 'Cancelled.');
  assert.equal(await page.locator('[data-testid=cancel-query]').count(), 0);
  const slow = proxy.log.slice(before).filter((e) => e.action === 'slow');
  assert.ok(slow.length >= asked, `${fragment}: ${slow.length} slow requests, expected at least ${asked}`);
  await eventually(() => slow.every((e) => e.aborted), { timeout: 5000 });
  proxy.setRule(null);
}

test('a slow answer the user cancels: "Cancelled." in metrics, logs, trace search and trace view, the request aborted; then it works', async () => {
  const { page } = b;
  // Metrics.
  await cancelSlow(page, { asks: isRange, fragment: `#/metrics?q.A=${encodeURIComponent(EXPR)}` });
  assert.equal(await page.textContent('[data-testid=run-query]'), 'Run query');
  await page.click('[data-testid=run-query]');
  await seriesShown(page);

  // Logs: the lines and the volume query are both slow; Cancel stops both.
  await cancelSlow(page, { asks: isLokiRange, fragment: `#/logs?query=${encodeURIComponent(LOGQ)}`, asked: 2 });
  await page.click('[data-testid=run-query]');
  await page.waitForSelector('[data-testid=logs-summary]', { timeout: 30000 });
  assert.ok(Number(await page.getAttribute('[data-testid=logs-summary]', 'data-lines')) > 0);
  assert.equal(await page.locator('[data-testid=query-error]').count(), 0);

  // Trace search: the same, against Jaeger's search.
  await cancelSlow(page, { asks: (p) => p === '/api/jaeger/api/traces', fragment: `#/search?query=${encodeURIComponent('service=search-service')}` });
  await page.click('button:has-text("Search")');
  await page.waitForSelector('[data-testid=search-result]', { timeout: 30000 });

  // Trace view: "Loading trace…" offers Cancel; the typed ID stays, and Open works again.
  const id = manifest().featured_trace_id;
  await cancelSlow(page, { asks: (p) => /^\/api\/jaeger\/api\/(v3\/)?traces\/[0-9a-f]+$/.test(p), fragment: `#/trace/${id}`, error: '[data-testid=trace-error]' });
  assert.equal(await page.inputValue('input[aria-label="Trace ID"]'), id);
  await buttonNamed(page, 'Open').click();
  await page.waitForSelector('[data-testid=trace-header]', { timeout: 30000 });
  assert.deepEqual(b.problems.filter((p) => !p.includes('net::ERR')), []);
});

// ── The matrix: every view × every way a server can fail ──

const buttonNamed = (page, name) => page.getByRole('button', { name, exact: true });
const VIEWS = [
  {
    name: 'metrics', route: '#/metrics',
    refused: { type: 'application/json', body: '{"status":"error","errorType":"bad_data","error":"invalid parameter \\"query\\": e2e refusal"}',
      says: /The server answered 400: bad_data: invalid parameter "query": e2e refusal/ },
    asks: isRange, input: 'textarea[aria-label="PromQL query A"]', text: EXPR,
    error: '[data-testid=query-error]', submit: (page) => page.click('[data-testid=run-query]'),
    shown: (page) => page.waitForFunction(() => !document.querySelector('[data-testid=query-error]')
      && Number(document.querySelector('[data-testid=metrics-summary]')?.dataset.series) > 0, null, { timeout: 20000 }),
  },
  {
    name: 'logs', route: '#/logs',
    refused: { body: 'parse error at line 1, col 2: e2e refusal\n', says: /The server answered 400: parse error at line 1, col 2: e2e refusal/ },
    asks: isLokiRange, input: 'textarea[aria-label="LogQL query"]', text: LOGQ,
    error: '[data-testid=query-error]', submit: (page) => page.click('[data-testid=run-query]'),
    shown: (page) => page.waitForFunction(() => !document.querySelector('[data-testid=query-error]')
      && Number(document.querySelector('[data-testid=logs-summary]')?.dataset.lines) > 0, null, { timeout: 30000 }),
  },
  {
    name: 'trace search', route: '#/search', asks: (p) => p === '/api/jaeger/api/traces',
    refused: { type: 'application/json', body: '{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":400,"msg":"e2e refusal"}]}',
      says: /The server answered 400: e2e refusal/ },
    input: 'textarea[aria-label="Trace query"]', text: 'service=search-service',
    error: '[data-testid=query-error]', submit: (page) => buttonNamed(page, 'Search').click(),
    // The Jaeger form is there once the trace backend is known (the search box then takes Jaeger's terms).
    ready: (page) => page.waitForSelector('select[aria-label=Service]', { timeout: 20000 }),
    shown: (page) => page.waitForSelector('[data-testid=search-results][data-query="service=search-service"] [data-testid=search-result]', { timeout: 30000 }),
  },
  {
    name: 'trace view', route: '#/trace', asks: (p) => /^\/api\/jaeger\/api\/(v3\/)?traces\/[0-9a-f]+$/.test(p),
    refused: { type: 'application/json', body: '{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":400,"msg":"e2e refusal"}]}',
      says: /The server answered 400: e2e refusal/ },
    input: 'input[aria-label="Trace ID"]', text: null, // the featured trace, from the generator's manifest
    error: '[data-testid=trace-error]', submit: (page) => buttonNamed(page, 'Open').click(),
    shown: (page) => page.waitForSelector('[data-testid=trace-header]', { timeout: 30000 }),
  },
];

// What the server does, and what the view must then say. The timeout and the limit are the Settings
// values this test saves: 3 s and 5 MB.
const FAILURES = [
  { kind: 'reset', action: { kind: 'reset' }, says: /Could not reach the server/ },
  { kind: 'html', action: { kind: 'html' }, says: /Got an HTML page \(HTTP 502, "502 Bad Gateway"\) instead of data/ },
  { kind: 'status', action: { kind: 'status', status: 500, body: 'internal error: the store is unavailable (e2e)' },
    says: /The server answered 500: internal error: the store is unavailable \(e2e\)/ },
  { kind: 'badjson', action: { kind: 'badjson' }, says: /The answer was not valid data/ },
  { kind: 'hang', action: { kind: 'hang' }, says: /No answer within 3 s/ },
  // 1 GB, streamed without a length: it cannot have ended by itself when the browser lets go.
  { kind: 'huge', action: { kind: 'huge', bytes: 1024 * 1024 * 1024, sized: false }, says: /too large \(over the 5 MB limit/ },
];

async function openView(page, v) {
  await load(page, v.route);
  await ready(page);
  if (v.ready) await v.ready(page);
}

for (const v of VIEWS.filter((x) => !process.env.VIEW || x.name === process.env.VIEW)) {
  test(`${v.name}: cut off, an HTML page, a 500, a 400, broken JSON, no answer, a huge answer — each said in the view; the text kept; retry works; a slow answer just arrives`, async () => {
    const { page } = b;
    await setLimits(page, 3, 5);
    const text = v.text ?? manifest().featured_trace_id;
    // And a 4xx in the backend's own words (Prometheus' JSON, Loki's text, Jaeger's `errors`).
    const refused = { kind: 'status', action: { kind: 'status', status: 400, type: v.refused.type, body: v.refused.body }, says: v.refused.says };
    for (const f of [...FAILURES, refused]) {
      await openView(page, v);
      const from = proxy.log.length;
      proxy.setRule((p) => (v.asks(p) ? f.action : null));
      await page.fill(v.input, text);
      await v.submit(page);
      const err = page.locator(v.error);
      await err.waitFor({ timeout: 20000 });
      const message = await err.textContent();
      assert.match(message, f.says, `${v.name} / ${f.kind}: ${message}`);
      assert.equal(await page.inputValue(v.input), text, `${v.name} / ${f.kind}: what was typed is kept`);
      const hit = proxy.log.slice(from).filter((e) => e.action === f.kind);
      assert.ok(hit.length >= 1, `${v.name} / ${f.kind}: the failing server was asked`);
      if (f.kind === 'hang' || f.kind === 'huge') {
        await eventually(() => hit.every((e) => e.aborted), { timeout: 10000 })
          .catch(() => assert.fail(`${v.name} / ${f.kind}: requests left open: ${JSON.stringify(hit.map((e) => [e.url, e.aborted]))}`));
        // Reading stopped near the limit (the proxy is a few MB ahead of what the page read).
        for (const e of hit) assert.ok(e.bytes < 25 * 1024 * 1024, `${v.name} / ${f.kind}: ${e.bytes} bytes sent`);
      }

      if (f.kind === 'html') {
        // The rest of the app keeps working while this view's server fails: another view shows its data,
        // and coming back, the view still holds the text and says what failed.
        const other = VIEWS[(VIEWS.indexOf(v) + 1) % VIEWS.length];
        const otherText = other.text ?? manifest().featured_trace_id;
        const q = other.name === 'metrics' ? `?q.A=${encodeURIComponent(otherText)}`
          : other.name === 'logs' ? `?query=${encodeURIComponent(otherText)}`
            : other.name === 'trace view' ? `/${otherText}` : `?query=${encodeURIComponent(otherText)}`;
        await page.evaluate((h) => { location.hash = h; }, `${other.route}${q}`);
        await other.shown(page);
        await page.goBack();
        await page.locator(v.error).waitFor({ timeout: 20000 });
        assert.match(await page.locator(v.error).textContent(), f.says);
        assert.equal(await page.inputValue(v.input), text, `${v.name}: the text is still there after visiting ${other.name}`);
      }

      // The server behaves again: the same view, asked again, shows data.
      proxy.setRule(null);
      await v.submit(page);
      await v.shown(page);
      assert.equal(await page.locator(v.error).count(), 0);
    }

    // A slow answer (2 s, under the 3 s timeout) is waited for.
    await openView(page, v);
    proxy.setRule((p) => (v.asks(p) ? { kind: 'slow', ms: 2000 } : null));
    await page.fill(v.input, text);
    await v.submit(page);
    await v.shown(page);
    proxy.setRule(null);
    assert.deepEqual(b.problems, []);
  });
}

test('Settings: a timeout or limit that is not a whole number in range is refused by name, and the fields keep what was typed', async () => {
  const { page } = b;
  await page.goto('about:blank');
  await page.goto(`${proxy.base}#/settings`);
  const before = await page.inputValue('[data-testid=timeout]');
  await page.fill('[data-testid=timeout]', '');
  assert.equal(await page.inputValue('[data-testid=timeout]'), '', 'an emptied field stays empty while typing');
  await page.fill('[data-testid=timeout]', '2 min');
  await page.click('[data-testid=settings-save]');
  const says = (text) => page.waitForFunction((t) => document.querySelector('[data-testid=settings-message]')?.textContent === t, text, { timeout: 5000 });
  await says('Not saved: The timeout must be 1 to 3600 seconds.');
  assert.equal(await page.inputValue('[data-testid=timeout]'), '2 min');
  await page.fill('[data-testid=timeout]', '90');
  await page.fill('[data-testid=max-answer]', '0');
  await page.click('[data-testid=settings-save]');
  await says('Not saved: The largest answer must be 1 to 2000 MB.');
  assert.equal(await page.inputValue('[data-testid=max-answer]'), '0');
  // Nothing was saved: a reload shows the stored values.
  await page.reload();
  assert.equal(await page.inputValue('[data-testid=timeout]'), before);
  assert.deepEqual(b.problems, []);
});
