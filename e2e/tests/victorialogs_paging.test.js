// Paging through VictoriaLogs by `_time` (issue 20): a query for more lines than one page loads them as pages of
// at most 10k lines, each the window before the oldest line loaded, without losing or repeating a line where
// several lines share one nanosecond at a page's edge. The lines are written into the live VictoriaLogs of the
// test stack by this test (a service name unique to the run), and what is expected is read back from
// VictoriaLogs' own count; with VictoriaLogs stopped the test fails (insert, status bar, count).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { BASE, openBrowser, gotoRoute, expectLive, useDatasources, eventually } from './harness.js';

const VLOGS_DIRECT = `http://127.0.0.1:${process.env.TRIFOCAL_VLOGS_PORT || 29428}/`;
const SERVICE = `e2e-paging-${randomUUID().slice(0, 8)}`;
const N = 23000;
// Ten minutes ending a minute ago; a line every 20 ms, every seventh line at the very nanosecond of the one before.
const TO = Math.floor(Date.now() / 1000) * 1000 - 60000;
const FROM = TO - 10 * 60000;
const timeOf = (k) => FROM + 20 * (k % 7 === 6 ? k - 1 : k);

/** The run's lines, written once into VictoriaLogs' JSON-lines insert API (its own port). */
async function pushAll() {
  for (let i = 0; i < N; i += 5000) {
    const body = [];
    for (let k = i; k < Math.min(N, i + 5000); k++) {
      body.push(JSON.stringify({ _time: `${new Date(timeOf(k)).toISOString().slice(0, -1)}000123Z`, _msg: `${SERVICE} line ${k}`, service_name: SERVICE, level: 'info' }));
    }
    const res = await fetch(`${VLOGS_DIRECT}insert/jsonline?_stream_fields=service_name`, { method: 'POST', body: `${body.join('\n')}\n` });
    assert.equal(res.status, 200, `VictoriaLogs took the lines: ${await res.text()}`);
  }
}
/** How many of the run's lines VictoriaLogs counts in the window. */
async function count() {
  const q = new URLSearchParams({ query: `{service_name="${SERVICE}"} | stats count() n`, start: `${FROM}000000`, end: `${TO}000000` });
  const body = await (await fetch(`${BASE}api/victorialogs/select/logsql/query?${q}`)).text();
  return Number(JSON.parse(body).n);
}

let b;
before(async () => {
  b = await openBrowser();
  await useDatasources(b.context, { logs: 'VictoriaLogs', victorialogs: '/api/victorialogs' });
  await pushAll();
  await eventually(async () => (await count()) === N, { timeout: 30000 });
});
after(async () => { await b.browser.close(); });

/** Opens the run's lines with `limit`; returns the summary's lines, completeness and pages, and the limits asked. */
async function load(limit) {
  const { page } = b;
  const asked = [];
  const onRequest = (r) => {
    if (r.url().includes('/select/logsql/query?')) asked.push(Number(new URL(r.url()).searchParams.get('limit')));
  };
  page.on('request', onRequest);
  await gotoRoute(page, `#/logs?from=${FROM}&to=${TO}&query=${encodeURIComponent(`{service_name="${SERVICE}"}`)}&limit=${limit}`);
  await expectLive(page, 'VictoriaLogs');
  await page.waitForSelector('[data-testid=logs-summary], section[aria-label="Explore logs"] [data-testid=query-error]', { timeout: 60000 });
  page.off('request', onRequest);
  const s = page.locator('[data-testid=logs-summary]');
  assert.equal(await s.count(), 1, await page.textContent('section[aria-label="Explore logs"]'));
  return {
    lines: Number(await s.getAttribute('data-lines')),
    complete: await s.getAttribute('data-complete'),
    pages: Number(await s.getAttribute('data-pages')),
    asked,
    first: await page.locator('.log-row').first().textContent(),
  };
}

test('victorialogs (live): more lines than a page load page by page by _time, each line once, the newest first', async () => {
  assert.equal(await count(), N, 'VictoriaLogs holds the run\'s lines');
  const all = await load(100000);
  assert.equal(all.lines, N, 'every line VictoriaLogs counts, none twice');
  assert.equal(all.complete, 'true');
  assert.equal(all.pages, Math.ceil(N / 10000), 'pages of 10k lines');
  assert.ok(all.asked.length >= all.pages && all.asked.every((l) => l > 0 && l <= 10000), `limits asked: ${all.asked}`);
  assert.ok(all.first.includes(`${SERVICE} line ${N - 1}`), `the newest line first: ${all.first}`);

  const some = await load(15000);
  assert.equal(some.lines, 15000);
  assert.equal(some.complete, 'false', 'more lines in range than the limit');
  assert.equal(some.pages, 2);
  assert.ok(some.first.includes(`${SERVICE} line ${N - 1}`));
  assert.deepEqual(b.problems, []);
});
