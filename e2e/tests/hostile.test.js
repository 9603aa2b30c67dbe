// Hostile log content through the real pipeline: the generator pushes lines with HTML, scripts, ANSI and
// bidi controls and a 100 KB line into Loki; the logs view shows them as inert text and keeps working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBrowser, gotoRoute } from './harness.js';

const GEN = join(dirname(fileURLToPath(import.meta.url)), '../../target/release/trifocal-gen');
const LOKI = `http://127.0.0.1:${process.env.TRIFOCAL_LOKI_PORT || 23100}`;
const service = `hostile-${Date.now()}`;
let b;
before(async () => {
  execFileSync(GEN, ['log-burst', '--lines', '200', '--loki', LOKI, '--service', service], { stdio: 'pipe' });
  b = await openBrowser();
  await b.page.addInitScript(() => { window.alert = () => { window.__alerted = true; }; });
});
after(async () => { await b.browser.close(); });

test('hostile lines render as text, run nothing, and the view keeps working', async () => {
  const { page } = b;
  const query = encodeURIComponent(`{service_name="${service}"}`);
  await gotoRoute(page, `#/logs?from=now-1h&to=now&query=${query}&limit=500`);
  await page.waitForSelector('[data-testid=logs-summary]', { timeout: 60000 });
  assert.equal(Number(await page.getAttribute('[data-testid=logs-summary]', 'data-lines')), 200);
  // Scroll through the list so every row is rendered once.
  // Scroll through the (virtualised) list, collecting what each window shows.
  const { text, html } = await page.evaluate(async () => {
    const list = document.querySelector('[data-testid=log-list]');
    let text = '', html = '';
    for (let y = 0; y <= list.scrollHeight; y += 200) {
      list.scrollTop = y;
      list.dispatchEvent(new Event('scroll'));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      text += list.textContent; html += list.innerHTML;
    }
    return { text, html };
  });
  assert.equal(await page.locator('[data-testid=log-list] script, [data-testid=log-list] img, [data-testid=log-list] iframe').count(), 0, 'no element came from a log line');
  assert.equal(await page.evaluate(() => window.__alerted === true), false, 'no script ran');
  assert.ok(html.includes('&lt;script&gt;') || text.includes('<script>'), 'the markup is shown as text');
  assert.ok(!text.includes('\u202e') && !text.includes('\u001b'), 'bidi override and ANSI escapes are not passed through');
  // The 100 KB line is shortened with its size.
  assert.ok(/… \(\d{6} bytes\)/.test(text) || /bytes\)/.test(text), 'the long line is truncated with its size');
  assert.deepEqual(b.problems, []);
  // Everything else still works: open a metrics view afterwards.
  await gotoRoute(page, '#/metrics?q.A=up');
  await page.waitForSelector('[data-testid=metrics-summary]');
});
