// The incident path (issue 21), live: from an alert that fires in the stack's Prometheus 3, one click to its
// expression over the firing window with exemplars; an exemplar to its trace in Jaeger; the trace to its logs
// in VictoriaLogs. Each step's expected data is read from that backend's own API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, gotoRoute, expectLive, eventually, useDatasources, fetchJson, firingRule } from './harness.js';

let b;
before(async () => {
  b = await openBrowser();
  await useDatasources(b.context, { logs: 'VictoriaLogs', victorialogs: '/api/victorialogs' });
  // The trace → logs link in LogsQL, as a user with VictoriaLogs sets it under Settings (the default template is
  // LogQL, for Loki).
  await b.context.addInitScript(() => {
    if (!/^https?:$/.test(location.protocol)) return;
    localStorage.setItem('trifocal.correlations', JSON.stringify({ trace_logs: 'trace_id:="${traceId}"', span_logs: 'trace_id:="${traceId}"' }));
  });
});
after(async () => { await b.browser.close(); });

test('incident path (live): firing alert → its expression with exemplars over the firing window → trace → its logs', async () => {
  const { page } = b;
  // The rule Prometheus reports firing, and when its first alert became active.
  const rule = await firingRule('HighErrorRate');
  const firstActive = Math.min(...rule.alerts.map((a) => Date.parse(a.activeAt)));

  await gotoRoute(page, '#/alerts?state=firing&q=HighErrorRate');
  await expectLive(page, 'Prometheus');
  const card = page.locator('[data-testid=rule][data-rule=HighErrorRate]');
  await card.waitFor({ timeout: 30000 });
  assert.equal(await card.getAttribute('data-state'), 'firing');
  // One click: the metrics view of the rule's expression, from before its first alert to now, exemplars on.
  await card.locator('[data-testid=rule-expr]').click();
  await page.waitForFunction(() => location.hash.startsWith('#/metrics'));
  const params = new URLSearchParams(page.url().split('?')[1]);
  assert.equal(params.get('q.A'), rule.query);
  assert.ok(Number(params.get('from')) <= firstActive, `from ${params.get('from')} is before the first alert ${firstActive}`);
  assert.equal(await page.inputValue('textarea[aria-label="PromQL query A"]'), rule.query);
  await expectLive(page, 'Prometheus');
  // Exemplars of the expression's series in that window, as Prometheus has them.
  const from = Number(params.get('from')) / 1000;
  const ex = await fetchJson(`${BASE}api/prometheus/api/v1/query_exemplars?${new URLSearchParams({ query: rule.query, start: String(from), end: String(Date.now() / 1000) })}`);
  assert.ok(ex.data.some((s) => s.exemplars.length > 0), 'Prometheus has exemplars for the expression');
  await eventually(async () => Number(await page.getAttribute('[data-testid=metrics-summary]', 'data-exemplars')) > 0
    && (await page.locator('a.exemplar[data-trace-id]').count()) > 0, { timeout: 60000 });
  // An exemplar whose trace Jaeger holds (the oldest may have been evicted), at a point of the chart where no
  // other exemplar lies on top of it (exemplars of one moment in several series overlap, as they do in Grafana).
  await page.locator('a.exemplar[data-trace-id]').first().scrollIntoViewIfNeeded();
  const uncovered = await page.$$eval('a.exemplar[data-trace-id]', (as) => as.flatMap((a) => {
    const r = a.getBoundingClientRect();
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    const top = document.elementFromPoint(x, y)?.closest('a.exemplar');
    return top === a ? [{ id: a.dataset.traceId, x, y }] : [];
  }));
  let hit = null;
  for (const e of uncovered.reverse().slice(0, 60)) {
    const r = await fetch(`${BASE}api/jaeger/api/traces/${e.id}`);
    if (r.ok) { hit = e; break; }
  }
  assert.ok(hit, 'an exemplar on top of the chart links a trace Jaeger has');
  const id = hit.id;
  await page.mouse.click(hit.x, hit.y);
  await page.waitForFunction((tid) => location.hash.startsWith('#/trace/') && location.hash.includes(tid), id);
  await page.waitForSelector('[data-testid=trace-header]', { timeout: 30000 });
  await expectLive(page, 'Jaeger');
  const spans = (await fetchJson(`${BASE}api/jaeger/api/traces/${id}`)).data[0].spans.length;
  assert.equal(Number(await page.getAttribute('[data-testid=trace-header]', 'data-spans')), spans);
  // The trace's logs, from VictoriaLogs: as many lines as it has for the link's query and range.
  await page.locator('.span-row').first().click();
  await page.locator('[data-testid=trace-logs-link]').click();
  await page.waitForFunction(() => location.hash.startsWith('#/logs'));
  await expectLive(page, 'VictoriaLogs');
  await page.waitForSelector('[data-testid=logs-summary], [data-testid=query-error]', { timeout: 60000 });
  const lp = new URLSearchParams(page.url().split('?')[1]);
  const ns = (ms) => `${BigInt(ms) * 1000000n}`;
  const counted = await fetch(`${BASE}api/victorialogs/select/logsql/query?${new URLSearchParams({
    query: `${lp.get('query')} | stats count() n`, start: ns(Number(lp.get('from'))), end: ns(Number(lp.get('to'))) })}`);
  const countBody = await counted.text();
  assert.equal(counted.status, 200, `VictoriaLogs counted ${lp.get("query")}: ${countBody.slice(0, 300)}`);
  const n = Number(JSON.parse(countBody).n);
  assert.ok(n > 0, `VictoriaLogs has lines for ${lp.get('query')}`);
  assert.equal(Number(await page.getAttribute('[data-testid=logs-summary]', 'data-lines')), n);
  assert.ok((await page.textContent('.log-row')).length > 0);
  assert.deepEqual(b.problems, []);
});
