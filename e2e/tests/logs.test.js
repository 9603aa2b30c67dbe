// Logs end to end: the generator's lines in real Loki, through nginx, into the log list; links to traces.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, gotoRoute, eventually, manifest } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

async function runLogQuery(page, query, limit) {
  await gotoRoute(page, '#/logs');
  if (limit) await page.fill('input[aria-label="Line limit"]', String(limit)), await page.dispatchEvent('input[aria-label="Line limit"]', 'change');
  await page.fill('textarea[aria-label="LogQL query"]', query);
  await page.click('[data-testid=run-query]');
  await page.waitForSelector('[data-testid=logs-summary], [data-testid=query-error]', { timeout: 60000 });
}

test('a label query lists lines and a line filter keeps only matching ones', async () => {
  const { page } = b;
  const id = manifest().featured_trace_id;
  await runLogQuery(page, '{service_name="search-service"}');
  assert.ok(Number(await page.getAttribute('[data-testid=logs-summary]', 'data-lines')) > 0);
  await runLogQuery(page, `{service_name=~".+"} |= "${id}"`);
  const n = Number(await page.getAttribute('[data-testid=logs-summary]', 'data-lines'));
  assert.ok(n > 0, 'lines carry the featured trace id');
  const lines = await page.locator('.log-line').allTextContents();
  assert.ok(lines.length > 0);
  for (const l of lines) assert.ok(l.includes(id), `line without the id: ${l}`);
  // Details show stream labels and structured metadata; the trace link opens the trace view.
  await page.locator('.log-toggle').first().click();
  const details = await page.locator('[data-testid=log-details]').textContent();
  assert.ok(details.includes('service_name'), details);
  await page.locator('[data-testid=log-trace-link]').first().click();
  await page.waitForFunction((tid) => location.hash.includes('/trace') && location.hash.includes(tid), id);
  await page.waitForSelector('[data-testid=trace-header]', { timeout: 30000 });
  assert.deepEqual(b.problems, []);
});

test('paging collects more lines than one Loki query allows', async () => {
  const { page } = b;
  await runLogQuery(page, '{job="trifocal-gen"}', 7000);
  const n = Number(await page.getAttribute('[data-testid=logs-summary]', 'data-lines'));
  assert.equal(n, 7000, await page.locator('[data-testid=logs-summary]').textContent());
  assert.match(await page.locator('[data-testid=logs-summary]').textContent(), /2 page/);
});

test("a bad LogQL query shows Loki's message", async () => {
  const { page } = b;
  await runLogQuery(page, '{service_name="x"');
  const text = await page.locator('[data-testid=query-error]').textContent();
  assert.match(text, /parse error|syntax error/i, text);
});
