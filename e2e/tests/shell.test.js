// App shell: keyboard shortcuts (never while typing), cheat sheet, theme switching reaching the charts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, gotoRoute, BASE } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

test('? opens the cheat sheet and Esc closes it', async () => {
  const { page } = b;
  await gotoRoute(page, '#/');
  await page.keyboard.press('?');
  await page.waitForSelector('[data-testid=shortcuts]');
  assert.ok((await page.locator('[data-testid=shortcuts] tr').count()) >= 10);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('[data-testid=shortcuts]').count(), 0);
});

test('g l goes to logs, but not while typing in an editor', async () => {
  const { page } = b;
  await gotoRoute(page, '#/metrics');
  await page.click('textarea[aria-label="PromQL query A"]');
  await page.keyboard.type('g l');
  assert.ok(page.url().includes('#/metrics'), page.url());
  assert.equal(await page.inputValue('textarea[aria-label="PromQL query A"]'), 'g l');
  // Esc closes the editor's suggestions if they are open, a second Esc leaves the editor.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.keyboard.press('g');
  await page.keyboard.press('l');
  await page.waitForFunction(() => location.hash.startsWith('#/logs'));
  await page.waitForSelector('textarea[aria-label="LogQL query"]');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'LogQL query');
});

test('t ← shifts the time range back by its width; t z zooms out', async () => {
  const { page } = b;
  await gotoRoute(page, '#/metrics?from=now-1h&to=now');
  await page.keyboard.press('t');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => !location.hash.includes('from=now-1h'));
  const u = new URL(page.url().replace('#/', ''));
  const from = Number(u.searchParams.get('from')), to = Number(u.searchParams.get('to'));
  assert.ok(Math.abs((to - from) - 3600e3) < 2000, `width ${to - from}`);
  assert.ok(Math.abs(Date.now() - 3600e3 - to) < 60e3, `ends an hour ago: ${new Date(to).toISOString()}`);
  await page.keyboard.press('t');
  await page.keyboard.press('z');
  await page.waitForFunction((f) => !location.hash.includes(`from=${f}`), String(from));
  const v = new URL(page.url().replace('#/', ''));
  assert.ok(Number(v.searchParams.get('to')) - Number(v.searchParams.get('from')) > 7000e3);
});

test('c t switches the theme, and the chart is redrawn in it', async () => {
  const { page } = b;
  await gotoRoute(page, '#/metrics?q.A=up');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=metrics-summary]')?.dataset.series) > 0, null, { timeout: 30000 });
  const corner = () => page.evaluate(() => {
    const c = document.querySelector('.chart canvas');
    return Array.from(c.getContext('2d').getImageData(2, 2, 1, 1).data.slice(0, 3));
  });
  const before = { theme: await page.evaluate(() => document.documentElement.dataset.theme), px: await corner() };
  await page.keyboard.press('c');
  await page.keyboard.press('t');
  await page.waitForFunction((t) => document.documentElement.dataset.theme !== t, before.theme);
  await page.waitForTimeout(300);
  const px = await corner();
  assert.notDeepEqual(px, before.px, 'chart background follows the theme');
  const lum = (p) => p[0] + p[1] + p[2];
  assert.ok(before.theme === 'dark' ? lum(px) > lum(before.px) : lum(px) < lum(before.px));
  await page.keyboard.press('c');
  await page.keyboard.press('t');
});

test('nothing overflows horizontally at tablet width (768 px)', async () => {
  const { page } = b;
  await page.setViewportSize({ width: 768, height: 1000 });
  const routes = ['#/', '#/metrics?q.A=up', '#/logs?query=%7Bjob%3D%22trifocal-gen%22%7D', '#/search', '#/settings'];
  for (const r of routes) {
    await gotoRoute(page, r);
    await page.waitForTimeout(800);
    const over = await page.evaluate(() => [...document.querySelectorAll('body *')]
      .filter((el) => { const rc = el.getBoundingClientRect(); return rc.width > 0 && rc.right > innerWidth + 1; })
      .slice(0, 5).map((el) => `${el.tagName}.${el.className}`));
    assert.deepEqual(over, [], `${r} overflows`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('split explore: metrics and logs side by side on one time range; a range change in one pane moves both', async () => {
  const { page } = b;
  await gotoRoute(page, `#/metrics?from=now-30m&to=now&q.A=${encodeURIComponent('sum by (service_name) (rate(http_server_requests_total[1m]))')}`);
  await page.waitForSelector('[data-testid=metrics-summary]');
  await page.click('[data-testid=split-button]');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=split-left] [data-testid=metrics-summary]')?.dataset.series) > 0, null, { timeout: 30000 });
  // The right pane is a logs view on the same range: run a query there.
  const right = page.locator('[data-testid=split-right]');
  await right.locator('textarea[aria-label="LogQL query"]').fill('{service_name="search-service"}');
  await right.locator('[data-testid=run-query]').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=split-right] [data-testid=logs-summary]')?.dataset.lines) > 0, null, { timeout: 60000 });
  const sides = () => page.evaluate(() => {
    const q = new URLSearchParams(location.hash.replace(/^#\/split\?/, ''));
    const side = (k) => new URLSearchParams((q.get(k) || '').split('?')[1] || '');
    return { left: side('left').get('from'), right: side('right').get('from'), rightQuery: side('right').get('query') };
  });
  let s = await sides();
  assert.equal(s.left, 'now-30m');
  assert.equal(s.right, 'now-30m');
  assert.equal(s.rightQuery, '{service_name="search-service"}', 'the right pane ran its own query; the left kept its view');
  // A quick range chosen in the right pane applies to both.
  await right.locator('select[aria-label="Quick range"]').selectOption('now-6h');
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('from=now-6h'));
  s = await sides();
  assert.deepEqual([s.left, s.right], ['now-6h', 'now-6h']);
  await page.waitForSelector('[data-testid=split-left] [data-testid=metrics-summary]');
  assert.deepEqual(b.problems, []);
});

test('the app runs under the nginx recipe\'s strict Content-Security-Policy with no violation', async () => {
  const { page } = b;
  await page.goto('about:blank');
  const res = await page.goto(`${BASE}#/`);
  const csp = (await res.allHeaders())['content-security-policy'] || '';
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/, csp);
  assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/, 'no inline scripts allowed');
  await page.evaluate(() => { window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`)); });
  for (const route of ['#/metrics?q.A=up', '#/logs?query=%7Bjob%3D%22trifocal-gen%22%7D', '#/search?query=service%3Dsearch-service', '#/dashboard/trifocal-demo']) {
    await page.evaluate((r) => { location.hash = r.slice(1); }, route);
    await page.waitForTimeout(1500);
  }
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(b.problems, []);
});

test('leaving each view while it is still loading never crashes the app', async () => {
  // Every view starts requests when it opens; leaving it before they finish aborts them and disposes its
  // state. A task that read that state after the abort would panic the wasm (seen once in the outage test).
  const { page } = b;
  await gotoRoute(page, '#/');
  const routes = ['#/search', '#/metrics?q.A=up', '#/logs?query=%7Bservice_name%3D%22search-service%22%7D',
    '#/dashboard/trifocal-demo', '#/search?query=service%3Dsearch-service', '#/split', '#/settings', '#/'];
  for (let round = 0; round < 4; round++) {
    for (const [i, r] of routes.entries()) {
      await page.evaluate((h) => { location.hash = h; }, r);
      await page.waitForTimeout(15 + ((i * 37 + round * 53) % 120));
    }
    await page.goBack();
    await page.goBack();
  }
  // Settings' "Save and test" starts the backend probes; leaving at once must not crash when they answer.
  for (let round = 0; round < 3; round++) {
    await gotoRoute(page, '#/settings');
    await page.click('button:has-text("Save and test")');
    await page.evaluate(() => { location.hash = '#/logs'; });
    await page.waitForFunction(() => document.querySelector('[data-testid=backend-status]')?.dataset.mode !== 'checking', null, { timeout: 20000 });
  }
  await page.evaluate(() => { location.hash = '#/metrics?q.A=up'; });
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=metrics-summary]')?.dataset.series) > 0, null, { timeout: 20000 });
  assert.equal(await page.locator('.crash').count(), 0, 'no crash screen');
  assert.deepEqual(b.problems, []);
});

test('a page whose code cannot be fetched says so without crashing, and loads when opened again', async () => {
  // The release build fetches each page's wasm part on its first visit (docs/decisions/0005). A failed fetch
  // (network down, or a tab left open across a deploy that replaced the files) must not panic the app.
  const f = await openBrowser();
  try {
    const { page } = f;
    const parts = [];
    const block = (route) => {
      const name = route.request().url().split('/').pop();
      if (/^trifocal-[0-9a-f]+_bg\.wasm$/.test(name)) return route.continue();
      parts.push(name);
      return route.abort('internetdisconnected');
    };
    await page.route('**/*.wasm', block);
    await gotoRoute(page, '#/');
    await page.evaluate(() => { location.hash = '#/logs'; });
    await page.waitForSelector('[data-testid=page-load-error]', { timeout: 20000 });
    assert.ok(parts.some((p) => /^logs-[0-9a-f]+\.wasm$/.test(p)), `the logs part was requested: ${parts}`);
    assert.match(await page.textContent('[data-testid=page-load-error]'), /could not be loaded/);
    assert.equal(await page.locator('.crash').count(), 0, 'no crash screen');
    // The shell still works: the header navigates to Home.
    await page.evaluate(() => { location.hash = '#/'; });
    await page.waitForFunction(() => !document.querySelector('[data-testid=page-load-error]'));
    await page.unroute('**/*.wasm', block);
    await page.evaluate(() => { location.hash = '#/logs'; });
    await page.waitForSelector('[data-testid=run-query]', { timeout: 20000 });
    assert.equal(await page.locator('[data-testid=page-load-error]').count(), 0);
    // Only the loader's report of the failed fetches reached the console; nothing panicked.
    assert.deepEqual(f.problems.filter((p) => !/^console: TypeError: Failed to fetch/.test(p)), []);
  } finally {
    await f.browser.close();
  }
});
