// The trace graph (issue 22) on a live Jaeger trace: one node per distinct call path (service + operation
// from the root), counts that add up to the trace's spans, both read from Jaeger's own API; clicking a
// node selects those spans in the waterfall, and the span selected in the waterfall outlines its node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, gotoRoute, eventually, expectLive, manifest, BASE } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

/** Jaeger's trace grouped by call path: Map(path text -> { service, operation, spanIDs }). */
async function jaegerPaths(id) {
  const t = (await (await fetch(`${BASE}api/jaeger/api/traces/${id}`)).json()).data[0];
  const byId = new Map(t.spans.map((s) => [s.spanID, s]));
  const parentOf = (s) => {
    const refs = s.references || [];
    const r = refs.find((x) => x.refType === 'CHILD_OF' && byId.has(x.spanID)) || refs.find((x) => byId.has(x.spanID));
    return r ? byId.get(r.spanID) : null;
  };
  const step = (s) => `${t.processes[s.processID].serviceName}\u0000${s.operationName}`;
  const pathOf = (s) => {
    const parts = [];
    for (let cur = s; cur; cur = parentOf(cur)) parts.unshift(step(cur));
    return parts.join('\u0001');
  };
  const paths = new Map();
  for (const s of t.spans) {
    const p = pathOf(s);
    if (!paths.has(p)) paths.set(p, { service: t.processes[s.processID].serviceName, operation: s.operationName, spanIDs: [] });
    paths.get(p).spanIDs.push(s.spanID);
  }
  return { spans: t.spans.length, paths };
}

const sorted = (xs) => [...xs].sort();

test('trace graph: one node per call path, counts from Jaeger, clicking a node selects its spans', async () => {
  const { page } = b;
  const id = manifest().featured_trace_id;
  const jt = await eventually(() => jaegerPaths(id));
  assert.ok(jt.paths.size < jt.spans, 'the featured trace repeats a call path, so merging shows');

  await gotoRoute(page, `#/trace/${id}`);
  await expectLive(page, 'Jaeger');
  await page.waitForSelector('[data-testid=trace-header]', { timeout: 30000 });
  await page.check('[data-testid=trace-graph-toggle]');
  await page.waitForSelector('[data-testid=trace-graph] [data-testid=graph-node]');

  const nodes = await page.$$eval('[data-testid=graph-node]', (els) => els.map((e) => ({
    key: e.dataset.key, service: e.dataset.service, operation: e.dataset.operation, count: Number(e.dataset.count),
  })));
  assert.equal(nodes.length, jt.paths.size, 'one node per distinct call path');
  assert.equal(Number(await page.getAttribute('[data-testid=trace-graph]', 'data-nodes')), jt.paths.size);
  assert.equal(nodes.reduce((a, n) => a + n.count, 0), jt.spans, 'node counts add up to the trace\'s spans');
  assert.deepEqual(
    sorted(nodes.map((n) => `${n.service}|${n.operation}|${n.count}`)),
    sorted([...jt.paths.values()].map((p) => `${p.service}|${p.operation}|${p.spanIDs.length}`)),
  );

  // Click the node with the most spans: exactly its path's spans are found and the first is selected.
  const biggest = nodes.reduce((a, n) => (n.count > a.count ? n : a));
  assert.ok(biggest.count > 1);
  const expected = [...jt.paths.values()].filter((p) => p.service === biggest.service && p.operation === biggest.operation && p.spanIDs.length === biggest.count);
  const ids = new Set(expected.flatMap((p) => p.spanIDs));
  await page.click(`[data-testid=graph-node][data-key="${biggest.key}"]`);
  assert.equal(await page.getAttribute(`[data-testid=graph-node][data-key="${biggest.key}"]`, 'aria-pressed'), 'true');
  await page.waitForFunction((n) => document.querySelector('[data-testid=find-count]')?.textContent.includes(`of ${n}`), biggest.count);
  const selected = await page.waitForSelector('.span-row.selected');
  assert.ok(ids.has(await selected.getAttribute('data-span-id')), 'the selected span is on the clicked path');
  const hits = await page.$$eval('.span-row.hit', (els) => els.map((e) => e.dataset.spanId));
  assert.ok(hits.length > 0);
  for (const h of hits) assert.ok(ids.has(h), `span ${h} is highlighted but not on the path`);
  if (jt.spans <= 20) assert.equal(hits.length, biggest.count);

  // The reverse: selecting a span in the waterfall outlines its node.
  await page.fill('input[aria-label="Find in trace"]', '');
  const drawn = await page.$$eval('.span-row', (els) => els.map((e) => e.dataset.spanId));
  const otherSpan = drawn.find((sid) => sid && !ids.has(sid));
  const other = [...jt.paths.values()].find((p) => p.spanIDs.includes(otherSpan));
  await page.click(`.span-row[data-span-id="${otherSpan}"]`);
  await page.waitForSelector(`[data-testid=graph-node].current[data-service="${other.service}"][data-operation="${other.operation}"]`);
  assert.equal(await page.locator('[data-testid=graph-node].current').count(), 1);
  assert.equal(Number(await page.getAttribute('[data-testid=graph-node].current', 'data-count')), other.spanIDs.length);

  // Colour by self time changes the nodes' colours.
  const before = await page.$eval(`[data-testid=graph-node][data-key="${biggest.key}"]`, (e) => e.style.borderLeftColor);
  await page.selectOption('[data-testid=graph-colour]', 'self');
  await page.waitForFunction(([k, c]) => document.querySelector(`[data-testid=graph-node][data-key="${k}"]`).style.borderLeftColor !== c, [biggest.key, before]);
  assert.deepEqual(b.problems, []);
});
