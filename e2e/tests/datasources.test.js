// Several datasources of one kind (issue 20): the stack's Prometheus 3 is the default, Debian's Prometheus
// 2.42 (nginx /api/prometheus-2/) is added under Settings as a named datasource and tested there; a Grafana
// dashboard with a datasource variable ($ds) draws from either, switched in its variable bar, and the
// import says which datasource uid it could not map. Each expectation is read from that server's own API,
// so a stopped Prometheus (either one) fails this test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, gotoRoute, eventually, expectLive, BASE, importDashboard } from './harness.js';

const NAME = 'Prometheus 2.42';
const UID = 'e2e-two-prometheus';
let b;
const asked = [];

before(async () => {
  b = await openBrowser();
  b.page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.includes('/api/v1/query')) asked.push(path);
  });
});
after(async () => { await b.browser.close(); });

async function api(prefix, path, params = {}) {
  const r = await fetch(`${BASE}api/${prefix}/api/v1/${path}?${new URLSearchParams(params)}`);
  const body = await r.json();
  assert.equal(body.status, 'success', JSON.stringify(body).slice(0, 300));
  return body.data;
}

/** `version|goversion` of the Prometheus behind an nginx path, from its own build-info series. */
async function buildLegend(prefix) {
  const data = await api(prefix, 'query', { query: 'prometheus_build_info' });
  assert.equal(data.result.length, 1, `${prefix}: one prometheus_build_info series`);
  const m = data.result[0].metric;
  return `${m.version}|${m.goversion}`;
}

/** The legend entries of the dashboard's panel titled `title`, once it has settled. */
async function legendOf(page, title) {
  return eventually(async () => {
    const got = await page.$$eval('[data-testid=panel]', (els, t) => {
      const p = els.find((e) => e.querySelector('[data-testid=panel-title]')?.textContent === t);
      if (!p || p.dataset.state === 'loading') return null;
      return [...p.querySelectorAll('.legend-item')].map((x) => x.textContent.trim());
    }, title);
    return got && got.length > 0 && got;
  }, { timeout: 60000 });
}

const grafana = {
  uid: UID,
  title: 'Two Prometheus servers',
  schemaVersion: 39,
  time: { from: 'now-15m', to: 'now' },
  templating: { list: [
    { name: 'ds', type: 'datasource', query: 'prometheus', current: { text: 'Prometheus', value: 'Prometheus' } },
  ] },
  panels: [
    { id: 1, type: 'timeseries', title: 'Build of the picked server', gridPos: { x: 0, y: 0, w: 12, h: 8 },
      datasource: { type: 'prometheus', uid: '${ds}' },
      targets: [{ refId: 'A', expr: 'prometheus_build_info', legendFormat: '{{version}}|{{goversion}}' }] },
    { id: 2, type: 'timeseries', title: 'Build on a server not configured here', gridPos: { x: 12, y: 0, w: 12, h: 8 },
      datasource: { type: 'prometheus', uid: 'P-staging-not-here' },
      targets: [{ refId: 'A', expr: 'prometheus_build_info', legendFormat: '{{version}}|{{goversion}}' }] },
    // A second uid not configured here: the two cannot both be the default one meant, so the import names them.
    { id: 3, type: 'stat', title: 'Series on another server', gridPos: { x: 0, y: 8, w: 12, h: 4 },
      datasource: { type: 'prometheus', uid: 'P-other-not-here' },
      targets: [{ refId: 'A', expr: 'count(prometheus_build_info)' }] },
  ],
};

test('two Prometheus datasources: one added and tested under Settings, a dashboard switched between them by $ds', async () => {
  const { page } = b;
  const info2 = await api('prometheus-2', 'status/buildinfo');
  assert.match(info2.version, /^2\.42\./);
  const want3 = await buildLegend('prometheus');
  const want2 = await buildLegend('prometheus-2');
  assert.notEqual(want3, want2, 'the two servers differ in build');

  // Settings: add the 2.42 server by name and path, then test it.
  await gotoRoute(page, '#/settings');
  await page.fill('[data-testid=source-name]', NAME);
  await page.fill('[data-testid=source-url]', '/api/prometheus-2');
  await page.click('[data-testid=source-add]');
  await page.waitForSelector(`[data-testid=source-row][data-name="${NAME}"]`);
  // A second one by the same name is refused where it was typed.
  await page.fill('[data-testid=source-name]', NAME.toLowerCase());
  await page.fill('[data-testid=source-url]', '/api/elsewhere');
  await page.click('[data-testid=source-add]');
  assert.match(await page.textContent('[data-testid=sources-message]'), /Not added: A datasource named/);
  await page.click(`[data-testid=source-row][data-name="${NAME}"] button:has-text("Test")`);
  await eventually(async () => (await page.textContent(`[data-testid=source-row][data-name="${NAME}"] [data-testid=source-test]`)) === `connected: Prometheus ${info2.version}`);

  // Explore picks it too: the link names it (`ds=`), the picker shows it, the chart is the 2.42 server's.
  const go2 = want2.split('|')[1];
  await gotoRoute(page, `#/metrics?q.A=prometheus_build_info&from=now-15m&to=now&ds=${encodeURIComponent(NAME)}`);
  assert.equal(await page.inputValue('[data-testid=explore-source]'), NAME);
  await eventually(async () => {
    const legend = await page.$$eval('.legend-item', (l) => l.map((x) => x.textContent));
    return legend.length === 1 && legend[0].includes(`goversion="${go2}"`);
  });
  await page.selectOption('[data-testid=explore-source]', '');
  await page.waitForFunction(() => !location.hash.includes('ds='));
  await eventually(async () => {
    const legend = await page.$$eval('.legend-item', (l) => l.map((x) => x.textContent));
    return legend.length === 1 && legend[0].includes(`goversion="${want3.split('|')[1]}"`);
  });

  // The Grafana dashboard: its datasource variable is imported, the unknown uids are reported.
  await importDashboard(page, grafana);
  const notices = await page.$$eval('[data-testid=import-notice]', (l) => l.map((x) => x.textContent));
  for (const uid of ['P-staging-not-here', 'P-other-not-here']) {
    assert.ok(notices.some((n) => n.includes(uid) && n.includes('not configured here')), notices.join('\n'));
  }
  await page.click('[data-testid=import-open]');
  await expectLive(page, 'Prometheus');

  // $ds = the default: both panels show Prometheus 3's build.
  assert.deepEqual(await legendOf(page, 'Build of the picked server'), [want3]);
  assert.deepEqual(await legendOf(page, 'Build on a server not configured here'), [want3]);
  const options = await page.$$eval('select[aria-label="Variable ds"] option', (l) => l.map((o) => o.value));
  assert.deepEqual(options, ['Prometheus', NAME]);

  // $ds = the 2.42 server: the first panel asks it, the second stays on the default.
  asked.length = 0;
  await page.selectOption('select[aria-label="Variable ds"]', NAME);
  await page.waitForFunction(() => location.hash.includes('var-ds=Prometheus%202.42'));
  await eventually(async () => (await legendOf(page, 'Build of the picked server'))[0] === want2);
  assert.deepEqual(await legendOf(page, 'Build on a server not configured here'), [want3]);
  assert.ok(asked.some((p) => p.startsWith('/api/prometheus-2/')), asked.join('\n'));
  // "Explore" on that panel opens the metrics view on the same server.
  const exploreHref = await page.$$eval('[data-testid=panel]', (els) => els
    .find((e) => e.querySelector('[data-testid=panel-title]')?.textContent === 'Build of the picked server')
    ?.querySelector('[data-testid=panel-explore]')?.getAttribute('href'));
  assert.ok(exploreHref?.includes(`ds=${encodeURIComponent(NAME)}`), exploreHref);
  const dashboard = `#${page.url().split('#')[1]}`;
  await gotoRoute(page, exploreHref);
  // (The panel's legend format goes along: `{{version}}|{{goversion}}`.)
  await eventually(async () => {
    const legend = await page.$$eval('.legend-item', (l) => l.map((x) => x.textContent.trim()));
    return legend.length === 1 && legend[0] === want2;
  });
  await gotoRoute(page, dashboard);

  // The pick is in the link: a reload keeps it.
  await page.reload();
  await eventually(async () => (await legendOf(page, 'Build of the picked server'))[0] === want2);

  // Removed under Settings, the dashboard says so at the panel instead of drawing the other server.
  await gotoRoute(page, '#/settings');
  await page.click(`button[aria-label="Remove datasource ${NAME}"]`);
  await page.waitForSelector(`[data-testid=source-row][data-name="${NAME}"]`, { state: 'detached' });
  await gotoRoute(page, `#/dashboard/${UID}?var-ds=${encodeURIComponent(NAME)}`);
  const err = await eventually(async () => {
    const t = await page.$$eval('[data-testid=panel]', (els) => els.flatMap((p) => [...p.querySelectorAll('[data-testid=panel-error]')].map((e) => e.textContent)));
    return t.length > 0 && t;
  });
  assert.ok(err.some((e) => e.includes(`No datasource “${NAME}” is configured`)), err.join('\n'));
  assert.deepEqual(b.problems, []);
});

test('each named datasource sends its own auth, to itself only, and keeps it out of links and settings', async () => {
  const { page } = b;
  const TOKEN = 'tok-prom2-e2e-5521';
  const USER = 'ops-e2e';
  const PASSWORD = 'pw-e2e-8812';
  const headers = [];
  const onRequest = (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/')) headers.push({ path, auth: r.headers().authorization || '' });
  };
  page.on('request', onRequest);
  try {
    await gotoRoute(page, '#/settings');
    // One with a bearer token, one with basic auth: both the 2.42 server behind different names.
    for (const [name, fill] of [['Prom token', { 'source-token': TOKEN }], ['Prom basic', { 'source-user': USER, 'source-password': PASSWORD }]]) {
      await page.fill('[data-testid=source-name]', name);
      await page.fill('[data-testid=source-url]', '/api/prometheus-2');
      for (const [id, v] of Object.entries(fill)) await page.fill(`[data-testid=${id}]`, v);
      await page.click('[data-testid=source-add]');
      await page.waitForSelector(`[data-testid=source-row][data-name="${name}"]`);
    }
    const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
    for (const [name, auth] of [['Prom token', `Bearer ${TOKEN}`], ['Prom basic', basic]]) {
      headers.length = 0;
      await gotoRoute(page, `#/metrics?q.A=up&from=now-15m&to=now&ds=${encodeURIComponent(name)}`);
      await eventually(async () => (await page.$$eval('.legend-item', (l) => l.length)) > 0);
      const p2 = headers.filter((h) => h.path.startsWith('/api/prometheus-2/'));
      assert.ok(p2.length > 0 && p2.every((h) => h.auth === auth), JSON.stringify(p2));
      // The default Prometheus and the other backends get none of it.
      const others = headers.filter((h) => !h.path.startsWith('/api/prometheus-2/'));
      assert.ok(others.every((h) => h.auth === ''), JSON.stringify(others));
    }
    // Kept in this browser only, apart from the settings: in the stored JSON's `secrets` object alone.
    const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('trifocal.datasources')));
    const { secrets, ...rest } = stored;
    assert.ok(!JSON.stringify(rest).includes(TOKEN) && !JSON.stringify(rest).includes(PASSWORD), JSON.stringify(rest));
    assert.ok(JSON.stringify(secrets).includes(TOKEN) && JSON.stringify(secrets).includes(PASSWORD));
    assert.ok(!page.url().includes(TOKEN) && !page.url().includes(PASSWORD));
  } finally {
    page.off('request', onRequest);
  }
  assert.deepEqual(b.problems, []);
});
