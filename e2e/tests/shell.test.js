// App shell: keyboard shortcuts (never while typing), cheat sheet, theme switching reaching the charts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openBrowser, gotoRoute, expectLive, eventually, BASE } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

// The recorded Loki window of the test stack's replay server (tests/fixtures/real/INDEX.md), and the one log
// query recorded as the logs view asks it (categorize-labels header, limit 20): loki/query_range_streams_categorized.json.
const REC = { from: 1795452831000, to: 1795454006000, query: '{service_name="embedding-service"} | json', limit: 20 };
const REC_LOGS = `#/logs?query=${encodeURIComponent(REC.query)}&from=${REC.from}&to=${REC.to}&limit=${REC.limit}`;

/** The number of lines the (recorded) Loki answers for REC, asked as the app asks it. */
async function recordedLines() {
  const url = `${BASE}api/loki/loki/api/v1/query_range?query=${encodeURIComponent(REC.query)}&start=${REC.from}000000&end=${REC.to}000000&limit=${REC.limit}&direction=backward`;
  const r = await fetch(url, { headers: { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' } });
  assert.equal(r.status, 200, `the replay has the recording: ${await r.clone().text()}`);
  return (await r.json()).data.result.reduce((n, st) => n + st.values.length, 0);
}

/** Prometheus' own series count for `expr` over the last `seconds`. */
async function promSeries(expr, seconds = 3600) {
  const end = Math.floor(Date.now() / 1000);
  const body = await (await fetch(`${BASE}api/prometheus/api/v1/query_range?query=${encodeURIComponent(expr)}&start=${end - seconds}&end=${end}&step=15`)).json();
  assert.equal(body.status, 'success');
  return body.data.result.length;
}

/** Waits until the metrics summary in `scope` shows Prometheus' own series count for `expr` (one more allowed:
 *  a series can start between the two asks), which is above 0. */
async function seriesAsPrometheus(page, expr, { scope = '', seconds = 3600 } = {}) {
  const expected = await promSeries(expr, seconds);
  assert.ok(expected > 0, `Prometheus has series for ${expr}`);
  const sel = `${scope} [data-testid=metrics-summary]`.trim();
  await page.waitForFunction(([s, n]) => {
    const v = Number(document.querySelector(s)?.dataset.series);
    return v >= n && v <= n + 1;
  }, [sel, expected], { timeout: 30000 }).catch(async () => {
    assert.fail(`${sel}: ${await page.getAttribute(sel, 'data-series').catch(() => '?')} series, Prometheus returned ${expected} for ${expr}`);
  });
}

test('? opens the cheat sheet and Esc closes it', async () => {
  const { page } = b;
  await gotoRoute(page, '#/');
  await page.keyboard.press('?');
  await page.waitForSelector('[data-testid=shortcuts]');
  assert.ok((await page.locator('[data-testid=shortcuts] tr').count()) >= 10);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('[data-testid=shortcuts]').count(), 0);
});

test('g l goes to logs, but not while typing in an editor', async () => {
  const { page } = b;
  await gotoRoute(page, '#/metrics');
  await page.click('textarea[aria-label="PromQL query A"]');
  await page.keyboard.type('g l');
  assert.ok(page.url().includes('#/metrics'), page.url());
  assert.equal(await page.inputValue('textarea[aria-label="PromQL query A"]'), 'g l');
  // Esc closes the editor's suggestions if they are open, a second Esc leaves the editor.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.keyboard.press('g');
  await page.keyboard.press('l');
  await page.waitForFunction(() => location.hash.startsWith('#/logs'));
  await page.waitForSelector('textarea[aria-label="LogQL query"]');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'LogQL query');
});

test('t ← shifts the time range back by its width; t z zooms out', async () => {
  const { page } = b;
  await gotoRoute(page, '#/metrics?from=now-1h&to=now');
  await page.keyboard.press('t');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => !location.hash.includes('from=now-1h'));
  const u = new URL(page.url().replace('#/', ''));
  const from = Number(u.searchParams.get('from')), to = Number(u.searchParams.get('to'));
  assert.ok(Math.abs((to - from) - 3600e3) < 2000, `width ${to - from}`);
  assert.ok(Math.abs(Date.now() - 3600e3 - to) < 60e3, `ends an hour ago: ${new Date(to).toISOString()}`);
  await page.keyboard.press('t');
  await page.keyboard.press('z');
  await page.waitForFunction((f) => !location.hash.includes(`from=${f}`), String(from));
  const v = new URL(page.url().replace('#/', ''));
  assert.ok(Number(v.searchParams.get('to')) - Number(v.searchParams.get('from')) > 7000e3);
});

test('c t switches the theme, and the chart is redrawn in it', async () => {
  const { page } = b;
  await gotoRoute(page, '#/metrics?q.A=up');
  await expectLive(page, 'Prometheus');
  await seriesAsPrometheus(page, 'up');
  const corner = () => page.evaluate(() => {
    const c = document.querySelector('.chart canvas');
    return Array.from(c.getContext('2d').getImageData(2, 2, 1, 1).data.slice(0, 3));
  });
  const before = { theme: await page.evaluate(() => document.documentElement.dataset.theme), px: await corner() };
  await page.keyboard.press('c');
  await page.keyboard.press('t');
  await page.waitForFunction((t) => document.documentElement.dataset.theme !== t, before.theme);
  await page.waitForTimeout(300);
  const px = await corner();
  assert.notDeepEqual(px, before.px, 'chart background follows the theme');
  const lum = (p) => p[0] + p[1] + p[2];
  assert.ok(before.theme === 'dark' ? lum(px) > lum(before.px) : lum(px) < lum(before.px));
  await page.keyboard.press('c');
  await page.keyboard.press('t');
});

test('nothing overflows horizontally at tablet width (768 px)', async () => {
  const { page } = b;
  await page.setViewportSize({ width: 768, height: 1000 });
  // Each view with its data drawn (live Prometheus and Jaeger, the recorded Loki window).
  const routes = [
    ['#/', null],
    ['#/metrics?q.A=up', async () => { await expectLive(page, 'Prometheus'); await seriesAsPrometheus(page, 'up'); }],
    [REC_LOGS, async () => {
      await expectLive(page, 'Loki');
      const n = await recordedLines();
      await page.waitForFunction((k) => Number(document.querySelector('[data-testid=logs-summary]')?.dataset.lines) === k, n, { timeout: 30000 });
    }],
    ['#/search?query=service%3Dsearch-service', async () => {
      await expectLive(page, 'Jaeger');
      await page.waitForSelector('[data-testid=search-results][data-query="service=search-service"] [data-testid=search-result]', { timeout: 30000 });
    }],
    ['#/settings', null],
  ];
  for (const [r, drawn] of routes) {
    await gotoRoute(page, r);
    if (drawn) await drawn(); else await page.waitForTimeout(800);
    const over = await page.evaluate(() => [...document.querySelectorAll('body *')]
      .filter((el) => { const rc = el.getBoundingClientRect(); return rc.width > 0 && rc.right > innerWidth + 1; })
      .slice(0, 5).map((el) => `${el.tagName}.${el.className}`));
    assert.deepEqual(over, [], `${r} overflows`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('split explore: metrics and logs side by side on one time range; a range change in one pane moves both', async () => {
  const { page } = b;
  const expr = 'sum by (service_name) (rate(http_server_requests_total[1m]))';
  await gotoRoute(page, `#/metrics?from=now-30m&to=now&q.A=${encodeURIComponent(expr)}`);
  await expectLive(page, 'Prometheus');
  await page.waitForSelector('[data-testid=metrics-summary]');
  await page.click('[data-testid=split-button]');
  await seriesAsPrometheus(page, expr, { scope: '[data-testid=split-left]', seconds: 1800 });
  // The right pane is a logs view on the same range: run a query there. (Its lines are not checked on this
  // live range: the test stack's Loki is a replay of one recorded window; the recorded split is below.)
  const right = page.locator('[data-testid=split-right]');
  await right.locator('textarea[aria-label="LogQL query"]').fill('{service_name="search-service"}');
  await right.locator('[data-testid=run-query]').click();
  const sides = () => page.evaluate(() => {
    const q = new URLSearchParams(location.hash.replace(/^#\/split\?/, ''));
    const side = (k) => new URLSearchParams((q.get(k) || '').split('?')[1] || '');
    return { left: side('left').get('from'), right: side('right').get('from'), rightQuery: side('right').get('query') };
  });
  await eventually(async () => (await sides()).rightQuery === '{service_name="search-service"}', { timeout: 10000 });
  let s = await sides();
  assert.equal(s.left, 'now-30m');
  assert.equal(s.right, 'now-30m');
  // A quick range chosen in the right pane applies to both; the left pane asks Prometheus again.
  await right.locator('select[aria-label="Quick range"]').selectOption('now-6h');
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('from=now-6h'));
  s = await sides();
  assert.deepEqual([s.left, s.right], ['now-6h', 'now-6h']);
  await seriesAsPrometheus(page, expr, { scope: '[data-testid=split-left]', seconds: 6 * 3600 });
  assert.deepEqual(b.problems, []);
});

test('split explore (recorded Loki window): the logs pane shows the recorded lines and the metrics pane shares its absolute range', async () => {
  const { page } = b;
  await gotoRoute(page, REC_LOGS);
  await expectLive(page, 'Loki');
  const lines = await recordedLines();
  await page.waitForFunction((k) => Number(document.querySelector('[data-testid=logs-summary]')?.dataset.lines) === k, lines, { timeout: 30000 });
  await page.click('[data-testid=split-button]');
  await page.waitForFunction((k) => Number(document.querySelector('[data-testid=split-left] [data-testid=logs-summary]')?.dataset.lines) === k, lines, { timeout: 30000 });
  // The recorded lines' own text: a trace ID of the recording is on screen.
  const rec = JSON.parse(readFileSync(new URL('../../tests/fixtures/real/loki/query_range_streams_categorized.json', import.meta.url), 'utf8'));
  const tid = rec.data.result[0].values[0][2].structuredMetadata.trace_id;
  assert.ok((await page.locator('[data-testid=split-left]').textContent()).includes(tid), `${tid} on screen`);
  const sideRight = await page.evaluate(() => new URLSearchParams(location.hash.replace(/^#\/split\?/, '')).get('right') || '');
  assert.match(sideRight, /metrics/, sideRight);
  const right = new URLSearchParams(sideRight.split('?')[1] || '');
  assert.deepEqual([right.get('from'), right.get('to')], [String(REC.from), String(REC.to)], sideRight);
  assert.deepEqual(b.problems, []);
});

test('the app runs under the nginx recipe\'s strict Content-Security-Policy with no violation', async () => {
  const { page } = b;
  await page.goto('about:blank');
  const res = await page.goto(`${BASE}#/`);
  const csp = (await res.allHeaders())['content-security-policy'] || '';
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/, csp);
  assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/, 'no inline scripts allowed');
  await page.evaluate(() => { window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`)); });
  // Each view is drawn with its backend's data, in the same document (the listener above sees every load).
  await expectLive(page, 'Prometheus');
  await expectLive(page, 'Loki');
  await expectLive(page, 'Jaeger');
  const views = [
    ['#/metrics?q.A=up', () => seriesAsPrometheus(page, 'up')],
    [REC_LOGS, async () => {
      const n = await recordedLines();
      await page.waitForFunction((k) => Number(document.querySelector('[data-testid=logs-summary]')?.dataset.lines) === k, n, { timeout: 30000 });
    }],
    ['#/search?query=service%3Dsearch-service', async () => {
      const sel = '[data-testid=search-results][data-query="service=search-service"] [data-testid=search-result]';
      await page.waitForSelector(sel, { timeout: 30000 });
      const id = (await page.locator(sel).first().textContent()).trim();
      assert.ok((await fetch(`${BASE}api/jaeger/api/traces/${id}`)).ok, `${id} is a trace Jaeger has`);
    }],
    ['#/dashboard/trifocal-demo', async () => {
      // The table panel: one row per series Prometheus returns for its query.
      const p = await eventually(async () => {
        const t = await page.$eval('[data-testid=panel][data-kind=table]', (el) => ({ state: el.dataset.state, count: Number(el.dataset.count), q: JSON.parse(el.dataset.queries || '[]')[0] }));
        return t.state === 'ok' && t;
      }, { timeout: 30000 });
      const body = await (await fetch(`${BASE}api/prometheus/api/v1/query?query=${encodeURIComponent(p.q.expr)}&time=${(p.q.end / 1000).toFixed(3)}`)).json();
      assert.ok(body.data.result.length > 0);
      assert.equal(p.count, body.data.result.length);
    }],
  ];
  for (const [route, drawn] of views) {
    await page.evaluate((r) => { location.hash = r.slice(1); }, route);
    await drawn();
  }
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(b.problems, []);
});

test('leaving each view while it is still loading never crashes the app', async () => {
  // Every view starts requests when it opens; leaving it before they finish aborts them and disposes its
  // state. A task that read that state after the abort would panic the wasm (seen once in the outage test).
  const { page } = b;
  await gotoRoute(page, '#/');
  const routes = ['#/search', '#/metrics?q.A=up', '#/logs?query=%7Bservice_name%3D%22search-service%22%7D',
    '#/dashboard/trifocal-demo', '#/search?query=service%3Dsearch-service', '#/split', '#/settings', '#/'];
  for (let round = 0; round < 4; round++) {
    for (const [i, r] of routes.entries()) {
      await page.evaluate((h) => { location.hash = h; }, r);
      await page.waitForTimeout(15 + ((i * 37 + round * 53) % 120));
    }
    await page.goBack();
    await page.goBack();
  }
  // Settings' "Save and test" starts the backend probes; leaving at once must not crash when they answer.
  for (let round = 0; round < 3; round++) {
    await gotoRoute(page, '#/settings');
    await page.click('button:has-text("Save and test")');
    await page.evaluate(() => { location.hash = '#/logs'; });
    await page.waitForFunction(() => document.querySelector('[data-testid=backend-status]')?.dataset.mode !== 'checking', null, { timeout: 20000 });
  }
  // And the app still works: the metrics view draws what Prometheus returns.
  await page.evaluate(() => { location.hash = '#/metrics?q.A=up'; });
  await expectLive(page, 'Prometheus');
  await seriesAsPrometheus(page, 'up');
  assert.equal(await page.locator('.crash').count(), 0, 'no crash screen');
  assert.deepEqual(b.problems, []);
});

test('a page whose code cannot be fetched says so without crashing, and loads when opened again', async () => {
  // The release build fetches each page's wasm part on its first visit (docs/decisions/0005). A failed fetch
  // (network down, or a tab left open across a deploy that replaced the files) must not panic the app.
  const f = await openBrowser();
  try {
    const { page } = f;
    const parts = [];
    const block = (route) => {
      const name = route.request().url().split('/').pop();
      if (/^trifocal-[0-9a-f]+_bg\.wasm$/.test(name)) return route.continue();
      parts.push(name);
      return route.abort('internetdisconnected');
    };
    await page.route('**/*.wasm', block);
    await gotoRoute(page, '#/');
    await page.evaluate(() => { location.hash = '#/logs'; });
    await page.waitForSelector('[data-testid=page-load-error]', { timeout: 20000 });
    assert.ok(parts.some((p) => /^logs-[0-9a-f]+\.wasm$/.test(p)), `the logs part was requested: ${parts}`);
    assert.match(await page.textContent('[data-testid=page-load-error]'), /could not be loaded/);
    assert.equal(await page.locator('.crash').count(), 0, 'no crash screen');
    // The network comes back, and the shell still works: the header navigates to Home. (Back before Home is
    // opened again: Home's own part, retried as it opens, shares chunks with the logs page, and a fetch started
    // while still offline would fail the logs page's next load too.)
    await page.unroute('**/*.wasm', block);
    await page.evaluate(() => { location.hash = '#/'; });
    await page.waitForFunction(() => !document.querySelector('[data-testid=page-load-error]'));
    await page.evaluate(() => { location.hash = '#/logs'; });
    await page.waitForSelector('[data-testid=run-query]', { timeout: 20000 });
    assert.equal(await page.locator('[data-testid=page-load-error]').count(), 0);
    // Only the loader's report of the failed fetches reached the console; nothing panicked.
    assert.deepEqual(f.problems.filter((p) => !/^console: TypeError: Failed to fetch/.test(p)), []);
  } finally {
    await f.browser.close();
  }
});
