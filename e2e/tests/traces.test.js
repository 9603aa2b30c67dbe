// Traces end to end: the generator's traces in real Jaeger (OTLP), through nginx, into the waterfall.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, gotoRoute, eventually, manifest, BASE } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

async function jaegerSpanCount(id) {
  const body = await (await fetch(`${BASE}api/jaeger/api/traces/${id}`)).json();
  return body.data[0].spans.length;
}

test('a trace opened by ID shows every span Jaeger has, and links to its logs', async () => {
  const { page } = b;
  const id = manifest().featured_trace_id;
  const expected = await eventually(() => jaegerSpanCount(id));
  await gotoRoute(page, '#/trace');
  await page.fill('input[aria-label="Trace ID"]', id.replace(/^0+/, '').toUpperCase());
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=trace-header]', { timeout: 30000 });
  assert.equal(Number(await page.getAttribute('[data-testid=trace-header]', 'data-spans')), expected);
  assert.ok(await page.locator('.span-row').count() >= Math.min(expected, 20));
  // Collapse the root: only it stays visible.
  await page.locator('.span-row .twisty').first().click();
  assert.equal(await page.locator('.span-row').count(), 1);
  await page.locator('.span-row .twisty').first().click();
  // Find a span by service.
  await page.fill('input[aria-label="Find in trace"]', 'service=embedding-service');
  assert.match(await page.locator('[data-testid=find-count]').textContent(), /[1-9]\d* matches/);
  // Span details -> logs of this trace.
  await page.locator('.span-row').first().click();
  await page.locator('[data-testid=trace-logs-link]').click();
  await page.waitForSelector('[data-testid=logs-summary]', { timeout: 60000 });
  assert.ok(Number(await page.getAttribute('[data-testid=logs-summary]', 'data-lines')) > 0);
  for (const l of await page.locator('.log-line').allTextContents()) assert.ok(l.includes(id), l);
  assert.deepEqual(b.problems, []);
});

test('search by service lists traces that open', async () => {
  const { page } = b;
  await gotoRoute(page, '#/search');
  await page.fill('textarea[aria-label="Trace query"]', 'service=search-service');
  await page.click('button:has-text("Search")');
  // Results of this query (not of the page's first, default search).
  await page.waitForSelector('[data-testid=search-results][data-query="service=search-service"] [data-testid=search-result]', { timeout: 30000 });
  assert.ok(await page.locator('[data-testid=search-result]').count() > 0);
  await page.locator('[data-testid=search-result]').first().click();
  await page.waitForSelector('[data-testid=trace-header]', { timeout: 30000 });
  assert.ok(Number(await page.getAttribute('[data-testid=trace-header]', 'data-spans')) > 1);
});
