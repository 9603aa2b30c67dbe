// Hostile telemetry through the real pipeline: a trace whose span names, attributes, events and status carry
// HTML, scripts, ANSI and bidi controls and a 100 KB value is sent to the live Jaeger over OTLP/HTTP JSON;
// the trace view shows all of it as inert text and keeps working. (The test stack has no live Loki any more;
// hostile log lines are covered by the host tests, tests/hostile_content.rs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { openBrowser, gotoRoute, eventually, expectLive, BASE } from './harness.js';

const OTLP = `http://127.0.0.1:${process.env.TRIFOCAL_OTLP_PORT || 24318}/v1/traces`;
const service = `hostile-${Date.now()}`;
const traceId = randomBytes(16).toString('hex');
const ids = Array.from({ length: 4 }, () => randomBytes(8).toString('hex'));

// Each would run a script or add an element if it were inserted as HTML: the handlers set window.__injected.
const HOSTILE = {
  img: '<img src=x onerror="window.__injected=1">',
  script: '<script>window.__injected=2</script>',
  svg: '<svg onload="window.__injected=3"></svg><iframe src="javascript:window.__injected=4"></iframe>',
  entity: '&lt;b&gt;not bold&lt;/b&gt; &amp; <b>bold?</b>',
  controls: 'red \u001b[31mANSI\u001b[0m and \u202eevil bidi\u202c end',
};
const LONG = `long:${'x'.repeat(100_000)}`;

function otlpTrace() {
  const now = BigInt(Date.now()) * 1000000n;
  const str = (key, v) => ({ key, value: { stringValue: v } });
  const span = (i, name, parent, attrs, events = []) => ({
    traceId, spanId: ids[i], parentSpanId: parent, name, kind: 2,
    startTimeUnixNano: String(now + BigInt(i) * 1000000n), endTimeUnixNano: String(now + 50000000n - BigInt(i) * 1000000n),
    attributes: attrs, events, status: i === 3 ? { code: 2, message: HOSTILE.script } : { code: 1 },
  });
  return {
    resourceSpans: [{
      resource: { attributes: [str('service.name', service), str('host.name', HOSTILE.img)] },
      scopeSpans: [{
        scope: { name: 'trifocal-e2e-hostile' },
        spans: [
          span(0, `GET /search ${HOSTILE.img}`, '', [str('http.route', HOSTILE.svg), str('note', HOSTILE.entity)]),
          span(1, HOSTILE.script, ids[0], [str('db.statement', HOSTILE.controls), str('payload', LONG)]),
          span(2, HOSTILE.svg, ids[0], [str(`attr ${HOSTILE.img}`, 'key is hostile')],
            [{ timeUnixNano: String(now + 5000000n), name: HOSTILE.img, attributes: [str('exception.message', HOSTILE.script)] }]),
          span(3, HOSTILE.controls, ids[1], [str('entity', HOSTILE.entity)]),
        ],
      }],
    }],
  };
}

let b;
before(async () => {
  const r = await fetch(OTLP, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(otlpTrace()) });
  assert.equal(r.status, 200, `OTLP/HTTP to Jaeger: ${r.status} ${await r.text()}`);
  // Jaeger has stored it when its own API returns the four spans.
  await eventually(async () => {
    const res = await fetch(`${BASE}api/jaeger/api/traces/${traceId}`);
    return res.status === 200 && (await res.json()).data?.[0]?.spans?.length === 4;
  });
  b = await openBrowser();
  await b.page.addInitScript(() => { window.alert = () => { window.__injected = 'alert'; }; });
});
after(async () => { await b?.browser.close(); });

/** Elements that only hostile text could have added: a handler attribute (on…) or a javascript: URL that
 * sets the flag, an img/script/iframe/svg/object/embed carrying it, the <b> of the entity text. (The text
 * itself may sit in data-key, title or aria-label attributes: that is text, not markup.) */
async function injected(page) {
  return page.evaluate(() => [...document.querySelectorAll('*')].filter((e) =>
    [...e.attributes].some((a) => (a.name.startsWith('on') || /^(src|href|data)$/.test(a.name)) && /__injected|javascript:/.test(a.value))
    || (['IMG', 'SCRIPT', 'IFRAME', 'SVG', 'svg', 'OBJECT', 'EMBED'].includes(e.tagName) && e.outerHTML.includes('__injected'))
    || (e.tagName === 'B' && e.textContent === 'bold?')).map((e) => e.outerHTML.slice(0, 80)));
}

test('hostile span names, attributes, events and status render as text in the trace view, run nothing, and the app keeps working', async () => {
  const { page } = b;
  await gotoRoute(page, `#/trace/${traceId}`);
  await expectLive(page, 'Jaeger');
  await page.waitForSelector('[data-testid=trace-header]', { timeout: 30000 });
  assert.equal(await page.getAttribute('[data-testid=trace-header]', 'data-spans'), '4');
  // Span names: the markup is the text of the rows.
  const names = await page.locator('.span-row .span-name').allTextContents();
  for (const h of [HOSTILE.img, HOSTILE.script, HOSTILE.svg]) {
    assert.ok(names.some((n) => n.includes(h)), `a row shows ${h} as text: ${names.join(' | ')}`);
  }
  // Each span's details: attributes, resource, events and status message as text.
  for (const id of ids) {
    await page.locator(`.span-row[data-span-id="${id}"]`).click();
    await page.waitForSelector(`[data-testid=span-details][data-span-id="${id}"]`);
  }
  await page.locator(`.span-row[data-span-id="${ids[0]}"]`).click();
  const d0 = page.locator(`[data-testid=span-details][data-span-id="${ids[0]}"]`);
  await d0.waitFor();
  assert.equal((await d0.locator('[data-testid=span-attributes] tr[data-key="http.route"] td').nth(1).textContent()).trim(), HOSTILE.svg);
  assert.equal((await d0.locator('[data-testid=span-attributes] tr[data-key="note"] td').nth(1).textContent()).trim(), HOSTILE.entity);
  assert.equal((await d0.locator('[data-testid=span-resource] tr[data-key="host.name"] td').nth(1).textContent()).trim(), HOSTILE.img);
  await page.locator(`.span-row[data-span-id="${ids[2]}"]`).click();
  const d2 = page.locator(`[data-testid=span-details][data-span-id="${ids[2]}"]`);
  await d2.waitFor();
  assert.ok((await d2.locator('[data-testid=span-events]').textContent()).includes(HOSTILE.img), 'the event name as text');
  const keys = await d2.locator('[data-testid=span-attributes] tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.key));
  assert.ok(keys.includes(`attr ${HOSTILE.img}`), `a hostile key is a key: ${keys.join(' | ')}`);
  // The 100 KB value: the page holds it as text, and stays usable.
  await page.locator(`.span-row[data-span-id="${ids[1]}"]`).click();
  const d1 = page.locator(`[data-testid=span-details][data-span-id="${ids[1]}"]`);
  await d1.waitFor();
  const payload = (await d1.locator('[data-testid=span-attributes] tr[data-key="payload"] td').nth(1).textContent()).trim();
  assert.ok(payload.startsWith('long:xxxx'), payload.slice(0, 40));
  // Find works on hostile text: it finds the one span named with the script tag.
  await page.fill('input[aria-label="Find in trace"]', '<script>');
  await page.locator('.span-row').first().click();
  await page.waitForSelector(`.span-row.hit[data-span-id="${ids[1]}"]`, { timeout: 5000 });
  assert.match(await page.locator('[data-testid=find-count]').textContent(), /\d+ match/);

  assert.deepEqual(await injected(page), [], 'no element came from the trace');
  assert.equal(await page.evaluate(() => window.__injected ?? null), null, 'no script ran');
  assert.deepEqual(b.problems, []);
  // Everything else still works: open a metrics view afterwards.
  await gotoRoute(page, '#/metrics?q.A=up');
  await page.waitForSelector('[data-testid=metrics-summary]');
  assert.deepEqual(b.problems, []);
});
