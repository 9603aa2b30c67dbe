// Usability of the time-series chart against live Prometheus (issue 26, items 4 and 6): a request rate and a
// latency on one chart get an axis each, the tooltip and legend say each series' query and unit; exemplars can be
// turned off (kept in the URL), take their series' colour, hide with their series, and are one tab stop that
// arrow keys move through in time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, gotoRoute, expectLive, eventually } from './harness.js';

const RATE = 'sum by (service_name) (rate(http_server_requests_total[1m]))';
const P95 = 'histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket[5m])))';
const P95_BY_SERVICE = 'histogram_quantile(0.95, sum by (le, service_name) (rate(http_server_request_duration_seconds_bucket[5m])))';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

async function newPage({ width = 1400, height = 900 } = {}) {
  const context = await b.browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return { context, page, problems };
}

function metricsUrl(queries, extra = '') {
  const q = Object.entries(queries).map(([id, e]) => `q.${id}=${encodeURIComponent(e)}`).join('&');
  return `#/metrics?from=now-15m&to=now&${q}${extra}`;
}

async function prometheus(path, params) {
  const r = await fetch(`${BASE}api/prometheus/api/v1/${path}?${new URLSearchParams(params)}`);
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  const body = await r.json();
  assert.equal(body.status, 'success');
  return body.data;
}

/** Seconds of a duration as the app writes it ("66.67 ms", "1.2 s", "950 µs"), NaN when it is not one. */
function seconds(text) {
  const m = /^(-?[\d.]+(?:e-?\d+)?)\s*(ns|µs|ms|s|min)$/.exec(text.trim());
  if (!m) return NaN;
  return Number(m[1]) * { ns: 1e-9, 'µs': 1e-6, ms: 1e-3, s: 1, min: 60 }[m[2]];
}

/** Opens the metrics view with live Prometheus and waits until the chart has drawn the series. */
async function openChart(page, fragment) {
  await gotoRoute(page, fragment);
  await expectLive(page, 'Prometheus');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=metrics-summary]')?.dataset.series) > 0
    && document.querySelectorAll('.legend-item').length > 0, null, { timeout: 30000 });
}

test('item 4: a request rate and a latency get an axis each; tooltip, legend and table name the query and its unit', async () => {
  const { context, page, problems } = await newPage();
  await openChart(page, metricsUrl({ A: RATE, B: P95 }));
  const now = Math.floor(Date.now() / 1000);
  const rate = await prometheus('query_range', { query: RATE, start: now - 900, end: now, step: 15 });
  const p95 = await prometheus('query_range', { query: P95, start: now - 960, end: now + 60, step: 15 });
  assert.ok(rate.result.length > 0 && p95.result.length === 1, 'Prometheus has both');
  const latencies = p95.result[0].values.map(([, v]) => Number(v)).filter(Number.isFinite);

  // Legend: every entry names its query; A has Prometheus' services, B its one series.
  const legend = await page.$$eval('.legend-item', (l) => l.map((x) => x.textContent.trim()));
  const a = legend.filter((t) => t.startsWith('A: '));
  const bEntries = legend.filter((t) => t.startsWith('B: '));
  assert.equal(a.length + bEntries.length, legend.length, `legend: ${legend}`);
  assert.ok(Math.abs(a.length - rate.result.length) <= 1, `A: ${a.length} entries, Prometheus ${rate.result.length} series`);
  assert.equal(bEntries.length, 1);
  for (const r of rate.result.slice(0, 3)) {
    assert.ok(a.some((t) => t.includes(r.metric.service_name)), `legend names ${r.metric.service_name}`);
  }

  // Two axes: req/s on the left, a duration on the right.
  const box = page.locator('.chart-box');
  await eventually(async () => (await box.getAttribute('data-axis-right')) !== null, { timeout: 15000 }).catch(() => {});
  assert.equal(await box.getAttribute('data-axis-left'), 'req/s');
  assert.equal(await box.getAttribute('data-axis-right'), 's', 'a second axis in seconds');
  const left = (await box.getAttribute('data-y-ticks')).split('|');
  const right = (await box.getAttribute('data-y2-ticks')).split('|');
  assert.ok(left.length >= 2 && left.every((t) => t.endsWith('req/s')), `left axis: ${left}`);
  assert.ok(right.length >= 2 && right.every((t) => Number.isFinite(seconds(t))), `right axis in seconds: ${right}`);
  // The right axis covers Prometheus' latencies (not 0..1 of a req/s scale).
  const top = Math.max(...right.map(seconds));
  const maxLatency = Math.max(...latencies);
  assert.ok(top >= maxLatency * 0.9 && top <= maxLatency * 5, `right axis up to ${top} s, Prometheus' p95 peaks at ${maxLatency} s`);
  assert.match(await page.textContent('[data-testid=axis-caption]'), /A \(req\/s\).*B \(s\)/);

  // Tooltip: B's value in a duration, within Prometheus' p95 range; A's in req/s.
  const bb = await box.boundingBox();
  let rows = [];
  await eventually(async () => {
    for (const fy of [0.15, 0.5, 0.85, 0.3, 0.7]) {
      await page.mouse.move(bb.x + bb.width * 0.8, bb.y + bb.height * fy);
      await page.waitForTimeout(150);
      rows = await page.$$eval('.chart .tooltip:not(.exemplar-tip) li', (l) => l.map((x) => x.textContent.trim()));
      if (rows.some((r) => r.startsWith('B: '))) return true;
    }
    return false;
  }, { timeout: 15000 });
  const bRow = rows.find((r) => r.startsWith('B: '));
  assert.ok(bRow, `tooltip rows: ${rows}`);
  assert.ok(!bRow.includes('req/s'), `B is not in req/s: ${bRow}`);
  const shown = seconds(bRow.split(' ').slice(-2).join(' '));
  assert.ok(Number.isFinite(shown), `B in seconds: ${bRow}`);
  const [lo, hi] = [Math.min(...latencies), Math.max(...latencies)];
  assert.ok(shown >= lo * 0.9 && shown <= hi * 1.1, `B's ${shown} s lies in Prometheus' ${lo}..${hi} s`);
  assert.ok(rows.filter((r) => r.startsWith('A: ')).every((r) => r.endsWith('req/s')), `A in req/s: ${rows}`);

  // The Table view's summary names each row's query and shows B's values as durations; its series values
  // (the time × series matrix) name the query in every column, B's cells durations.
  await page.mouse.move(0, 0);
  await page.selectOption('[data-testid=viz-picker]', 'table');
  await page.waitForSelector('[data-testid=explore-table]');
  const summary = await page.$$eval('[data-testid=explore-row]', (rs) => rs.map((r) => [...r.querySelectorAll('td')].map((d) => d.textContent.trim())));
  const bRows = summary.filter((cells) => cells[0] === 'B');
  assert.equal(bRows.length, 1, `one row of query B: ${JSON.stringify(summary.slice(0, 3))}`);
  assert.ok(summary.every((cells) => ['A', 'B'].includes(cells[0])), 'every row names its query');
  assert.ok(bRows[0].slice(-4).every((t) => t === '—' || Number.isFinite(seconds(t))), `B's last/min/max/mean are durations: ${bRows[0]}`);
  await page.click('[data-testid=table-values]');
  const heads = await page.$$eval('[data-testid=chart-table] thead th', (l) => l.map((x) => x.textContent.trim()));
  const bCol = heads.findIndex((h) => h.startsWith('B: '));
  assert.ok(bCol > 0 && heads.slice(1).every((h) => /^[AB]: /.test(h)), `table columns: ${heads}`);
  const bCells = await page.$$eval(`[data-testid=chart-table] tbody tr td:nth-child(${bCol + 1})`, (l) => l.map((x) => x.textContent.trim()).filter((t) => t !== '—'));
  // histogram_quantile answers NaN for a step whose window saw no request: such a cell says NaN.
  assert.ok(bCells.some((t) => Number.isFinite(seconds(t))) && bCells.every((t) => t === 'NaN' || Number.isFinite(seconds(t))), `B cells: ${bCells.slice(0, 5)}`);
  assert.deepEqual(problems, []);
  await context.close();
});

/** The exemplar links on the chart: trace ID, series key, colour, time, position. */
function links(page) {
  return page.$$eval('a.exemplar', (as) => as.map((a) => ({
    trace: a.dataset.traceId, series: a.dataset.series, color: a.dataset.color, t: Number(a.dataset.t),
    pos: a.dataset.pos, tab: a.getAttribute('tabindex'),
  })));
}

async function openWithExemplars(page, extra = '') {
  await openChart(page, metricsUrl({ A: P95_BY_SERVICE }, extra));
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=metrics-summary]')?.dataset.exemplars) > 0
    && document.querySelectorAll('a.exemplar').length > 0, null, { timeout: 30000 });
}

test('item 6: exemplars hide with their series, take its colour, and can be turned off (kept in the URL)', async () => {
  const { context, page, problems } = await newPage();
  await openWithExemplars(page);
  const now = Math.floor(Date.now() / 1000);
  // Prometheus' own exemplars of the query, grouped by the service of their series.
  const answer = await prometheus('query_exemplars', { query: P95_BY_SERVICE, start: now - 1200, end: now + 60 });
  // (A trace crosses services: one trace ID can be an exemplar of several series, at different times.)
  const servicesOf = new Map();
  for (const s of answer) {
    for (const e of s.exemplars) {
      const key = `${e.labels.trace_id}@${Math.round(Number(e.timestamp) * 1000)}`;
      servicesOf.set(key, (servicesOf.get(key) || new Set()).add(s.seriesLabels.service_name));
    }
  }
  const legendColor = Object.fromEntries(await page.$$eval('.legend-item', (l) => l.map((x) => [x.dataset.series, x.querySelector('.swatch').style.background])));

  const rgb = (s) => s.match(/\d+/g).slice(0, 3).map(Number);
  const all = await links(page);
  assert.ok(all.length > 10, `${all.length} exemplar links`);

  // Hiding a series in the legend hides its exemplars: the links to traces Prometheus lists under that service
  // alone go, the other services' stay, and the count drops by exactly that series' exemplars.
  const byTrace = new Map();
  for (const s of answer) {
    for (const e of s.exemplars) byTrace.set(e.labels.trace_id, (byTrace.get(e.labels.trace_id) || new Set()).add(s.seriesLabels.service_name));
  }
  const only = (l) => { const svcs = byTrace.get(l.trace); return svcs && svcs.size === 1 ? [...svcs][0] : null; };
  const tally = {};
  for (const l of all) if (only(l)) tally[only(l)] = (tally[only(l)] || 0) + 1;
  const ranked = Object.entries(tally).sort((x, y) => y[1] - x[1]);
  assert.ok(ranked.length >= 2, `exemplars of several services: ${JSON.stringify(tally)}`);
  const svc = ranked[0][0];
  const hiddenKey = `{service_name="${svc}"}`;
  const others = (ls) => ls.filter((l) => only(l) && only(l) !== svc).length;
  await page.locator(`.legend-item[data-series='${hiddenKey}']`).click({ modifiers: ['Shift'] });
  await eventually(async () => !(await links(page)).some((l) => only(l) === svc), { timeout: 10000 }).catch(() => {});
  const rest = await links(page);
  assert.equal(rest.filter((l) => only(l) === svc).length, 0, `no exemplar of the hidden ${svc} is left`);
  assert.equal(others(rest), others(all), "the other services' exemplars stay");
  assert.equal(rest.length, all.length - all.filter((l) => l.series === hiddenKey).length);
  assert.ok(rest.every((l) => l.series !== hiddenKey));
  await page.locator(`.legend-item[data-series='${hiddenKey}']`).click({ modifiers: ['Shift'] });
  await eventually(async () => (await links(page)).length === all.length, { timeout: 10000 });
  for (const l of all) {
    assert.ok(l.series, `every exemplar belongs to a series: ${JSON.stringify(l)}`);
    assert.deepEqual(rgb(l.color), rgb(legendColor[l.series]), `exemplar colour is its series' legend colour: ${JSON.stringify(l)}`);
    const services = servicesOf.get(`${l.trace}@${l.t}`);
    if (services) {
      assert.ok([...services].some((svc) => l.series === `{service_name="${svc}"}`), `Prometheus puts ${l.trace} under ${[...services]}, the chart under ${l.series}`);
    }
  }
  const known = all.filter((l) => servicesOf.has(`${l.trace}@${l.t}`)).length;
  assert.ok(known >= all.length * 0.9, `${known} of ${all.length} exemplars are in Prometheus' answer`);
  // The canvas draws them in that colour: the centre of every diamond that no other diamond overlaps is its
  // series' legend colour, or that colour laid see-through over the chart's background — of all the legend's
  // colours, its series' one is the nearest in that sense.
  // A diamond's centre pixel is its own unless another diamond (|dx| + |dy| <= radius 4, plus a pixel of
  // antialiasing) covers it.
  const { bg, centres } = await page.$$eval('a.exemplar', (as) => {
    const RADIUS = 4;
    const c = document.querySelector('.chart canvas');
    const ctx = c.getContext('2d');
    const sx = c.width / c.clientWidth;
    const at = as.map((a) => [parseFloat(a.style.left), parseFloat(a.style.top)]);
    const pixel = (x, y) => Array.from(ctx.getImageData(Math.round(x * sx), Math.round(y * sx), 1, 1).data).slice(0, 3);
    return {
      bg: pixel(1, 1),
      centres: as
        .map((a, i) => [a, at[i]])
        .filter(([, [x, y]], i) => at.every(([u, v], j) => j === i || Math.abs(u - x) + Math.abs(v - y) > 2 * RADIUS - 1))
        .map(([a, [x, y]]) => [a.dataset.series, pixel(x, y)]),
    };
  });
  const palette = Object.entries(legendColor).map(([k, v]) => [k, rgb(v)]);
  // Distance from a pixel to the blends a·c + (1−a)·bg, 0.3 ≤ a ≤ 1.
  const dist = (px, c) => {
    let best = Infinity;
    for (let a = 0.3; a <= 1.0001; a += 0.01) {
      best = Math.min(best, Math.hypot(...[0, 1, 2].map((k) => px[k] - (a * c[k] + (1 - a) * bg[k]))));
    }
    return best;
  };
  const nearest = (px) => palette.reduce((best, [k, c]) => (dist(px, c) < best[1] ? [k, dist(px, c)] : best), [null, Infinity])[0];
  const wrong = centres.filter(([series, px]) => nearest(px) !== series);
  assert.ok(centres.length >= 5, `${centres.length} diamonds stand alone`);
  assert.ok(wrong.length <= centres.length * 0.1, `${wrong.length} of ${centres.length} lone diamonds are not in their series' colour: ${JSON.stringify(wrong.slice(0, 5))}`);

  // Off: no exemplar marks or links; the URL keeps it across a reload; on again brings them back.
  await page.click('[data-testid=exemplars-toggle]');
  await page.waitForFunction(() => document.querySelectorAll('a.exemplar').length === 0, null, { timeout: 10000 });
  assert.match(page.url(), /exemplars=0/);
  await page.reload();
  await expectLive(page, 'Prometheus');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=metrics-summary]')?.dataset.exemplars) > 0
    && Number(document.querySelector('.chart canvas')?.dataset.draws) > 0, null, { timeout: 30000 });
  assert.equal(await page.isChecked('[data-testid=exemplars-toggle]'), false);
  assert.equal(await page.locator('a.exemplar').count(), 0, 'still off after a reload');
  await page.click('[data-testid=exemplars-toggle]');
  await page.waitForFunction(() => document.querySelectorAll('a.exemplar').length > 0, null, { timeout: 10000 });
  assert.doesNotMatch(page.url(), /exemplars=0/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('item 6: the exemplars are one tab stop; arrow keys move through them in time, Enter opens the trace', async () => {
  const { context, page, problems } = await newPage();
  await openWithExemplars(page);
  const all = await links(page);
  // Tab from the control just before the chart's overlay lands on one exemplar; the next Tab leaves them.
  await page.evaluate(() => {
    const stops = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
      .filter((e) => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0);
    stops[stops.findIndex((e) => e.matches('a.exemplar')) - 1].focus();
  });
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.matches('a.exemplar')), true, 'Tab reaches an exemplar');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.matches('a.exemplar')), false, 'the next Tab leaves the exemplars');
  assert.equal(all.filter((l) => l.tab === '0').length, 1, 'one exemplar link in the tab order');
  // Back to it; ArrowRight goes to the next exemplar in time.
  await page.keyboard.press('Shift+Tab');
  const focused = () => page.evaluate(() => {
    const a = document.activeElement;
    return a?.matches('a.exemplar') ? { t: Number(a.dataset.t), trace: a.dataset.traceId } : null;
  });
  await page.keyboard.press('Home');
  const times = all.map((l) => l.t).sort((x, y) => x - y);
  assert.equal((await focused()).t, times[0], 'Home: the earliest exemplar');
  let cur = await focused();
  for (let k = 0; k < 5; k++) {
    await page.keyboard.press('ArrowRight');
    const next = await focused();
    assert.ok(next, 'focus stays on an exemplar');
    assert.ok(next.t >= cur.t && !all.some((l) => l.t > cur.t && l.t < next.t), `ArrowRight: ${cur.t} → ${next.t}, the next in time`);
    assert.equal(await page.locator('a.exemplar[tabindex="0"]').count(), 1, 'one tab stop, the focused exemplar');
    cur = next;
  }
  assert.equal(await page.locator('a.exemplar[tabindex="0"]').count(), 1, 'still one tab stop');
  await page.keyboard.press('End');
  assert.equal((await focused()).t, times[times.length - 1], 'End: the latest exemplar');
  await page.keyboard.press('ArrowLeft');
  assert.ok((await focused()).t <= times[times.length - 1]);
  // Enter opens the trace, as a click does.
  const target = await focused();
  assert.match(target.trace, /^[0-9a-f]{32}$/);
  await page.keyboard.press('Enter');
  await page.waitForFunction((tid) => location.hash.startsWith('#/trace/') && location.hash.includes(tid), target.trace, { timeout: 10000 });
  assert.deepEqual(problems, []);
  await context.close();
});
