// The service map (issue 22) against the live stack: every service the generator runs, the calls between
// them as Jaeger's own /api/dependencies and Prometheus' own query API report them for the same window,
// focus by hops, search, and the links a service and a call open.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, gotoRoute, eventually, expectLive, manifest, BASE } from './harness.js';

// A settled window: five minutes ending half a minute ago (every span and scrape in it has arrived), chosen
// once Prometheus has scraped the generator's service-graph metrics (a fresh stack needs a minute).
const WINDOW = '300s';
const RATE = `sum by (client, server) (rate(traces_service_graph_request_total[${WINDOW}]))`;
let END;
let START;

let b;
before(async () => {
  b = await openBrowser();
  await eventually(async () => {
    END = Math.floor((Date.now() - 30_000) / 1000) * 1000;
    START = END - 5 * 60_000;
    return (await promVector(RATE, END)).length > 0;
  }, { timeout: 150000, interval: 5000 });
});
after(async () => { await b.browser.close(); });

async function promVector(expr, timeMs) {
  const u = `${BASE}api/prometheus/api/v1/query?query=${encodeURIComponent(expr)}&time=${timeMs / 1000}`;
  const body = await (await fetch(u)).json();
  assert.equal(body.status, 'success', JSON.stringify(body));
  return body.data.result;
}

async function jaegerDeps(endMs, lookbackMs) {
  const body = await (await fetch(`${BASE}api/jaeger/api/dependencies?endTs=${endMs}&lookback=${lookbackMs}`)).json();
  return body.data || [];
}

const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

async function openMap(page, extra = '') {
  await gotoRoute(page, `#/services?from=${START}&to=${END}${extra}`);
  await expectLive(page, 'Jaeger');
  await expectLive(page, 'Prometheus');
  await page.waitForSelector('[data-testid=service-map]', { timeout: 30000 });
}

test('service map: every generator service, Jaeger\'s calls and Prometheus\' rates and p90 on the edges', async () => {
  const { page } = b;
  // The generator's service-graph metrics have reached Prometheus for this window.
  const promEdges = await promVector(RATE, END);
  assert.ok(promEdges.length > 0);
  const deps = (await jaegerDeps(END, END - START)).filter((d) => d.parent !== d.child);
  assert.ok(deps.length > 0, 'Jaeger lists calls between services');

  await openMap(page);
  assert.equal(Number(await page.getAttribute('[data-testid=service-map]', 'data-time')), END);
  const nodes = await page.$$eval('[data-testid=map-node]', (els) => els.map((e) => e.dataset.service));
  for (const s of manifest().services) assert.ok(nodes.includes(s), `service ${s} is on the map (${nodes})`);
  const edges = await page.$$eval('[data-testid=map-edge]', (els) => els.map((e) => ({ ...e.dataset })));
  const edge = (c, s) => edges.find((e) => e.client === c && e.server === s);

  // From Jaeger: every call between two services, with Jaeger's count.
  for (const d of deps) {
    const e = edge(d.parent, d.child);
    assert.ok(e, `Jaeger's call ${d.parent} → ${d.child} is drawn`);
    assert.equal(Number(e.calls), d.callCount, `${d.parent} → ${d.child} calls`);
  }
  // From Prometheus: every edge of the metrics, its rate equal to the same query run here.
  for (const r of promEdges) {
    const e = edge(r.metric.client, r.metric.server);
    assert.ok(e, `Prometheus' edge ${r.metric.client} → ${r.metric.server} is drawn`);
    assert.ok(close(Number(e.rate), Number(r.value[1])), `${r.metric.client} → ${r.metric.server}: ${e.rate} vs ${r.value[1]}`);
  }
  const p90Expr = `histogram_quantile(0.9, sum by (client, server, le) (rate(traces_service_graph_request_server_seconds_bucket[${WINDOW}])))`;
  for (const r of await promVector(p90Expr, END)) {
    if (!Number.isFinite(Number(r.value[1]))) continue;
    const e = edge(r.metric.client, r.metric.server);
    assert.ok(close(Number(e.p90), Number(r.value[1])), `p90 ${r.metric.client} → ${r.metric.server}: ${e.p90} vs ${r.value[1]}`);
  }
  // A serving node's request rate is the same query by server.
  const byServer = await promVector(`sum by (server) (rate(traces_service_graph_request_total[${WINDOW}]))`, END);
  for (const r of byServer) {
    const rate = await page.getAttribute(`[data-testid=map-node][data-service="${r.metric.server}"]`, 'data-rate');
    assert.ok(close(Number(rate), Number(r.value[1])), `node ${r.metric.server}: ${rate} vs ${r.value[1]}`);
  }
  // Its success/failed ring: the failed share of those requests, from the failed-requests series by server.
  const failedByServer = await promVector(`sum by (server) (rate(traces_service_graph_request_failed_total[${WINDOW}]))`, END);
  assert.ok(failedByServer.some((r) => Number(r.value[1]) > 0), 'the generator\'s failing calls are in the metrics');
  let rings = 0;
  for (const r of byServer) {
    const total = Number(r.value[1]);
    if (!(total > 0)) continue;
    const f = failedByServer.find((x) => x.metric.server === r.metric.server);
    const want = f ? Math.min(100, (Number(f.value[1]) / total) * 100) : 0;
    const got = await page.getAttribute(`[data-testid=map-node][data-service="${r.metric.server}"] [data-testid=map-ring]`, 'data-failed');
    assert.ok(got !== null && Math.abs(Number(got) - want) <= 1e-6, `ring of ${r.metric.server}: ${got}% failed vs ${want}%`);
    rings += 1;
  }
  assert.ok(rings > 0, 'some node has a ring');

  // Clicking a service opens its RED metrics, traces and logs; clicking a call, the traces that cross it.
  const svc = deps[0].child;
  await page.click(`[data-testid=map-node][data-service="${svc}"]`);
  const red = decodeURIComponent(await page.getAttribute('[data-testid=map-red]', 'href'));
  assert.ok(red.startsWith('#/metrics') && red.includes(`traces_span_metrics_calls_total{service_name="${svc}"`), red);
  assert.ok(decodeURIComponent(await page.getAttribute('[data-testid=map-traces]', 'href')).includes(`resource.service.name="${svc}"`));
  assert.ok(decodeURIComponent(await page.getAttribute('[data-testid=map-logs]', 'href')).includes(`service_name="${svc}"`));
  // The span metrics behind the RED link hold this service's server spans.
  const calls = await promVector(`sum(rate(traces_span_metrics_calls_total{service_name="${svc}", span_kind="SPAN_KIND_SERVER"}[5m]))`, END);
  assert.ok(calls.length === 1 && Number(calls[0].value[1]) > 0, JSON.stringify(calls));
  await page.click(`[data-testid=map-edge][data-client="${deps[0].parent}"][data-server="${svc}"]`);
  await page.click('[data-testid=map-edge-traces]');
  await page.waitForFunction(() => location.hash.startsWith('#/search'));
  // Against Jaeger the search runs as its terms (service=…): traces with the server's spans.
  await page.waitForFunction((svc) => decodeURIComponent(location.hash).includes(`service=${svc}`), svc);
  await page.waitForSelector('[data-testid=search-result]', { timeout: 30000 });
  assert.deepEqual(b.problems, []);
});

test('service map: focus keeps the services within the chosen hops, search marks matches', async () => {
  const { page } = b;
  const deps = (await eventually(() => jaegerDeps(END, END - START))).filter((d) => d.parent !== d.child);
  const promEdges = await promVector(RATE, END);
  const links = [...deps.map((d) => [d.parent, d.child]), ...promEdges.map((r) => [r.metric.client, r.metric.server])];
  const focus = deps[0].child;
  const oneHop = new Set([focus]);
  for (const [a, c] of links) { if (a === focus) oneHop.add(c); if (c === focus) oneHop.add(a); }

  await openMap(page, `&focus=${encodeURIComponent(focus)}&depth=1`);
  const shown = await page.$$eval('[data-testid=map-node]', (els) => els.map((e) => e.dataset.service));
  assert.deepEqual(shown.sort(), [...oneHop].sort());
  assert.equal(await page.locator('[data-testid=map-node].focused').count(), 1);
  // Depth 0: the service alone.
  await page.fill('[data-testid=map-depth]', '0');
  await page.dispatchEvent('[data-testid=map-depth]', 'change');
  await page.click('[data-testid=map-apply]');
  await page.waitForFunction(() => location.hash.includes('depth=0'));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=map-node]').length === 1);

  // Search: only the matching services are marked.
  await openMap(page);
  await page.fill('[data-testid=map-search]', 'EMBED');
  const marked = await page.$$eval('[data-testid=map-node].match', (els) => els.map((e) => e.dataset.service));
  assert.deepEqual(marked, ['embedding-service']);
  assert.ok(await page.locator('[data-testid=map-node].dim').count() > 0);
  // Nodes are keyboard focusable buttons.
  await page.focus('[data-testid=map-node][data-service="embedding-service"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=map-details]');
  assert.deepEqual(b.problems, []);
});
