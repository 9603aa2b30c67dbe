// With no backend at all (a plain static file server, no /api proxies), the app shows the labelled demo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBrowser } from './harness.js';

const dist = join(dirname(fileURLToPath(import.meta.url)), '../../dist');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };
let server, base, subServer, subBase, b;

/** A static file server for dist/ at `prefix` only (anything else is 404), and no backend under /api/. */
function staticServer(prefix) {
  return createServer(async (req, res) => {
    const full = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (full.startsWith('/api/') || !full.startsWith(prefix)) { res.writeHead(404); res.end('no backend here'); return; }
    const path = '/' + full.slice(prefix.length);
    try {
      const body = await readFile(join(dist, path === '/' ? 'index.html' : path));
      res.writeHead(200, { 'Content-Type': types[extname(path)] || (path === '/' ? 'text/html' : 'application/octet-stream') });
      res.end(body);
    } catch { res.writeHead(404); res.end(); }
  });
}

before(async () => {
  server = staticServer('/');
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}/`;
  // As a docs site or a proxy sub-path serves it: the files exist only under /sub/dir/.
  subServer = staticServer('/sub/dir/');
  await new Promise((r) => subServer.listen(0, '127.0.0.1', r));
  subBase = `http://127.0.0.1:${subServer.address().port}/sub/dir/`;
  b = await openBrowser();
});
after(async () => { await b.browser.close(); server.close(); subServer.close(); });

test('demo mode: labelled recorded data in every view', async () => {
  const { page } = b;
  await page.goto(base);
  await page.waitForSelector('[data-testid=demo-banner]', { timeout: 20000 });
  assert.equal(await page.getAttribute('[data-testid=backend-status]', 'data-mode'), 'demo');
  await page.click('text=Request rate by service');
  // Series come first, then their exemplars (both from the recorded files, fetched on demand).
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid=metrics-summary]');
    return el && Number(el.dataset.series) > 0 && Number(el.dataset.exemplars) > 0;
  }, null, { timeout: 20000 });
  assert.match(await page.locator('[data-testid=demo-note]').textContent(), /Demo data/);
  await page.goto(base + '#/');
  // The card is a plain title while the examples are looked up and a link once found: click the link.
  await page.click('a:has-text("A RAG request, span by span")');
  await page.waitForSelector('[data-testid=trace-header]');
  assert.ok(Number(await page.getAttribute('[data-testid=trace-header]', 'data-spans')) > 5);
  await page.goto(base + '#/');
  await page.click('text=Embedding-service logs');
  await page.waitForSelector('[data-testid=logs-summary]');
  assert.ok(Number(await page.getAttribute('[data-testid=logs-summary]', 'data-lines')) > 0);
  assert.deepEqual(b.problems, []);
});

test('demo mode: the trace search box is a TraceQL editor with highlighting and completion of intrinsics', async () => {
  const { page } = b;
  await page.goto(base + '#/search');
  await page.waitForFunction(() => document.querySelector('[data-testid=backend-status]')?.dataset.mode === 'demo', null, { timeout: 20000 });
  const editor = page.locator('textarea[aria-label="Trace query"]');
  await editor.fill('{ sta');
  const option = page.locator('[role=listbox] [role=option][data-value="status"]');
  await option.waitFor({ timeout: 10000 });
  await page.keyboard.press('Escape');
  await editor.fill('{ status = error && duration > 5ms }');
  // The overlay colours the query by token: a keyword value, an operator, a duration.
  await page.waitForSelector('.qe .tok-dur');
  assert.equal(await page.locator('.qe .tok-dur').first().textContent(), '5ms');
  await page.keyboard.press('Shift+Enter');
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('status = error'));
  assert.deepEqual(b.problems, []);
});

test('a malformed link degrades to a view with a notice, never a blank page', async () => {
  const { page } = b;
  await page.goto(base + '#/metrics?from=banana&to=now');
  await page.waitForSelector('.notice');
  assert.match(await page.locator('.notice').textContent(), /from/);
  assert.ok(await page.locator('textarea[aria-label="PromQL query A"]').count() === 1);
});

test('the same build works from a sub-path (relative asset and data URLs)', async () => {
  const { page } = b;
  await page.goto(subBase);
  await page.waitForSelector('[data-testid=demo-banner]', { timeout: 20000 });
  await page.goto(subBase + '#/');
  // The card is a plain title while the examples are looked up and a link once found: click the link.
  await page.click('a:has-text("A RAG request, span by span")');
  await page.waitForSelector('[data-testid=trace-header]');
  assert.ok(Number(await page.getAttribute('[data-testid=trace-header]', 'data-spans')) > 5);
  assert.deepEqual(b.problems, []);
});
