// A large VictoriaLogs query (issues 20 and 25): the lines asked for come in one request, read as the answer
// streams in; an answer passing the answer size limit (Settings) is stopped there and the next request goes on
// from the window before the oldest line loaded, without losing or repeating a line where several lines share one
// nanosecond at a request's edge. The lines are written into the live VictoriaLogs of the test stack by this test
// (a service name unique to the run), and what is expected is read back from VictoriaLogs' own count; with
// VictoriaLogs stopped the test fails (insert, status bar, count).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { BASE, openBrowser, gotoRoute, expectLive, useDatasources, eventually } from './harness.js';
import { startProxy } from './proxy.js';

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

test('victorialogs (live): 23k lines come in one streamed request, each line once, the newest first', async () => {
  assert.equal(await count(), N, 'VictoriaLogs holds the run\'s lines');
  const all = await load(100000);
  assert.equal(all.lines, N, 'every line VictoriaLogs counts, none twice');
  assert.equal(all.complete, 'true');
  assert.equal(all.pages, 1, 'one request');
  assert.deepEqual(all.asked, [100000], 'the whole limit asked at once');
  assert.ok(all.first.includes(`${SERVICE} line ${N - 1}`), `the newest line first: ${all.first}`);

  const some = await load(15000);
  assert.equal(some.lines, 15000);
  assert.equal(some.complete, 'false', 'more lines in range than the limit');
  assert.equal(some.pages, 1);
  assert.ok(some.first.includes(`${SERVICE} line ${N - 1}`));
  assert.deepEqual(b.problems, []);
});

test('victorialogs (live): an answer past the size limit is stopped there and the next request goes on from its oldest line', async () => {
  // 23k lines of ~230 bytes are ~5 MB of JSON lines: with a 1 MB limit each answer stops after ~4k lines.
  await useDatasources(b.context, { max_answer_mb: 1 });
  const all = await load(100000);
  assert.equal(all.lines, N, 'every line VictoriaLogs counts, none lost or repeated at the edges');
  assert.equal(all.complete, 'true');
  assert.ok(all.pages >= 5 && all.pages <= 12, `pages: ${all.pages}`);
  assert.equal(all.asked.length, all.pages);
  assert.ok(all.asked.every((l, i) => i === 0 || l < all.asked[i - 1]), `each request asks for the lines still wanted: ${all.asked}`);
  assert.ok(all.first.includes(`${SERVICE} line ${N - 1}`), `the newest line first: ${all.first}`);
  assert.deepEqual(b.problems, []);
});

test('victorialogs (live): an answer that ends inside a line, or is a proxy\'s page, says so where the lines would be', async () => {
  await useDatasources(b.context, { max_answer_mb: 40 });
  const { page } = b;
  // The first lines of VictoriaLogs' own answer for the run, cut in the middle of the 4th.
  const q = new URLSearchParams({ query: `{service_name="${SERVICE}"}`, start: `${FROM}000000`, end: `${TO}000000`, limit: '10' });
  const real = await (await fetch(`${BASE}api/victorialogs/select/logsql/query?${q}`)).text();
  const lines = real.split('\n');
  assert.ok(lines.length >= 5 && lines[0].includes(SERVICE), 'VictoriaLogs answered the run\'s lines');
  const cut = `${lines.slice(0, 3).join('\n')}\n${lines[3].slice(0, 40)}`;
  for (const [body, expected] of [[cut, /line 4 of the answer/], ['<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>bad gateway</body></html>\n', /502 Bad Gateway/]]) {
    await page.route('**/select/logsql/query?**', (route) => route.fulfill({ status: 200, contentType: 'application/stream+json', body }));
    await gotoRoute(page, `#/logs?from=${FROM}&to=${TO}&query=${encodeURIComponent(`{service_name="${SERVICE}"}`)}&limit=1000`);
    const err = page.locator('section[aria-label="Explore logs"] [data-testid=query-error]');
    await err.waitFor({ timeout: 30000 });
    assert.match(await err.textContent(), expected);
    assert.equal(await page.locator('.log-row').count(), 0, 'no lines shown from a broken answer');
    await page.unroute('**/select/logsql/query?**');
  }
  assert.deepEqual(b.problems, []);
});

test('victorialogs (live): the first lines are shown while the answer still streams in, then all of them', async () => {
  await useDatasources(b.context, { max_answer_mb: 40 });
  const { page } = b;
  // The newest line of the run, from VictoriaLogs' own answer.
  const q = new URLSearchParams({ query: `{service_name="${SERVICE}"}`, start: `${FROM}000000`, end: `${TO}000000`, limit: '1' });
  const newest = JSON.parse(await (await fetch(`${BASE}api/victorialogs/select/logsql/query?${q}`)).text())._msg;
  const proxy = await startProxy();
  try {
    // The answer's first 64 KB (a few hundred lines) pass; the rest waits until released.
    const slow = { kind: 'hold', bytes: 64 * 1024 };
    proxy.setRule((p) => (p.endsWith('/select/logsql/query') ? slow : null));
    await page.goto('about:blank');
    await page.goto(`${proxy.base}#/logs?from=${FROM}&to=${TO}&query=${encodeURIComponent(`{service_name="${SERVICE}"}`)}&limit=100000`);
    await expectLive(page, 'VictoriaLogs');
    await page.locator('.log-row').first().waitFor({ timeout: 20000 });
    assert.ok(slow.held() > 0, 'the rest of the answer is still held: the request is open');
    const loading = page.locator('[data-testid=logs-loading]');
    assert.equal(await loading.count(), 1, 'still loading');
    assert.match(await loading.textContent(), /Loading… \d+ lines so far/);
    const soFar = Number(await loading.getAttribute('data-lines'));
    assert.ok(soFar > 0 && soFar < N, `lines so far: ${soFar}`);
    assert.equal(await page.locator('[data-testid=logs-summary]').count(), 0, 'no summary before the whole answer');
    assert.ok((await page.locator('.log-row').first().textContent()).includes(newest), `the newest line first: ${newest}`);
    slow.release();
    const s = page.locator('[data-testid=logs-summary]');
    await s.waitFor({ timeout: 60000 });
    assert.equal(Number(await s.getAttribute('data-lines')), await count(), 'then every line VictoriaLogs counts');
    assert.equal(await loading.count(), 0);
    assert.ok((await page.locator('.log-row').first().textContent()).includes(newest));
  } finally {
    await proxy.close();
  }
  assert.deepEqual(b.problems, []);
});
