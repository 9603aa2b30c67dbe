// Accessibility: axe-core audits every main view (dashboards in view and edit mode too) against the live stack; serious or critical violations fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { openBrowser, gotoRoute, manifest } from './harness.js';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

async function audit(page) {
  // Evaluated through the debugger protocol: the page's Content-Security-Policy allows no injected script tag.
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

const views = () => [
  ['home', '#/', null],
  ['metrics', '#/metrics?q.A=sum%20by%20(service_name)%20(rate(http_server_requests_total%5B1m%5D))', '[data-testid=metrics-summary]'],
  ['logs', '#/logs?query=%7Bservice_name%3D%22search-service%22%7D', '[data-testid=logs-summary]'],
  ['search', '#/search?query=service%3Dsearch-service', '[data-testid=search-result]'],
  ['trace', `#/trace/${manifest().featured_trace_id}`, '[data-testid=trace-header]'],
  // The span tree itself (treeitems with their levels), with a find active: matches marked, the rest dimmed.
  ['trace tree', `#/trace/${manifest().featured_trace_id}`, '[role=tree] [role=treeitem][aria-level]', async (page) => {
    await page.fill('input[aria-label="Find in trace"]', 'service=search-service');
    await page.waitForFunction(() => /match/.test(document.querySelector('[data-testid=find-count]')?.textContent || ''));
  }],
  // A featured trace against an error trace: rows only in A, only in B and changed.
  ['compare', `#/compare/${manifest().featured_trace_id}/${manifest().error_trace_ids[0]}`, '[data-testid=compare-table]'],
  ['settings', '#/settings', null],
  ['dashboards', '#/dashboard', '[data-testid=dash-list]'],
  ['dashboard', '#/dashboard/trifocal-demo', '[data-testid=panel][data-state=ok]'],
  // Edit mode: the edit bar, the variables editor with a variable's form open, and the JSON model.
  ['dashboard editing', '#/dashboard/trifocal-demo', '[data-testid=panel]', async (page) => {
    await page.click('[data-testid=dash-edit]');
    await page.click('[data-testid=vars-editor] summary');
    await page.click('[data-testid=var-row] button[aria-label^="Edit variable"]');
    await page.click('[data-testid=json-model] summary');
    await page.waitForSelector('[data-testid=var-form]');
  }],
];

for (const theme of ['dark', 'light']) {
  test(`no serious accessibility violations in any main view (${theme} theme)`, async () => {
    const { page } = b;
    await page.emulateMedia({ colorScheme: theme });
    await page.goto('about:blank'); // a fresh load, so the app starts in this theme
    const found = [];
    for (const [name, route, ready, setup] of views()) {
      await gotoRoute(page, route);
      if (ready) await page.waitForSelector(ready, { timeout: 30000 });
      if (setup) await setup(page);
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
      for (const v of await audit(page)) found.push(`${name}: ${v}`);
    }
    assert.deepEqual(found, []);
  });
}
