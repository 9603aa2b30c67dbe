// Explore asks a named datasource (issue 20): with the recorded Loki and Tempo as the defaults and the live
// VictoriaLogs and Jaeger added as named datasources, `ds=` in a logs or trace-search link (or the picker)
// asks the named one, and a search result opens its trace from that same datasource. What is expected is
// read from VictoriaLogs' and Jaeger's own APIs, and the requests show which server was asked, so a stopped
// VictoriaLogs or Jaeger fails this test (the recorded defaults do not hold these lines or traces).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, gotoRoute, manifest, useDatasources, eventually } from './harness.js';

const VL = 'VictoriaLogs live';
const JAEGER = 'Jaeger live';
const m = manifest();
const W = { from: m.start_ms, to: m.end_ms };
let b;
const asked = [];

before(async () => {
  b = await openBrowser();
  await useDatasources(b.context, {
    logs: 'Loki', loki: '/api/loki', traces: 'Tempo', tempo: '/api/tempo-recorded',
    sources: [
      { uid: 'e2e-vl', name: VL, kind: 'victorialogs', url: '/api/victorialogs' },
      { uid: 'e2e-jaeger', name: JAEGER, kind: 'jaeger', url: '/api/jaeger' },
    ],
  });
  b.page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/')) asked.push(path);
  });
});
after(async () => { await b.browser.close(); });

test('explore logs: ds= asks the named VictoriaLogs instead of the default Loki; the picker goes back to the default', async () => {
  const { page } = b;
  const query = '{service_name="search-service"}';
  const q = new URLSearchParams({ query: `${query} | stats count() n`, start: `${BigInt(W.from) * 1000000n}`, end: `${BigInt(W.to) * 1000000n}` });
  const res = await fetch(`${BASE}api/victorialogs/select/logsql/query?${q}`);
  const body = await res.text();
  assert.equal(res.status, 200, body.slice(0, 200));
  const n = Number(JSON.parse(body).n);
  assert.ok(n > 0, 'VictoriaLogs holds the service\'s lines');

  asked.length = 0;
  await gotoRoute(page, `#/logs?from=${W.from}&to=${W.to}&query=${encodeURIComponent(query)}&limit=100000&ds=${encodeURIComponent(VL)}`);
  await page.waitForSelector('[data-testid=logs-summary], section[aria-label="Explore logs"] [data-testid=query-error]', { timeout: 60000 });
  assert.equal(await page.inputValue('[data-testid=explore-source]'), VL);
  assert.equal(Number(await page.getAttribute('[data-testid=logs-summary]', 'data-lines')), n);
  assert.ok(asked.some((p) => p.startsWith('/api/victorialogs/select/logsql/query')), asked.join('\n'));
  assert.ok(!asked.some((p) => p.startsWith('/api/loki/loki/api/v1/query_range')), 'the default Loki is not asked');

  asked.length = 0;
  await page.selectOption('[data-testid=explore-source]', '');
  await page.waitForFunction(() => location.hash.startsWith('#/logs') && !location.hash.includes('ds='));
  await eventually(async () => asked.some((p) => p.startsWith('/api/loki/')), { timeout: 30000 });
  assert.ok(!asked.some((p) => p.startsWith('/api/victorialogs/select/logsql/query')), asked.join('\n'));
  assert.deepEqual(b.problems, []);
});

test('explore traces: ds= searches the named Jaeger, and its result opens the trace from that Jaeger', async () => {
  const { page } = b;
  asked.length = 0;
  await gotoRoute(page, `#/search?query=${encodeURIComponent('service=search-service')}&from=now-1h&to=now&limit=20&ds=${encodeURIComponent(JAEGER)}`);
  assert.equal(await page.inputValue('[data-testid=explore-source]'), JAEGER);
  await page.waitForSelector('[data-testid=search-result], [data-testid=query-error]', { timeout: 30000 });
  assert.equal(await page.locator('[data-testid=query-error]').count(), 0, await page.locator('[data-testid=query-error]').first().textContent().catch(() => ''));
  assert.ok(asked.some((p) => p.startsWith('/api/jaeger/api/traces')), asked.join('\n'));
  assert.ok(!asked.some((p) => p.startsWith('/api/tempo-recorded/api/search')), 'the default Tempo is not searched');
  const id = (await page.locator('[data-testid=search-result]').first().textContent()).trim();
  const r = await fetch(`${BASE}api/jaeger/api/traces/${id}`);
  assert.equal(r.status, 200, `Jaeger has the result's trace ${id}`);
  const spans = (await r.json()).data[0].spans.length;

  await page.locator('[data-testid=search-result]').first().click();
  await page.waitForFunction((tid) => location.hash.startsWith(`#/trace/${tid}`) && location.hash.includes('ds='), id);
  await page.waitForSelector('[data-testid=trace-header], [data-testid=trace-error]', { timeout: 30000 });
  assert.equal(Number(await page.getAttribute('[data-testid=trace-header]', 'data-spans')), spans);
  assert.deepEqual(b.problems, []);
});
