// Live tail from the live VictoriaLogs of the test stack (issue 20): with VictoriaLogs as the logs backend the
// tail is its streamed `/select/logsql/tail` answer read by fetch. A line pushed straight into VictoriaLogs'
// insert API after the tail started, with a marker unique to this run, shows up; pausing keeps new lines back
// until resume; leaving the view ends the request. What is expected (the line's time) is read back from
// VictoriaLogs' own query API; with VictoriaLogs stopped the test fails (status bar, insert, query).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { BASE, openBrowser, gotoRoute, expectLive, useDatasources, eventually } from './harness.js';

const VLOGS_DIRECT = `http://127.0.0.1:${process.env.TRIFOCAL_VLOGS_PORT || 29428}/`;
const marker = `tailmarker${randomUUID().replace(/-/g, '')}`;

/** Writes one line into VictoriaLogs' JSON-lines insert API (its own port, not through the app's proxy). */
async function push(text) {
  const line = JSON.stringify({ _time: new Date().toISOString(), _msg: `${marker} ${text}`, service_name: 'e2e-tail', level: 'info' });
  const res = await fetch(`${VLOGS_DIRECT}insert/jsonline?_stream_fields=service_name`, { method: 'POST', body: `${line}\n` });
  assert.equal(res.status, 200, `VictoriaLogs took the line: ${await res.text()}`);
}
/** The time (ns) of the line `text` as VictoriaLogs' query API has it. */
async function timeOf(text) {
  return eventually(async () => {
    const q = new URLSearchParams({ query: `"${marker} ${text}"`, start: `${(Date.now() - 600000) * 1e6}`, limit: '10' });
    const body = await (await fetch(`${BASE}api/victorialogs/select/logsql/query?${q}`)).text();
    const lines = body.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    if (lines.length !== 1) return false;
    const t = lines[0]._time; // RFC 3339 with up to 9 fraction digits
    const [sec, frac = ''] = t.replace('Z', '').split('.');
    return (BigInt(Date.parse(`${sec}Z`)) * 1000000n + BigInt((frac + '000000000').slice(0, 9))).toString();
  }, { timeout: 20000 });
}
const row = (page, text) => page.locator('.log-row', { hasText: `${marker} ${text}` });

let b;
before(async () => {
  b = await openBrowser();
  await useDatasources(b.context, { logs: 'VictoriaLogs', victorialogs: '/api/victorialogs' });
});
after(async () => { await b.browser.close(); });

test('victorialogs (live): live tail shows a line pushed after it started; pause holds new lines back until resume; leaving ends the stream', async () => {
  const { page } = b;
  const tails = [];
  page.on('request', (r) => { if (r.url().includes('/select/logsql/tail')) tails.push(r); });
  const failed = [];
  page.on('requestfailed', (r) => { if (r.url().includes('/select/logsql/tail')) failed.push(r.url()); });
  await gotoRoute(page, `#/logs?from=now-5m&to=now&query=${encodeURIComponent(marker)}`);
  await expectLive(page, 'VictoriaLogs');
  await page.click('[data-testid=live-toggle]');
  await page.waitForSelector('[data-testid=tail-status][data-mode=live]', { timeout: 20000 });
  assert.equal(tails.length, 1, 'one streamed request');
  assert.equal(new URL(tails[0].url()).searchParams.get('query'), marker);

  await push('first');
  const first = row(page, 'first');
  await first.waitFor({ timeout: 20000 });
  assert.equal(await first.getAttribute('data-ts'), await timeOf('first'), "the line's time as VictoriaLogs has it");

  await page.click('[data-testid=tail-pause]');
  await page.waitForSelector('[data-testid=tail-status][data-mode=paused]');
  await push('second');
  await timeOf('second'); // VictoriaLogs has it
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=tail-status]').dataset.received) >= 2, null, { timeout: 20000 });
  assert.equal(await row(page, 'second').count(), 0, 'not shown while paused');
  await page.click('[data-testid=tail-pause]');
  await row(page, 'second').waitFor({ timeout: 5000 });
  assert.equal(await row(page, 'first').count(), 1, 'each line once');

  // Another view of the app (not a new document, which would end every request anyway).
  await page.evaluate(() => { location.hash = '#/metrics'; });
  await page.waitForSelector('[data-testid=tail-status]', { state: 'detached' });
  await eventually(() => failed.length === 1, { timeout: 10000 });
  assert.equal(tails.length, 1, 'no reconnect after leaving');
  assert.deepEqual(b.problems, []);
});
