// Secrets stay in the browser: with a bearer token and a tenant set under Settings, every backend request
// carries them as headers, and neither ever shows up in a page URL, a copied link, an exported dashboard or
// snapshot, a console message, the page's text, or an error message — even when the server that refused
// the request quotes the credentials back. Runs against the live stack through proxy.js (which passes
// everything to the stack's nginx, CSP included, except the one failure it is told to make).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openBrowser, manifest, eventually } from './harness.js';
import { startProxy } from './proxy.js';

const TOKEN = 'tfk_9f3Qz+Lm/Xw7=Rr2-secret';
const TENANT = 'tenant-e2e-7781';
let proxy, b;
const seen = { urls: [], console: [], requests: [], texts: [] };

before(async () => {
  proxy = await startProxy();
  b = await openBrowser();
  await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: proxy.base.replace(/\/$/, '') });
  const { page } = b;
  page.on('console', (m) => seen.console.push(m.text()));
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) seen.urls.push(f.url()); });
  page.on('request', (r) => seen.requests.push(r));
});
after(async () => { await b.browser.close(); await proxy.close(); });

const leaks = (text) => [TOKEN, TENANT, encodeURIComponent(TOKEN)].filter((s) => String(text).includes(s));

async function live(page) {
  await page.waitForFunction(() => document.querySelector('[data-testid=backend-status]')?.dataset.mode === 'live', null, { timeout: 20000 });
}

/** The page's text and markup (attributes included), kept for the final check. */
async function keepDom(page, where) {
  const dom = await page.evaluate(() => `${document.documentElement.outerHTML}\n${document.body.innerText}`);
  seen.texts.push([where, dom]);
}

async function download(page, selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return readFileSync(await d.path(), 'utf8');
}

test('a token and tenant set in Settings go on every backend request as headers and nowhere else', async () => {
  const { page } = b;
  const base = proxy.base;
  await page.goto(`${base}#/settings`);
  await page.fill('input[type=password]', TOKEN);
  await page.locator('label.field', { hasText: 'Tenant (X-Scope-OrgID)' }).locator('input').fill(TENANT);
  // From here on every backend request must carry them (the page's first probe ran before they were set).
  const fromReq = seen.requests.length;
  const fromLog = proxy.log.length;
  await page.click('[data-testid=settings-save]');
  await page.waitForSelector('[data-testid=connection-test]');
  assert.match(await page.textContent('[data-testid=connection-test]'), /Prometheus: answers/);
  await keepDom(page, 'settings');

  // Metrics, with the query inspector open.
  await page.goto(`${base}#/metrics?q.A=${encodeURIComponent('sum by (service_name) (rate(http_server_requests_total[1m]))')}`);
  await live(page);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=metrics-summary]')?.dataset.series) > 0, null, { timeout: 30000 });
  await page.click('text=Query inspector');
  await keepDom(page, 'metrics');

  // Logs, and a link to one line copied from its details.
  await page.goto(`${base}#/logs?query=${encodeURIComponent('{service_name="search-service"}')}`);
  await live(page);
  await page.waitForSelector('[data-testid=logs-summary]', { timeout: 60000 });
  // Live tail is a WebSocket, which cannot carry headers: by design it goes to the same-origin proxy
  // without them, and the secrets do not move into its URL instead.
  const sockets = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.click('[data-testid=live-toggle]');
  await page.waitForSelector('[data-testid=tail-status][data-mode=live]', { timeout: 15000 });
  assert.match(await page.textContent('.tail-note'), /cannot be sent on a WebSocket/);
  await keepDom(page, 'logs');
  await page.click('[data-testid=live-toggle]');
  assert.equal(sockets.length, 1);
  const upgrade = proxy.log.filter((e) => e.action === 'upgrade');
  assert.equal(upgrade.length, 1);
  assert.equal(upgrade[0].headers.authorization, undefined);

  // A trace.
  await page.goto(`${base}#/trace/${manifest().featured_trace_id}`);
  await page.waitForSelector('[data-testid=trace-header]', { timeout: 30000 });
  await keepDom(page, 'trace');

  // A dashboard: export, snapshot, both share links.
  await page.goto(`${base}#/dashboard/trifocal-demo?from=now-1h&to=now`);
  await eventually(async () => {
    const s = await page.$$eval('[data-testid=panel]', (els) => els.map((p) => p.dataset.state));
    return s.length > 0 && s.every((x) => x === 'ok');
  }, { timeout: 60000 });
  const exported = await download(page, '[data-testid=dash-export]');
  const snapshot = await download(page, '[data-testid=dash-snapshot]');
  assert.equal(JSON.parse(exported).metadata.name, 'trifocal-demo');
  assert.ok(JSON.parse(snapshot).data.length > 0);
  const links = [];
  for (const sel of ['[data-testid=dash-share]', 'button:has-text("Copy link (frozen time)")']) {
    await page.click(sel);
    links.push(await page.evaluate(() => navigator.clipboard.readText()));
  }
  assert.ok(links.every((l) => l.includes('#/dashboard/trifocal-demo')), links.join('\n'));
  await keepDom(page, 'dashboard');

  // A server that refuses the credentials and quotes them back: the message is shown, scrubbed.
  proxy.setRule((p) => (p === '/api/prometheus/api/v1/query_range' ? { kind: 'echo401' } : null));
  await page.goto(`${base}#/metrics?q.A=up`);
  await live(page);
  const err = page.locator('[data-testid=query-error]');
  await err.waitFor({ timeout: 20000 });
  const message = await err.textContent();
  assert.match(message, /401/);
  assert.match(message, /\[redacted\]/, 'the echo is there, the secrets are not');
  await page.goto(`${base}#/dashboard/trifocal-demo?from=now-1h&to=now`);
  const panelErrors = await eventually(async () => {
    const e = await page.$$eval('[data-testid=panel-error]', (els) => els.map((x) => x.textContent));
    return e.length > 0 && e;
  }, { timeout: 30000 });
  const failedSnapshot = await download(page, '[data-testid=dash-snapshot]');
  await keepDom(page, 'failing dashboard');
  proxy.setRule(null);
  const echoed = proxy.log.filter((e) => e.action === 'echo401');
  assert.ok(echoed.length >= 2, 'the failing server was asked');

  // Every backend request carried both headers (WebSockets cannot, and none was opened here).
  const api = seen.requests.slice(fromReq).filter((r) => new URL(r.url()).pathname.startsWith('/api/'));
  assert.ok(api.length >= 20, `only ${api.length} backend requests`);
  for (const r of api) {
    const h = await r.allHeaders();
    assert.equal(h.authorization, `Bearer ${TOKEN}`, r.url());
    assert.equal(h['x-scope-orgid'], TENANT, r.url());
  }
  const asked = proxy.log.slice(fromLog).filter((e) => e.action !== 'upgrade');
  assert.ok(asked.every((e) => e.headers.authorization === `Bearer ${TOKEN}` && e.headers['x-scope-orgid'] === TENANT), 'as the server saw them');

  // And in none of these.
  const places = [
    ...seen.urls.map((u) => ['page URL', u]),
    ...seen.requests.map((r) => ['request URL', r.url()]),
    ...sockets.map((u) => ['WebSocket URL', u]),
    ...upgrade.map((e) => ['WebSocket request as the server saw it', JSON.stringify(e)]),
    ...links.map((l) => ['copied link', l]),
    ['exported dashboard', exported],
    ['snapshot', snapshot],
    ['snapshot of failing panels', failedSnapshot],
    ['error message', message],
    ...panelErrors.map((e) => ['panel error', e]),
    ...seen.console.map((c) => ['console', c]),
    ...seen.texts,
  ];
  assert.ok(seen.urls.length >= 6);
  for (const [where, text] of places) assert.deepEqual(leaks(text), [], `${where}: ${String(text).slice(0, 300)}`);
  // Only the settings themselves hold them, in this browser's storage.
  const stored = await page.evaluate(() => Object.entries(localStorage));
  assert.deepEqual(stored.filter(([, v]) => leaks(v).length).map(([k]) => k), ['trifocal.datasources']);
  assert.deepEqual(b.problems, []);
});
