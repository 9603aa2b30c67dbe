// Screenshots of each main view in both themes, against a running stack (scripts/stack.sh up), into
// docs/screenshots/. usage: node e2e/screenshots.mjs   (TRIFOCAL_BASE_URL / TRIFOCAL_STACK_DIR as for the tests)
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBrowser, gotoRoute, manifest } from './tests/harness.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '../docs/screenshots');
mkdirSync(out, { recursive: true });
const id = manifest().featured_trace_id;
const views = [
  ['home', '#/', null],
  ['metrics', '#/metrics?from=now-15m&to=now&q.A=sum%20by%20(service_name)%20(rate(http_server_requests_total%5B1m%5D))&legend.A=%7B%7Bservice_name%7D%7D', '[data-testid=metrics-summary]'],
  // The stack's Loki is the replay of recorded answers (docs/decisions/0008): its recorded query and window.
  ['logs', `#/logs?query=${encodeURIComponent('{service_name="embedding-service"} | json')}&from=1795452831000&to=1795454006000&limit=20`, '[data-testid=logs-summary]'],
  ['trace', `#/trace/${id}`, '[data-testid=trace-header]'],
  ['search', '#/search?query=service%3Dsearch-service', '[data-testid=search-result]'],
];
const b = await openBrowser();
for (const theme of ['dark', 'light']) {
  await b.page.emulateMedia({ colorScheme: theme });
  await b.page.goto('about:blank'); // a fresh load, so the app reads the new colour scheme
  for (const [name, route, ready] of views) {
    await gotoRoute(b.page, route);
    if (ready) await b.page.waitForSelector(ready, { timeout: 30000 });
    await b.page.waitForTimeout(500);
    await b.page.screenshot({ path: join(out, `${name}-${theme}.png`) });
    console.log(`${name}-${theme}.png`);
  }
}
await b.browser.close();
