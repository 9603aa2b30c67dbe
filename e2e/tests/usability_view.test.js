// Usability of the metrics view, as a new user meets it at 1400×900 and 1024×700 against live Prometheus: one
// table view in place of the chart (a row per series with last/min/max/mean, the raw values a click away),
// a distinct colour for each of up to 20 series in either palette, a hover tooltip that stays inside the
// chart and the viewport at the right edge, and From/To fields that show the whole time after a drag-zoom.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, gotoRoute, expectLive, eventually, sizedPage } from './harness.js';

const SIZES = [{ width: 1400, height: 900 }, { width: 1024, height: 700 }];
/** Some 12 to 20 series on the stack: one per service and status code. */
const MANY = 'sum by (service_name, http_response_status_code) (rate(http_server_requests_total[5m]))';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

/** A fresh context and page of this size, failing on page errors; `palette` is stored before the app starts. */
function newPage(size, { palette } = {}) {
  return sizedPage(b.browser, size, { storage: palette ? { 'trifocal.palette': palette } : {} });
}

async function prom(path, params) {
  const r = await fetch(`${BASE}api/prometheus/api/v1/${path}?${new URLSearchParams(params)}`);
  const body = await r.json();
  assert.equal(body.status, 'success', JSON.stringify(body).slice(0, 300));
  return body.data.result;
}

/** A window of whole minutes ending a minute ago (the page and Prometheus see the same samples) in which
 * Prometheus holds at least `min` series of `expr` with two samples or more. */
async function pastWindow(expr, min) {
  let from; let to;
  await eventually(async () => {
    to = Math.floor(Date.now() / 60000) * 60000 - 60000;
    from = to - 15 * 60000;
    const got = await prom('query_range', { query: expr, start: String(from / 1000), end: String(to / 1000), step: '15' });
    return got.length >= min && got.every((s) => s.values.length >= 2);
  }, { timeout: 180000, interval: 5000 });
  return { from, to };
}

async function openMetrics(page, fragment) {
  await gotoRoute(page, fragment);
  await expectLive(page, 'Prometheus');
  await page.waitForFunction(() => performance.getEntriesByName('trifocal:metrics-loaded').length > 0, null, { timeout: 30000 });
}

const chartCanvas = 'figure[aria-label="Query result chart"] canvas';

test('Table replaces the chart with one table, a row per series Prometheus returns with its last, min, max and mean; Series values shows the raw values; the link keeps it', async () => {
  const { context, page, problems } = await newPage(SIZES[0]);
  const { from, to } = await pastWindow(MANY, 3);
  // The query_range requests the page sends, to ask Prometheus the very same question.
  const asked = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/query_range')) asked.push(r.url()); });
  await openMetrics(page, `#/metrics?q.A=${encodeURIComponent(MANY)}&from=${from}&to=${to}`);
  await page.locator(chartCanvas).waitFor();
  // Explore has one table view: the chart has no table toggle of its own.
  assert.equal(await page.locator('[data-testid=show-table]').count(), 0, 'no "Show as table" button on the explore chart');

  await page.selectOption('[data-testid=viz-picker]', 'table');
  await page.waitForSelector('[data-testid=explore-table] [data-testid=explore-row]');
  assert.equal(await page.locator(chartCanvas).count(), 0, 'no chart canvas in table mode');
  assert.equal(await page.locator('section.explore table:visible').count(), 1, 'one table');
  assert.equal(asked.length, 1, asked.join('\n'));
  const url = new URL(asked[0]);
  const answer = (await (await fetch(`${BASE}api/prometheus/api/v1/query_range${url.search}`)).json()).data.result;
  assert.ok(answer.length >= 3);
  const rows = page.locator('[data-testid=explore-table] [data-testid=explore-row]');
  assert.equal(await rows.count(), answer.length, 'a row per series of Prometheus\' answer');

  // Each row: its labels and its last/min/max/mean, as Prometheus' samples give them.
  const headers = (await page.$$eval('[data-testid=explore-table] thead th', (ths) => ths.map((th) => th.textContent.replace(/[▲▼]/g, '').trim())));
  for (const c of ['Last', 'Min', 'Max', 'Mean']) assert.ok(headers.includes(c), `${c} column in ${headers}`);
  const shown = await page.$$eval('[data-testid=explore-table] [data-testid=explore-row]', (trs) => trs.map((tr) => [...tr.cells].map((td) => ({ text: td.textContent, value: td.dataset.value }))));
  const close = (a, b2) => Math.abs(a - b2) <= 1e-9 * Math.max(1, Math.abs(b2));
  for (const cells of shown) {
    const at = (name) => cells[headers.indexOf(name)];
    const series = answer.find((s) => ['service_name', 'http_response_status_code'].every((l) => (s.metric[l] || '') === at(l).text));
    assert.ok(series, `a Prometheus series for ${JSON.stringify(cells.map((c) => c.text))}`);
    const vs = series.values.map(([, v]) => Number(v)).filter(Number.isFinite);
    const want = { Last: vs[vs.length - 1], Min: Math.min(...vs), Max: Math.max(...vs), Mean: vs.reduce((a, v) => a + v, 0) / vs.length };
    for (const [k, v] of Object.entries(want)) assert.ok(close(Number(at(k).value), v), `${k} of ${at('service_name').text}/${at('http_response_status_code').text}: ${at(k).value} vs ${v}`);
  }
  // Sortable: Max one way (its header says which), then the other way.
  const maxHead = page.locator('[data-testid=explore-table] thead th', { hasText: 'Max' });
  const maxes = () => page.$$eval('[data-testid=explore-table] [data-testid=explore-row]', (trs, i) => trs.map((tr) => Number(tr.cells[i].dataset.value)), headers.indexOf('Max'));
  const ordered = (vs, dir) => vs.every((v, i) => i === 0 || (dir === 'ascending' ? vs[i - 1] <= v : vs[i - 1] >= v));
  const seen = new Set();
  for (let click = 0; click < 2; click += 1) {
    await maxHead.locator('button').click();
    const dir = await maxHead.getAttribute('aria-sort');
    const vs = await maxes();
    assert.ok(['ascending', 'descending'].includes(dir) && ordered(vs, dir), `${dir}: ${vs}`);
    seen.add(dir);
  }
  assert.equal(seen.size, 2, 'a second click sorts the other way');

  // The raw time × series values, in place of the summary (still one table).
  await page.click('[data-testid=table-values]');
  await page.waitForSelector('[data-testid=chart-table] tbody tr');
  assert.equal(await page.locator('[data-testid=chart-table] thead th').count(), answer.length + 1, 'a column per series and one for the time');
  const times = new Set(answer.flatMap((s) => s.values.map(([t]) => t))).size;
  assert.equal(await page.locator('[data-testid=chart-table] tbody tr').count(), Math.min(times, 1000), 'a row per sample time (the latest 1000)');
  assert.equal(await page.locator('section.explore table:visible').count(), 1, 'one table');
  assert.equal(await page.locator(chartCanvas).count(), 0);

  // The choice is in the link: a reload shows the table again.
  await page.waitForFunction(() => location.hash.includes('viz=table'));
  await openMetrics(page, await page.evaluate(() => location.hash));
  await page.waitForSelector('[data-testid=explore-table] [data-testid=explore-row]');
  assert.equal(await page.inputValue('[data-testid=viz-picker]'), 'table');
  assert.equal(await page.locator(chartCanvas).count(), 0);
  // Back to the chart: no table.
  await page.selectOption('[data-testid=viz-picker]', 'graph');
  await page.locator(`${chartCanvas}[data-draws]`).waitFor();
  assert.ok(await page.locator(chartCanvas).isVisible());
  assert.equal(await page.locator('section.explore table:visible').count(), 0, 'no table beside the chart');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a chart of 12 to 20 series gives each a colour of its own, in both palettes', async () => {
  const { from, to } = await pastWindow(MANY, 12);
  const n = (await prom('query_range', { query: MANY, start: String(from / 1000), end: String(to / 1000), step: '15' })).length;
  assert.ok(n >= 12 && n <= 20, `${n} series`);
  for (const palette of ['colorblind', 'classic']) {
    const { context, page, problems } = await newPage(SIZES[0], { palette });
    await openMetrics(page, `#/metrics?q.A=${encodeURIComponent(MANY)}&from=${from}&to=${to}`);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.palette), palette);
    await page.waitForFunction((k) => document.querySelectorAll('[data-testid=legend] .legend-item').length === k, n, { timeout: 15000 });
    const colours = await page.$$eval('[data-testid=legend] .legend-item .swatch', (ss) => ss.map((s) => getComputedStyle(s).backgroundColor));
    assert.equal(colours.length, n);
    const repeated = colours.filter((c, i) => colours.indexOf(c) !== i);
    assert.deepEqual(repeated, [], `${palette}: ${n} series, colours ${colours.join(' ')}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('the hover tooltip at the right edge of the chart stays inside the chart and the viewport', async () => {
  const { from, to } = await pastWindow(MANY, 3);
  for (const size of SIZES) {
    const { context, page, problems } = await newPage(size);
    await openMetrics(page, `#/metrics?q.A=${encodeURIComponent(MANY)}&from=${from}&to=${to}`);
    const canvas = page.locator(`${chartCanvas}[data-draws]`);
    await canvas.waitFor();
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    const tip = page.locator('.chart-box .tooltip:not(.exemplar-tip)');
    // At 98 % of the width; a little higher or lower when an exemplar marker is right under the cursor.
    let shown = false;
    for (const fy of [0.5, 0.3, 0.7, 0.2, 0.8]) {
      await page.mouse.move(box.x + box.width * 0.98, box.y + box.height * fy);
      shown = await tip.waitFor({ timeout: 1500 }).then(() => true, () => false);
      if (shown) break;
    }
    assert.ok(shown, `a tooltip at ${size.width}×${size.height}`);
    await page.waitForTimeout(100); // placed on the next frame at the latest
    const t = await tip.evaluate((el) => { const r = el.getBoundingClientRect(); return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }; });
    const c = await page.locator('.chart-box').first().evaluate((el) => { const r = el.getBoundingClientRect(); return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }; });
    const vp = { width: await page.evaluate(() => document.documentElement.clientWidth), height: await page.evaluate(() => document.documentElement.clientHeight) };
    const at = `${size.width}×${size.height}: tooltip ${JSON.stringify(t)}, chart ${JSON.stringify(c)}, viewport ${JSON.stringify(vp)}`;
    const eps = 0.5;
    assert.ok(t.left >= c.left - eps && t.right <= c.right + eps && t.top >= c.top - eps && t.bottom <= c.bottom + eps, `inside the chart: ${at}`);
    assert.ok(t.left >= -eps && t.top >= -eps && t.right <= vp.width + eps && t.bottom <= vp.height + eps, `inside the viewport: ${at}`);
    // It still tells the values: a row per series shown.
    assert.ok(await tip.locator('li').count() >= 1);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('after a drag-zoom the From and To fields show the whole zoomed times', async () => {
  const expr = 'sum by (service_name) (rate(http_server_requests_total[1m]))';
  for (const size of SIZES) {
    const { context, page, problems } = await newPage(size);
    await openMetrics(page, `#/metrics?q.A=${encodeURIComponent(expr)}&from=now-30m&to=now`);
    const canvas = page.locator(`${chartCanvas}[data-draws]`);
    await canvas.waitFor();
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    const y = box.y + box.height * 0.5;
    await page.mouse.move(box.x + box.width * 0.35, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.65, y, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => /[?&]from=\d+/.test(location.hash) && /[?&]to=\d+/.test(location.hash), null, { timeout: 10000 });
    const params = new URLSearchParams((await page.evaluate(() => location.hash)).split('?')[1]);
    const want = { From: Number(params.get('from')), To: Number(params.get('to')) };
    assert.ok(want.From < want.To, JSON.stringify(want));
    for (const [name, ms] of Object.entries(want)) {
      const input = page.getByRole('textbox', { name, exact: true });
      await page.waitForFunction(({ n, v }) => {
        const el = document.querySelector(`input[aria-label="${n}"]`);
        return el && Date.parse(el.value) === v;
      }, { n: name, v: ms }, { timeout: 10000 });
      const m = await input.evaluate((el) => ({ value: el.value, scroll: el.scrollWidth, client: el.clientWidth }));
      assert.ok(m.scroll <= m.client, `${name} at ${size.width}×${size.height}: "${m.value}" needs ${m.scroll} px, shows ${m.client} px`);
      assert.equal(Date.parse(m.value), ms, `${name} "${m.value}" is the zoomed ${new Date(ms).toISOString()}`);
    }
    assert.deepEqual(problems, []);
    await context.close();
  }
});
