// A new user's findings against live Prometheus and Jaeger: Home's examples, trace compare's "Differences
// only", the Jaeger search form, and what a dashboard variable change queries. Expected values come from the
// backends' own APIs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, gotoRoute, eventually, expectLive, BASE } from './harness.js';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

const HOUR_US = 3600 * 1e6;

/** Jaeger's own search (`/api/traces`), over the last two hours. */
async function jaegerSearch(params) {
  const end = Date.now() * 1000 + 60e6;
  const q = new URLSearchParams({ start: String(end - 2 * HOUR_US), end: String(end), limit: '1000', ...params });
  const r = await fetch(`${BASE}api/jaeger/api/traces?${q}`);
  assert.equal(r.status, 200, `Jaeger search ${q}`);
  return (await r.json()).data || [];
}

async function jaegerTrace(id) {
  const r = await fetch(`${BASE}api/jaeger/api/traces/${id}`);
  assert.equal(r.status, 200, `Jaeger trace ${id}`);
  return (await r.json()).data[0];
}

/** A span failed: Jaeger's classic JSON marks an OTLP error status with the tag error=true. */
const failed = (s) => (s.tags || []).some((t) => (t.key === 'error' && (t.value === true || t.value === 'true'))
  || (t.key === 'otel.status_code' && t.value === 'ERROR'));

/** Per call path ("service: operation > …"): span count, errors and total duration (µs), from Jaeger's JSON. */
function callPaths(t) {
  const byId = new Map(t.spans.map((s) => [s.spanID, s]));
  const memo = new Map();
  const path = (s) => {
    if (memo.has(s.spanID)) return memo.get(s.spanID);
    const refs = s.references || [];
    const parent = refs.find((r) => r.refType === 'CHILD_OF' && byId.has(r.spanID)) || refs.find((r) => byId.has(r.spanID));
    const me = `${t.processes[s.processID].serviceName}: ${s.operationName}`;
    const p = parent ? `${path(byId.get(parent.spanID))} > ${me}` : me;
    memo.set(s.spanID, p);
    return p;
  };
  const out = new Map();
  for (const s of t.spans) {
    const p = path(s);
    const o = out.get(p) || { count: 0, errors: 0, total: 0 };
    o.count += 1;
    o.errors += failed(s) ? 1 : 0;
    o.total += s.duration;
    out.set(p, o);
  }
  return out;
}

/** Every row of the virtualised compare table (scrolled through), as { path, change } in table order. */
async function compareRows(page) {
  const total = Number(await page.getAttribute('[data-testid=compare-table]', 'data-rows'));
  const seen = new Map();
  for (let top = 0; seen.size < total && top < total * 28 + 1000; top += 400) {
    await page.$eval('.compare-scroll', (el, t) => { el.scrollTop = t; el.dispatchEvent(new Event('scroll')); }, top);
    await page.waitForTimeout(50);
    const rows = await page.locator('[data-testid=compare-row]').evaluateAll((trs) => trs.map((tr) => ({
      pos: Number(tr.dataset.pos), depth: Number(tr.dataset.depth), name: `${tr.dataset.service}: ${tr.dataset.name}`, change: tr.dataset.change,
    })));
    for (const r of rows) seen.set(r.pos, r);
  }
  const rows = [...seen.values()].sort((x, y) => x.pos - y.pos);
  assert.equal(rows.length, total, 'every row of the table was read');
  const stack = [];
  return rows.map((r) => {
    stack.length = r.depth;
    stack.push(r.name);
    return { path: stack.join(' > '), change: r.change };
  });
}

test('every Home example opens live results; "Failed searches" lists the error traces Jaeger returns', async () => {
  const { page } = b;
  await gotoRoute(page, '#/');
  await expectLive(page, 'Jaeger');
  await expectLive(page, 'Prometheus');
  // The examples are links once the app has looked at what the backends hold, or say why there is none.
  const cards = await eventually(async () => {
    if (await page.locator('[data-testid=home-example][data-state=pending]').count() > 0) return false;
    const c = await page.$$eval('.cards li', (lis) => lis.map((li) => {
      const a = li.querySelector('a');
      return { text: a ? a.textContent : li.textContent, href: a ? a.getAttribute('href') : null };
    }));
    return c.length > 0 && c;
  });
  assert.equal(cards.length, 4, JSON.stringify(cards));
  const links = cards.filter((c) => c.href);
  const titles = links.map((l) => l.text);
  for (const t of ['Request rate by service', 'Failed searches', 'A RAG request, span by span']) assert.ok(titles.includes(t), `${t} in ${titles}`);
  // Only the logs example may lack a link, and only when Loki's own API lists no service for the last hour
  // (the test stack's Loki replays answers recorded long ago).
  for (const c of cards.filter((x) => !x.href)) {
    assert.match(c.text, /Loki/, `an example without a link says why: ${c.text}`);
    const end = BigInt(Date.now()) * 1000000n;
    const r = await fetch(`${BASE}api/loki/loki/api/v1/label/service_name/values?start=${end - 3600n * 1000000000n}&end=${end}`);
    const values = r.status === 200 ? ((await r.json()).data || []) : [];
    assert.deepEqual(values, [], `Loki lists services for the last hour, yet the example says: ${c.text}`);
  }

  // The trace examples first (they failed on a live stack), then the others.
  const order = (h) => (h.startsWith('#/search') || h.startsWith('#/trace') ? 0 : 1);
  links.sort((x, y) => order(x.href) - order(y.href));
  for (const { text, href } of links) {
    await gotoRoute(page, href);
    if (href.startsWith('#/metrics')) {
      await expectLive(page, 'Prometheus');
      // Series drawn, or an error: whichever comes first.
      await page.waitForFunction(() => document.querySelector('[data-testid=query-error]')
        || Number(document.querySelector('[data-testid=metrics-summary]')?.dataset.series) > 0, null, { timeout: 30000 })
        .catch(() => {});
      assert.equal(await page.locator('[data-testid=query-error]').count(), 0, `${text}: ${await page.textContent('[data-testid=query-error]').catch(() => '')}`);
      assert.ok(Number(await page.getAttribute('[data-testid=metrics-summary]', 'data-series')) > 0, `${text}: series`);
    } else if (href.startsWith('#/logs')) {
      // Loki in the test stack replays recorded answers; the example must still show lines or say why not.
      await page.waitForSelector('[data-testid=logs-summary], [data-testid=query-error]', { timeout: 60000 });
      assert.equal(await page.locator('[data-testid=query-error]').count(), 0, `${text}: ${await page.textContent('[data-testid=query-error]').catch(() => '')}`);
      assert.ok(Number(await page.getAttribute('[data-testid=logs-summary]', 'data-lines')) > 0, `${text}: lines`);
    } else if (href.startsWith('#/search')) {
      await expectLive(page, 'Jaeger');
      await page.waitForSelector('[data-testid=search-result], [data-testid=query-error], .empty', { timeout: 30000 });
      const error = await page.locator('[data-testid=query-error]').allTextContents();
      assert.deepEqual(error, [], `${text}: ${href}`);
      const shown = await page.locator('[data-testid=search-result]').allTextContents();
      assert.ok(shown.length > 0, `${text}: no traces listed`);
      // The example names a service Jaeger holds; every listed trace is one Jaeger returns for that service
      // with a failed span of it. (Jaeger v1.75's in-memory storage cannot search by error: its error=true
      // search answers nothing, so the failed ones are read from its traces of the service.)
      const traceql = new URLSearchParams(href.split('?')[1]).get('query');
      const service = /resource\.service\.name\s*=\s*"([^"]+)"/.exec(traceql)?.[1];
      assert.ok(service, `the example searches one service: ${traceql}`);
      const ofService = await jaegerSearch({ service });
      const failedIds = new Set(ofService
        .filter((t) => t.spans.some((s) => failed(s) && t.processes[s.processID].serviceName === service))
        .map((t) => t.traceID.padStart(32, '0')));
      assert.ok(failedIds.size > 0, `Jaeger holds failed spans of ${service}`);
      for (const id of shown) {
        assert.ok(failedIds.has(id.padStart(32, '0')), `${id} is not among Jaeger's traces of ${service} with a failed span of it`);
      }
    } else if (href.startsWith('#/trace')) {
      await expectLive(page, 'Jaeger');
      await page.waitForSelector('[data-testid=trace-header], [role=alert]', { timeout: 30000 });
      const alerts = await page.locator('[role=alert]').allTextContents();
      assert.deepEqual(alerts, [], `${text}: ${href}`);
      const id = href.split('/').pop();
      const t = await jaegerTrace(id);
      assert.equal(Number(await page.getAttribute('[data-testid=trace-header]', 'data-spans')), t.spans.length);
    } else {
      assert.fail(`unexpected example link ${href}`);
    }
  }
  assert.deepEqual(b.problems, []);
});

test('TraceQL Jaeger cannot express is refused with the reason, and no broken request is sent', async () => {
  const { page } = b;
  const sent = [];
  const onRequest = (r) => { if (r.url().includes('/api/jaeger/api/traces?')) sent.push(r.url()); };
  page.on('request', onRequest);
  await gotoRoute(page, `#/search?query=${encodeURIComponent('{resource.service.name="search-service" || status=error}')}`);
  await expectLive(page, 'Jaeger');
  await page.waitForSelector('[data-testid=query-error]', { timeout: 30000 });
  assert.match(await page.textContent('[data-testid=query-error]'), /Jaeger cannot search for .*\|\|/);
  await page.waitForTimeout(500);
  page.off('request', onRequest);
  assert.deepEqual(sent, []);
  assert.deepEqual(b.problems, []);
});

test('compare: with "Differences only", a span that failed or slowed down stays, the biggest change first', async () => {
  const { page } = b;
  await gotoRoute(page, '#/compare');
  await expectLive(page, 'Jaeger');
  // From Jaeger's own API: an error trace of the front end and a trace without errors of the same root
  // operation, sharing a call path with as many spans in both whose errors differ.
  const pair = await eventually(async () => {
    const all = await jaegerSearch({ service: 'search-ui', limit: '300' });
    const withErrors = all.filter((t) => t.spans.some(failed)).slice(0, 30);
    const clean = all.filter((t) => !t.spans.some(failed));
    const root = (t) => t.spans.find((s) => !(s.references || []).some((r) => t.spans.some((x) => x.spanID === r.spanID)));
    for (const bad of withErrors) {
      const pb = callPaths(bad);
      for (const good of clean.filter((g) => root(g)?.operationName === root(bad)?.operationName)) {
        const pa = callPaths(good);
        const changed = [...pa.keys()].filter((p) => pb.has(p) && pb.get(p).count === pa.get(p).count && pb.get(p).errors !== pa.get(p).errors);
        if (changed.length > 0) return { a: good.traceID, b: bad.traceID, pa, pb, changed };
      }
    }
    return false;
  }, { timeout: 60000, interval: 3000 });
  await gotoRoute(page, `#/compare/${pair.a}/${pair.b}`);
  await page.waitForSelector('[data-testid=compare-table]', { timeout: 30000 });
  await page.check('input[aria-label="Differences only"]');
  await page.waitForFunction(() => document.querySelector('[data-testid=compare-table]'));
  const rows = await compareRows(page);
  const byPath = new Map(rows.map((r) => [r.path, r]));
  for (const p of pair.changed) {
    const r = byPath.get(p);
    assert.ok(r, `the path whose errors changed (${pair.pa.get(p).errors} → ${pair.pb.get(p).errors}) is shown: ${p}\nshown: ${rows.map((x) => x.path).join('\n')}`);
    assert.notEqual(r.change, 'same', `${p} is marked as changed`);
  }
  // The biggest change first: the first row under the root leads to a path whose errors changed.
  const errorPaths = [...new Set([...pair.pa.keys(), ...pair.pb.keys()])]
    .filter((p) => (pair.pa.get(p)?.errors || 0) !== (pair.pb.get(p)?.errors || 0));
  assert.ok(rows.length > 1);
  assert.ok(errorPaths.some((p) => p === rows[1].path || p.startsWith(`${rows[1].path} > `)), `first change ${rows[1].path}`);
  assert.deepEqual(b.problems, []);
});

test('the Jaeger search form, the terms box and the request agree (min duration cleared, then typed)', async () => {
  const { page } = b;
  const sent = [];
  const onRequest = (r) => { if (r.url().includes('/api/jaeger/api/traces?')) sent.push(new URL(r.url()).searchParams); };
  page.on('request', onRequest);
  await gotoRoute(page, `#/search?query=${encodeURIComponent('service=search-service')}`);
  await expectLive(page, 'Jaeger');
  await page.waitForSelector('[data-testid=search-result], .empty', { timeout: 30000 });
  const box = 'textarea[aria-label="Trace query"]';
  const min = 'input[aria-label="Min duration"]';
  // Set and searched (Enter in the field): sent.
  let before = sent.length;
  await page.fill(min, '100ms');
  await page.press(min, 'Enter');
  await eventually(() => sent.length > before);
  assert.equal(sent[sent.length - 1].get('minDuration'), '100ms');
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('minDuration=100ms'));
  await page.waitForSelector('[data-testid=search-result], .empty', { timeout: 30000 });
  // Cleared, then searched: the box shows none at once, and Jaeger receives none.
  await page.fill(min, '');
  assert.ok(!(await page.inputValue(box)).includes('minDuration'), `terms box after clearing: ${await page.inputValue(box)}`);
  before = sent.length;
  await page.click('button:has-text("Search")');
  await eventually(() => sent.length > before);
  let last = sent[sent.length - 1];
  assert.equal(last.get('minDuration'), null, last.toString());
  assert.equal(last.get('service'), 'search-service');
  // Typed (not yet searched): shown in the terms box at once; searched: sent.
  await page.fill(min, '250ms');
  assert.match(await page.inputValue(box), /minDuration=250ms/);
  before = sent.length;
  await page.click('button:has-text("Search")');
  await eventually(() => sent.length > before);
  last = sent[sent.length - 1];
  assert.equal(last.get('minDuration'), '250ms', last.toString());
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('minDuration=250ms'));
  // Cleared by editing the terms box: the field empties and the next search sends none.
  await page.fill(box, 'service=search-service');
  assert.equal(await page.inputValue(min), '');
  before = sent.length;
  await page.click('button:has-text("Search")');
  await eventually(() => sent.length > before);
  assert.equal(sent[sent.length - 1].get('minDuration'), null);
  page.off('request', onRequest);
  assert.deepEqual(b.problems, []);
});

/** The dashboard's Prometheus queries that name a variable, counted from the shipped file itself. */
async function queriesUsing(name) {
  const d = await (await fetch(`${BASE}dashboards/trifocal-demo.json`)).json();
  const re = new RegExp(`\\$${name}\\b|\\$\\{${name}[}:]|\\[\\[${name}[\\]:]`);
  let n = 0;
  for (const p of Object.values(d.spec.panels)) {
    const title = p.spec.display?.name || '';
    for (const q of p.spec.queries || []) {
      if (q.kind !== 'prometheus' || q.spec.hidden) continue;
      if (re.test(q.spec.expr) || re.test(q.spec.legend || '') || re.test(title)) n += 1;
    }
  }
  return n;
}

test('a variable change queries Prometheus once, for the panels that use it only', async () => {
  const { page } = b;
  await gotoRoute(page, '#/dashboard/trifocal-demo');
  await expectLive(page, 'Prometheus');
  await page.waitForSelector('[data-testid=panel]', { timeout: 20000 });
  await eventually(async () => (await page.$$eval('[data-testid=panel]', (ps) => ps.every((p) => p.dataset.state !== 'loading'))));
  const sent = [];
  const onRequest = (r) => {
    const u = new URL(r.url());
    if (/\/api\/prometheus\/api\/v1\/query(_range)?$/.test(u.pathname)) sent.push(u.searchParams.get('query') ?? new URLSearchParams(r.postData() || '').get('query'));
  };
  page.on('request', onRequest);
  const settle = async () => {
    let n = -1;
    await eventually(async () => { const same = n === sent.length; n = sent.length; return same; }, { interval: 1500 });
  };
  await page.waitForTimeout(1500);
  sent.length = 0;
  await page.selectOption('select[aria-label="Variable Quantile"]', '0.5');
  await page.waitForFunction(() => location.hash.includes('var-quantile=0.5'));
  await settle();
  const quantileUsers = await queriesUsing('quantile');
  assert.ok(quantileUsers > 0);
  assert.equal(sent.length, quantileUsers, `one request per panel query using $quantile:\n${sent.join('\n')}`);
  for (const q of sent) assert.match(q, /histogram_quantile\(0\.5,/);

  sent.length = 0;
  await page.click('summary[aria-label="Variable Service"]');
  await page.check('[data-testid=var-multi] input[data-value="search-service"]');
  await page.waitForFunction(() => location.hash.includes('var-service=search-service'));
  await settle();
  const serviceUsers = await queriesUsing('service');
  assert.equal(sent.length, serviceUsers, `one request per panel query using $service:\n${sent.join('\n')}`);
  assert.equal(new Set(sent).size, sent.length, 'no query sent twice');
  for (const q of sent) assert.ok(q.includes('search-service'), q);
  // Back still returns to the previous choice.
  await page.goBack();
  await page.waitForFunction(() => !location.hash.includes('var-service=search-service'));
  page.off('request', onRequest);
  assert.deepEqual(b.problems, []);
});
