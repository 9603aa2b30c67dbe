// Usability, as a new user meets the app at 1400×900 and 1024×700 against the live stack: the completion list
// opens under the caret and inside the viewport, the query box shows the whole query, the trace tree has real
// levels, find marks its matches and dims the rest, sharp volume canvas, #/dashboards, run.sh's port, and demo
// mode (an example metric query; trace links from demo data say where their IDs came from).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BASE, openBrowser, gotoRoute, eventually, sizedPage } from './harness.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SIZES = [{ width: 1400, height: 900 }, { width: 1024, height: 700 }];
/** Datasource paths that answer nothing: the app falls back to its recorded demo data. */
const NOWHERE = { prometheus: '/api/none', loki: '/api/none', tempo: '/api/none', jaeger: '/api/none' };
/** The window the recorded demo answers (and the stack's recorded Loki) cover, epoch ms. */
const RECORDED = { from: 1795452831000, to: 1795454006000 };

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

/** A fresh context and page of this size (and pixel ratio), failing on page errors; `datasources` is laid
 * over the app's stored settings before it starts. */
async function newPage(size, { dpr = 1, datasources } = {}) {
  return sizedPage(b.browser, size, { dpr, storage: datasources ? { 'trifocal.datasources': JSON.stringify(datasources) } : {} });
}

async function jaeger(path) {
  const r = await fetch(new URL(`api/jaeger${path}`, BASE));
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  return r.json();
}

/** Where the textarea's caret is drawn, measured on a mirror of the textarea (same box, font and wrapping)
 * built by the test itself: not on anything the app draws. */
async function caretOf(editor) {
  return editor.evaluate((ta) => {
    const cs = getComputedStyle(ta);
    const r = ta.getBoundingClientRect();
    const m = document.createElement('div');
    for (const p of ['fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'letterSpacing', 'lineHeight', 'tabSize',
      'paddingLeft', 'paddingRight', 'paddingTop', 'paddingBottom', 'borderLeftWidth', 'borderRightWidth',
      'borderTopWidth', 'borderBottomWidth', 'overflowWrap', 'wordBreak', 'textIndent']) m.style[p] = cs[p];
    Object.assign(m.style, { position: 'fixed', left: `${r.left}px`, top: `${r.top}px`, width: `${r.width}px`,
      boxSizing: 'border-box', borderStyle: 'solid', whiteSpace: 'pre-wrap', visibility: 'hidden', margin: '0' });
    m.textContent = ta.value.slice(0, ta.selectionEnd);
    const mark = document.createElement('span');
    mark.textContent = '\u200b';
    m.appendChild(mark);
    document.body.appendChild(m);
    const c = mark.getBoundingClientRect();
    m.remove();
    return { x: c.left, top: c.top, bottom: c.bottom };
  });
}

/** Types `text` into the editor, opens completion with Ctrl+Space, and checks that the list lies inside the
 * viewport with its left edge at the caret (or as near as the viewport allows) and right under (or over) it. */
async function checkCompletion(page, editor, text, what) {
  await editor.fill(text);
  await editor.press('End');
  await editor.press('Control+Space');
  await page.locator('[role=listbox] [role=option]').first().waitFor({ timeout: 15000 });
  await page.waitForTimeout(100); // placed on the next frame at the latest
  const caret = await caretOf(editor);
  const vp = page.viewportSize();
  const box = await page.locator('[role=listbox]').boundingBox();
  const at = `${what} "${text}" at ${vp.width}×${vp.height}: list ${JSON.stringify(box)}, caret ${JSON.stringify(caret)}`;
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= vp.width && box.y + box.height <= vp.height, `inside the viewport: ${at}`);
  const fitsAtCaret = caret.x + box.width <= vp.width;
  if (fitsAtCaret) assert.ok(Math.abs(box.x - caret.x) <= 12, `left edge at the caret: ${at}`);
  else assert.ok(box.x + box.width >= vp.width - 24, `moved left only as far as needed: ${at}`);
  const below = box.y >= caret.bottom - 1 && box.y - caret.bottom <= 16;
  const above = box.y + box.height <= caret.top + 1 && caret.top - (box.y + box.height) <= 16;
  assert.ok(below || above, `right under or over the caret line: ${at}`);
  // The names read whole: the option under the list's left edge is not cut by the viewport.
  await page.keyboard.press('Escape');
}

for (const size of SIZES) {
  test(`completion opens under the caret, inside the viewport: PromQL at ${size.width}×${size.height}`, async () => {
    const { context, page, problems } = await newPage(size);
    await gotoRoute(page, '#/metrics');
    const editor = page.locator('textarea[aria-label="PromQL query A"]');
    await checkCompletion(page, editor, 'rate(http_ser', 'PromQL');
    await checkCompletion(page, editor, 'rate(http_server_req', 'PromQL');
    // Far to the right on a long line: the list moves left to stay whole.
    await checkCompletion(page, editor, 'sum by (service_name, http_response_status_code) (rate(http_server_requests_total[5m])) / rate(http_ser', 'PromQL');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`completion opens under the caret, inside the viewport: TraceQL at ${size.width}×${size.height}`, async () => {
    // The TraceQL editor is the search box for Tempo; the demo data is Tempo's.
    const { context, page, problems } = await newPage(size, { datasources: NOWHERE });
    await page.goto(`${BASE}#/search`);
    await page.waitForFunction(() => document.querySelector('[data-testid=backend-status]')?.dataset.mode === 'demo', null, { timeout: 20000 });
    const editor = page.locator('textarea[aria-label="Trace query"]');
    await checkCompletion(page, editor, '{ sta', 'TraceQL');
    await checkCompletion(page, editor, '{ resource.service.name = "search-service" && duration > 5ms && sta', 'TraceQL');
    assert.deepEqual(problems, []);
    await context.close();
  });
}

/** The editor box's geometry: its width, its row's, the next control's left edge, and whether any part of it
 * (the textarea and whatever draws the text) cuts off its content. */
async function boxOf(editor) {
  return editor.evaluate((ta) => {
    const qe = ta.closest('.qe');
    const r = qe.getBoundingClientRect();
    const next = qe.nextElementSibling?.getBoundingClientRect();
    const cut = [ta, ...qe.querySelectorAll('*')].filter((e) => {
      const o = getComputedStyle(e).overflowY;
      return o !== 'visible' && e.scrollHeight > e.clientHeight + 1 && e.getBoundingClientRect().height > 0;
    }).map((e) => `${e.tagName}.${e.className}: ${e.scrollHeight} > ${e.clientHeight}`);
    return { left: r.left, right: r.right, width: r.width, height: ta.getBoundingClientRect().height,
      taBottom: ta.getBoundingClientRect().bottom, nextLeft: next?.left, cut };
  });
}

const LONG_PROMQL = 'sum by (service_name, http_response_status_code) (rate(http_server_requests_total{service_name="search-service", http_response_status_code=~"5.."}[1m]))';
const LONG_LOGQL = '{service_name="search-service"} |= "error" | json | duration_ms > 1000 | line_format "{{.service_name}} {{.msg}} took {{.duration_ms}} ms"';

async function checkWholeQuery(editor, text, what) {
  await editor.fill(text);
  await editor.press('End');
  const g = await boxOf(editor);
  assert.deepEqual(g.cut, [], `${what}: nothing of the query is cut off`);
  const caret = await caretOf(editor);
  assert.ok(caret.bottom <= g.taBottom + 1, `${what}: the end of the query is inside the box (${JSON.stringify(caret)}, ${JSON.stringify(g)})`);
  return g;
}

for (const size of SIZES) {
  test(`the query box takes the row's width and grows with its lines: explore at ${size.width}×${size.height}`, async () => {
    const { context, page, problems } = await newPage(size);
    await gotoRoute(page, '#/metrics');
    const editor = page.locator('textarea[aria-label="PromQL query A"]');
    const empty = await boxOf(editor);
    // It fills its cell: up to the legend input, whatever is typed.
    assert.ok(empty.nextLeft - empty.right >= 0 && empty.nextLeft - empty.right <= 16, JSON.stringify(empty));
    assert.ok(empty.width >= size.width * 0.4, JSON.stringify(empty));
    await editor.fill('rate(http_serve');
    const typed = await boxOf(editor);
    assert.ok(Math.abs(typed.width - empty.width) <= 1, `${typed.width} vs ${empty.width}: the box does not shrink to the text`);
    const long = await checkWholeQuery(editor, `${LONG_PROMQL} or ${LONG_PROMQL.replace('5..', '4..')}`, 'metrics');
    assert.ok(Math.abs(long.width - empty.width) <= 1);
    assert.ok(long.height > typed.height + 10, `a query longer than the box is wide takes more lines (${long.height} vs ${typed.height})`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('the query box takes the pane\'s width and shows the whole query in a split pane', async () => {
  const { context, page, problems } = await newPage(SIZES[1]);
  const side = (p) => encodeURIComponent(`/${p}?from=now-1h&to=now`);
  await gotoRoute(page, `#/split?left=${side('metrics')}&right=${side('logs')}`);
  const right = page.locator('[data-testid=split-right]');
  const editor = right.locator('textarea[aria-label="LogQL query"]');
  const pane = await right.evaluate((p) => {
    const cs = getComputedStyle(p);
    return p.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  });
  const empty = await boxOf(editor);
  assert.ok(Math.abs(empty.width - pane) <= 2, `editor ${empty.width} vs pane ${pane}`);
  const g = await checkWholeQuery(editor, LONG_LOGQL, 'split logs');
  assert.ok(Math.abs(g.width - pane) <= 2);
  // The metrics pane's editor fills its cell up to the legend input, typed or not.
  const left = page.locator('[data-testid=split-left] textarea[aria-label="PromQL query A"]');
  const leftEmpty = await boxOf(left);
  assert.ok(leftEmpty.nextLeft - leftEmpty.right >= 0 && leftEmpty.nextLeft - leftEmpty.right <= 16, JSON.stringify(leftEmpty));
  await left.fill('rate(http_serve');
  assert.ok(Math.abs((await boxOf(left)).width - leftEmpty.width) <= 1, 'the metrics box does not shrink to the text');
  const leftLong = await checkWholeQuery(left, LONG_PROMQL, 'split metrics');
  assert.ok(Math.abs(leftLong.width - leftEmpty.width) <= 1);
  assert.deepEqual(problems, []);
  await context.close();
});

/** A live Jaeger trace with a few levels, and each span's depth from its parent references. */
async function liveTrace() {
  return eventually(async () => {
    const found = await jaeger('/api/traces?service=search-ui&lookback=1h&limit=20');
    const t = found.data.filter((t) => t.spans.length >= 5 && t.spans.length <= 18)
      .sort((a, b) => b.spans.length - a.spans.length)[0];
    if (!t) return null;
    const full = (await jaeger(`/api/traces/${t.traceID}`)).data[0];
    const parent = new Map(full.spans.map((s) => [s.spanID, (s.references || []).find((r) => r.refType === 'CHILD_OF')?.spanID]));
    const depth = (id, n = 0) => (parent.get(id) && parent.has(parent.get(id)) && n < 100 ? depth(parent.get(id), n + 1) : n);
    const depths = new Map(full.spans.map((s) => [s.spanID, depth(s.spanID)]));
    if (new Set(depths.values()).size < 3) return null;
    return { id: full.traceID, spans: full.spans, processes: full.processes, depths };
  }, { timeout: 60000 });
}

async function openTrace(page, id) {
  await gotoRoute(page, `#/trace/${id}`);
  await page.waitForSelector('[data-testid=trace-header]', { timeout: 30000 });
  await page.waitForSelector('[role=tree] [role=treeitem]');
}

test('trace rows are a tree to screen readers: aria-level is each span\'s depth in Jaeger\'s own answer', async () => {
  const t = await liveTrace();
  const { context, page, problems } = await newPage(SIZES[0]);
  await openTrace(page, t.id);
  const rows = await page.$$eval('[role=tree] [role=treeitem]', (rs) => rs.map((r) => ({
    span: r.dataset.spanId, level: r.getAttribute('aria-level'), names: r.getAttributeNames(),
  })));
  assert.ok(rows.length >= 5);
  for (const r of rows) {
    assert.deepEqual(r.names.filter((n) => n.includes(':')), [], `no namespaced attribute on ${r.span}`);
    assert.ok(t.depths.has(r.span), `${r.span} is a span of the trace`);
    assert.equal(r.level, String(t.depths.get(r.span) + 1), `aria-level of ${r.span}`);
  }
  assert.ok(new Set(rows.map((r) => r.level)).size >= 3, 'several levels are shown');
  assert.deepEqual(problems, []);
  await context.close();
});

test('find in a trace: a grammatical count, matching rows highlighted, the others dimmed', async () => {
  const t = await liveTrace();
  const svcOf = (s) => t.processes[s.processID].serviceName;
  const counts = new Map();
  for (const s of t.spans) counts.set(svcOf(s), (counts.get(svcOf(s)) || 0) + 1);
  const [svc, n] = [...counts].filter(([, c]) => c > 1 && c < t.spans.length).sort((a, b) => b[1] - a[1])[0] || [];
  assert.ok(svc, `a service with several spans but not all: ${JSON.stringify([...counts])}`);
  const { context, page, problems } = await newPage(SIZES[0]);
  await openTrace(page, t.id);
  const find = page.locator('input[aria-label="Find in trace"]');
  const count = page.locator('[data-testid=find-count]');
  // How each row looks with no find: its background, and how much of its bar shows (the product of the
  // opacities from the bar up to the row).
  const look = () => page.$$eval('[role=treeitem]', (rs) => rs.map((r) => {
    let o = 1;
    for (let e = r.querySelector('.bar'); e && e !== r.parentElement; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
    return { span: r.dataset.spanId, bg: getComputedStyle(r).backgroundColor, bar: o };
  }));
  await page.mouse.move(0, 0);
  const plain = new Map((await look()).map((l) => [l.span, l]));

  await find.fill(`service=${svc}`);
  await eventually(async () => (await count.textContent()).trim() === `${n} matches`, { timeout: 5000 }).catch(async () => {
    assert.equal((await count.textContent()).trim(), `${n} matches`);
  });
  const expected = new Set(t.spans.filter((s) => svcOf(s) === svc).map((s) => s.spanID));
  const looks = await look();
  const hits = looks.filter((l) => expected.has(l.span));
  const rest = looks.filter((l) => !expected.has(l.span));
  assert.equal(hits.length, n);
  assert.ok(rest.length > 0);
  const transparent = (c) => c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c);
  for (const h of hits) {
    assert.ok(!transparent(h.bg) && h.bg !== plain.get(h.span).bg, `match ${h.span} is highlighted: ${h.bg}`);
    assert.equal(h.bar, plain.get(h.span).bar, `match ${h.span} is not dimmed`);
  }
  for (const r of rest) {
    assert.ok(r.bar <= 0.6 * plain.get(r.span).bar, `non-match ${r.span} is dimmed: bar opacity ${r.bar} (${plain.get(r.span).bar} without a find)`);
    assert.ok(hits.every((h) => h.bg !== r.bg), `non-match ${r.span} is not highlighted like a match`);
  }

  const one = t.spans.find((s) => svcOf(s) !== svc);
  await find.fill(`span=${one.spanID}`);
  await page.waitForFunction(() => document.querySelector('[data-testid=find-count]')?.textContent.trim() !== '', null, { timeout: 5000 });
  await eventually(async () => (await count.textContent()).trim() === '1 match', { timeout: 5000 }).catch(async () => {
    assert.equal((await count.textContent()).trim(), '1 match');
  });
  // Without a find, every row looks as it did.
  await find.fill('');
  await page.mouse.move(0, 0);
  for (const l of await look()) assert.deepEqual(l, plain.get(l.span));
  assert.deepEqual(problems, []);
  await context.close();
});

test('the log volume canvas is drawn at its CSS size times the device pixel ratio', async () => {
  for (const dpr of [2, 1]) {
    const { context, page, problems } = await newPage(SIZES[0], { dpr, datasources: NOWHERE });
    await page.goto(`${BASE}#/logs?from=${RECORDED.from}&to=${RECORDED.to}&query=${encodeURIComponent('{service_name="embedding-service"}')}`);
    await page.waitForSelector('[data-testid=logs-summary]', { timeout: 30000 });
    await page.waitForSelector('[data-testid=volume-summary]', { timeout: 30000 });
    const c = await eventually(async () => {
      const v = await page.$eval('[data-testid=log-volume] canvas', (el) => ({ w: el.width, h: el.height, cw: el.clientWidth, ch: el.clientHeight, dpr: devicePixelRatio }));
      return v.cw > 200 && Math.abs(v.w - v.cw * v.dpr) <= 2 && Math.abs(v.h - v.ch * v.dpr) <= 2 ? v : null;
    }, { timeout: 5000 }).catch(async () => page.$eval('[data-testid=log-volume] canvas', (el) => ({ w: el.width, h: el.height, cw: el.clientWidth, ch: el.clientHeight, dpr: devicePixelRatio, failed: true })));
    assert.ok(!c.failed, `canvas ${c.w}×${c.h} for a ${c.cw}×${c.ch} box at ratio ${c.dpr}`);
    assert.equal(c.dpr, dpr);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('#/dashboards is the dashboards list, as #/dashboard is', async () => {
  const { context, page, problems } = await newPage(SIZES[0]);
  for (const route of ['#/dashboards', '#/dashboard']) {
    await gotoRoute(page, route);
    await page.waitForSelector('[data-testid=dash-list]', { timeout: 20000 });
    assert.equal(await page.locator('.notice').count(), 0, `${route}: no notice`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('scripts/run.sh --port N says it serves on port N', async () => {
  for (const args of [['--port', '28197'], ['--port=28198']]) {
    const port = args.join(' ').match(/(\d+)$/)[1];
    const child = spawn('bash', [`${REPO}scripts/run.sh`, ...args], { cwd: REPO, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', () => {});
    try {
      await eventually(() => /Trifocal: http:\/\/\S+/.test(out), { timeout: 300000, interval: 100 });
    } finally {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    }
    const url = out.match(/Trifocal: (http:\/\/\S+)/)[1];
    assert.equal(new URL(url).port, port, out);
  }
});

test('demo mode: the metrics view opens on the recorded example query, not an empty chart', async () => {
  const recorded = JSON.parse(readFileSync(`${REPO}src/demo/data/query_range_matrix_rate.json`, 'utf8'));
  const { context, page, problems } = await newPage(SIZES[0], { datasources: NOWHERE });
  await page.goto(`${BASE}#/metrics`);
  await page.waitForFunction(() => document.querySelector('[data-testid=backend-status]')?.dataset.mode === 'demo', null, { timeout: 20000 });
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid=metrics-summary]')?.dataset.series) === n,
    recorded.data.result.length, { timeout: 20000 });
  assert.notEqual((await page.inputValue('textarea[aria-label="PromQL query A"]')).trim(), '', 'the example query is shown in the editor');
  assert.match(await page.locator('[data-testid=demo-note]').textContent(), /Demo data/);
  assert.ok(decodeURIComponent(page.url()).includes('q.A='), 'the link holds the example query');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a trace link from demo logs opens the recorded trace and says the ID came from demo data', async () => {
  // Demo data is a whole-app mode (nothing answers): a demo log line's trace link opens the recorded trace,
  // labelled, never a bare "trace not found". (With any backend live, nothing is demo data: detection.test.js.)
  const { context, page, problems } = await newPage(SIZES[0], { datasources: NOWHERE });
  await page.goto(`${BASE}#/logs?from=${RECORDED.from}&to=${RECORDED.to}&query=${encodeURIComponent('{service_name="embedding-service"}')}`);
  await page.waitForSelector('[data-testid=logs-summary]', { timeout: 30000 });
  assert.match(await page.locator('[data-testid=demo-note]').first().textContent(), /Demo data/);
  const link = page.locator('[data-testid=log-trace-link]').first();
  await link.click();
  await page.waitForFunction(() => location.hash.includes('/trace'));
  const id = decodeURIComponent(await page.evaluate(() => location.hash)).match(/trace\/([0-9a-f]+)/)[1];
  await page.waitForSelector('[data-testid=trace-header]', { timeout: 30000 });
  assert.equal(await page.locator('[data-testid=trace-error]').count(), 0, 'no "trace not found"');
  const note = await page.locator('[data-testid=demo-note]').first().textContent();
  assert.match(note, /demo data/i, note);
  assert.ok(note.includes(id) || /recorded/i.test(note), note);
  assert.deepEqual(problems, []);
  await context.close();
});
