// The alerts page against the live stack (issue 21): Prometheus 3 evaluating scripts/stack/rules.yml over the
// generator's metrics and sending to Alertmanager 0.35.0. Every expected state, error, label and silence is read
// from Prometheus' or Alertmanager's own API through the stack's nginx, never written here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openBrowser, gotoRoute, expectLive, eventually, useDatasources } from './harness.js';

const PROM = `${BASE}api/prometheus/`;
const AM = `${BASE}api/alertmanager/`;

async function json(url, init) {
  let res;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(20000), ...init });
  } catch (e) {
    throw new Error(`${url}: no answer (${e.cause?.code || e.message}); is the stack up?`);
  }
  const body = await res.text();
  assert.ok(res.ok, `${url} answered ${res.status}: ${body.slice(0, 200)}`);
  assert.ok(!/^\s*</.test(body), `${url} answered an HTML page: is it in the stack's nginx?`);
  return JSON.parse(body);
}

/** Prometheus' alerting rules: name → rule (state, health, lastError, labels, alerts). */
async function promRules() {
  const d = await json(`${PROM}api/v1/rules`);
  const out = new Map();
  for (const g of d.data.groups) for (const r of g.rules) if (r.type === 'alerting') out.set(r.name, r);
  return out;
}

/** Waits until Prometheus reports a firing rule (the stack's HighErrorRate fires ~20 s after `up`). */
async function firingRules() {
  return eventually(async () => {
    const rules = await promRules();
    return [...rules.values()].some((r) => r.state === 'firing') && rules;
  }, { timeout: 90000, interval: 1000 });
}

const amGroups = () => json(`${AM}api/v2/alerts/groups`);
const amSilences = () => json(`${AM}api/v2/silences`);
/** Alertmanager's copy of the alert with exactly these labels. */
async function amAlert(labels) {
  const same = (a) => Object.keys(labels).length === Object.keys(a.labels).length && Object.entries(labels).every(([k, v]) => a.labels[k] === v);
  return (await amGroups()).flatMap((g) => g.alerts).find(same);
}

/** The page's rule cards: name → {state, health, error}. */
async function pageRules(page) {
  return page.$$eval('[data-testid=rule]', (cs) => cs.map((c) => ({
    name: c.dataset.rule, state: c.dataset.state, health: c.dataset.health,
    error: c.querySelector('[data-testid=rule-error]')?.textContent ?? '',
  })));
}

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b.browser.close(); });

async function openAlerts(page, fragment = '#/alerts') {
  await gotoRoute(page, fragment);
  await expectLive(page, 'Prometheus');
  await page.waitForSelector('[data-testid=rule], [data-testid=no-rules], [data-testid=rules-error]', { timeout: 30000 });
  assert.equal(await page.locator('[data-testid=rules-error]').count(), 0, 'the rules loaded');
}

test('alerts (live): the page shows the firing, pending, inactive and erroring rules with the states Prometheus reports', async () => {
  const { page } = b;
  await firingRules();
  await eventually(async () => {
    await openAlerts(page);
    const shown = await pageRules(page);
    const prom = await promRules();
    assert.deepEqual(shown.map((r) => r.name).sort(), [...prom.keys()].sort(), 'every alerting rule is listed');
    // States move on (pending → firing) between two reads: ask again until both reads agree.
    for (const r of shown) {
      const p = prom.get(r.name);
      if (r.state !== p.state || r.health !== p.health || r.error !== (p.lastError || '')) return false;
    }
    return true;
  }, { timeout: 60000, interval: 2000 });
  const shown = await pageRules(page);
  const states = new Set(shown.map((r) => r.state));
  for (const s of ['firing', 'pending', 'inactive']) assert.ok(states.has(s), `a ${s} rule is shown: ${JSON.stringify(shown)}`);
  const broken = shown.find((r) => r.health === 'err');
  assert.ok(broken && /many-to-many/.test(broken.error), `the erroring rule shows Prometheus' lastError: ${JSON.stringify(broken)}`);
  // Counts per group are the group's rules by state, as Prometheus has them.
  const d = await json(`${PROM}api/v1/rules`);
  for (const g of d.data.groups.filter((g) => g.rules.some((r) => r.type === 'alerting'))) {
    const text = await page.textContent(`[data-testid=rule-group][data-group="${g.name}"] [data-testid=group-counts]`);
    const n = (s) => g.rules.filter((r) => r.type === 'alerting' && r.state === s).length;
    // The group's states may have moved since the page loaded: the text has the page's own counts, each
    // rule's state was checked above; here the numbers add up to the group's alerting rules.
    const nums = text.match(/\d+/g).map(Number);
    assert.equal(nums.reduce((a, x) => a + x, 0), n('firing') + n('pending') + n('inactive'), text);
  }
  // The runbook annotation is a link to Prometheus' runbook_url, through the safe-link check.
  const prom = await promRules();
  const runbook = prom.get('HighErrorRate').annotations.runbook_url;
  const hrefs = await page.$$eval('[data-rule=HighErrorRate] [data-testid=annotation-link]', (as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs, [runbook]);
  assert.deepEqual(b.problems, []);
});

test('alerts (live): the state and label filters are kept in the URL and survive a reload', async () => {
  const { page } = b;
  await firingRules();
  await openAlerts(page);
  await page.check('[data-testid=state-firing]');
  await page.waitForFunction(() => location.hash.includes('state=firing'));
  await page.waitForSelector('[data-testid=rule]');
  await page.fill('[data-testid=alerts-filter]', 'severity=warning');
  await page.press('[data-testid=alerts-filter]', 'Enter');
  await page.waitForFunction(() => location.hash.includes('q=severity'));
  const url = page.url();
  await page.reload();
  await expectLive(page, 'Prometheus');
  await page.waitForSelector('[data-testid=rule], [data-testid=no-rules]', { timeout: 30000 });
  assert.equal(page.url(), url);
  assert.ok(await page.isChecked('[data-testid=state-firing]'));
  assert.ok(!(await page.isChecked('[data-testid=state-pending]')));
  assert.equal(await page.inputValue('[data-testid=alerts-filter]'), 'severity=warning');
  // What Prometheus says is firing with severity=warning on the rule or one of its alerts.
  await eventually(async () => {
    await page.click('[data-testid=alerts-refresh]');
    await page.waitForTimeout(1000);
    const prom = await promRules();
    const want = [...prom.values()].filter((r) => r.state === 'firing'
      && (r.labels.severity === 'warning' || r.alerts.some((a) => a.labels.severity === 'warning'))).map((r) => r.name).sort();
    const shown = (await pageRules(page)).map((r) => r.name).sort();
    return want.length > 0 && JSON.stringify(want) === JSON.stringify(shown);
  }, { timeout: 30000, interval: 1000 });
  assert.deepEqual(b.problems, []);
});

test('alerts (live): a silence created from a firing alert is in Alertmanager and silences it; a refused one keeps the form; expiring it un-silences the alert', async () => {
  const { page } = b;
  const rules = await firingRules();
  const firing = rules.get('HighErrorRate').alerts.filter((a) => a.state === 'firing');
  // An alert Alertmanager holds and nothing silences.
  let target;
  await eventually(async () => {
    for (const a of firing) {
      const m = await amAlert(a.labels);
      if (m && m.status.state === 'active') { target = a; return true; }
    }
    return false;
  }, { timeout: 60000, interval: 1000 });
  const svc = target.labels.service;
  await openAlerts(page, `#/alerts?state=firing&q=${encodeURIComponent(`HighErrorRate service=${svc}`)}`);
  const row = page.locator('[data-rule=HighErrorRate] [data-testid=alert]').filter({ hasText: svc }).first();
  await row.waitFor();
  assert.equal(await row.getAttribute('data-am'), 'active');
  await row.locator('[data-testid=silence-alert]').click();
  await page.waitForSelector('[data-testid=silence-form]');
  // The alert's labels as matchers.
  const names = await page.$$eval('[data-testid=matcher-name]', (is) => is.map((i) => i.value));
  assert.deepEqual(names, Object.keys(target.labels).sort());
  const values = await page.$$eval('[data-testid=matcher-value]', (is) => is.map((i) => i.value));
  assert.deepEqual(values, Object.keys(target.labels).sort().map((k) => target.labels[k]));
  const author = `e2e-${Date.now()}`;
  const comment = 'maintenance "window" — ünïcode ✓';
  await page.fill('[data-testid=silence-author]', author);
  await page.fill('[data-testid=silence-comment]', comment);
  await page.fill('[data-testid=silence-duration]', '20m');
  // First a matcher Alertmanager refuses (a broken regular expression): its message, the form kept.
  await page.click('[data-testid=matcher-add]');
  const extra = page.locator('[data-testid=matcher]').last();
  await extra.locator('[data-testid=matcher-name]').fill('instance');
  await extra.locator('[data-testid=matcher-op]').selectOption('=~');
  await extra.locator('[data-testid=matcher-value]').fill('(unclosed');
  await page.click('[data-testid=silence-create]');
  const err = page.locator('[data-testid=silence-error]');
  await err.waitFor({ timeout: 15000 });
  const refusal = await fetch(`${AM}api/v2/silences`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({
    matchers: [{ name: 'instance', value: '(unclosed', isRegex: true, isEqual: true }], startsAt: new Date().toISOString(),
    endsAt: new Date(Date.now() + 60000).toISOString(), createdBy: 'e2e', comment: 'refused' }) });
  assert.equal(refusal.status, 400);
  const said = JSON.parse(await refusal.text());
  assert.ok((await err.textContent()).includes(said.split(':')[0]), `${await err.textContent()} vs ${said}`);
  assert.equal(await page.inputValue('[data-testid=silence-comment]'), comment, 'the form is kept');
  assert.equal(await page.locator('[data-testid=matcher]').count(), names.length + 1);
  await extra.locator('[data-testid=matcher-remove]').click();
  await page.click('[data-testid=silence-create]');
  await page.waitForSelector('[data-testid=silence-done]', { timeout: 15000 });
  const id = (await page.textContent('[data-testid=silence-done]')).match(/Silence (\S+) created/)[1];
  // In Alertmanager's API: active, the alert's labels as matchers, author and comment as typed.
  const s = (await amSilences()).find((x) => x.id === id);
  assert.ok(s, `silence ${id} is in Alertmanager`);
  assert.equal(s.status.state, 'active');
  assert.equal(s.createdBy, author);
  assert.equal(s.comment, comment);
  assert.deepEqual(Object.fromEntries(s.matchers.map((m) => [m.name, m.value])), target.labels);
  assert.ok(s.matchers.every((m) => m.isEqual && !m.isRegex));
  // Alertmanager marks the alert silenced by it, and so does the page.
  await eventually(async () => (await amAlert(target.labels))?.status.silencedBy.includes(id), { timeout: 30000 });
  await eventually(async () => {
    await page.click('[data-testid=alerts-refresh]');
    await page.waitForTimeout(500);
    return (await row.getAttribute('data-am')) === `silenced by ${id}`;
  }, { timeout: 30000, interval: 1000 });
  // The author is remembered for the next silence.
  await row.locator('[data-testid=silence-alert]').click();
  assert.equal(await page.inputValue('[data-testid=silence-author]'), author);
  await page.click('[data-testid=silence-cancel]');
  // Expire it from the Alertmanager tab: expired in the API, the alert active again.
  await page.click('[data-testid=alerts-tab-alertmanager]');
  const srow = page.locator(`[data-testid=silence][data-id="${id}"]`);
  await srow.waitFor({ timeout: 30000 });
  assert.equal(await srow.getAttribute('data-state'), 'active');
  await srow.locator('[data-testid=silence-expire]').click();
  await eventually(async () => (await amSilences()).find((x) => x.id === id)?.status.state === 'expired', { timeout: 30000 });
  await eventually(async () => (await amAlert(target.labels))?.status.silencedBy.length === 0, { timeout: 30000 });
  await eventually(async () => (await srow.getAttribute('data-state')) === 'expired', { timeout: 30000 });
  // An expired silence can be recreated: the form opens with its matchers and comment.
  await srow.locator('[data-testid=silence-recreate]').click();
  assert.deepEqual(await page.$$eval('[data-testid=matcher-name]', (is) => is.map((i) => i.value)), Object.keys(target.labels).sort());
  assert.equal(await page.inputValue('[data-testid=silence-comment]'), comment);
  assert.deepEqual(b.problems, []);
});

test('alerts (live): an Alertmanager that is down or answers HTML is said, and the Prometheus part keeps working', async () => {
  const { context, page, problems, browser } = await openBrowser();
  try {
    await useDatasources(context, { alertmanager: '/api/not-an-alertmanager' });
    await openAlerts(page);
    await page.waitForSelector('[data-testid=am-unavailable]', { timeout: 20000 });
    assert.match(await page.textContent('[data-testid=am-unavailable]'), /Alertmanager: .*(HTML|404|not found)/i);
    assert.ok(await page.locator('[data-testid=rule]').count() > 0, 'the rules are still listed');
    assert.equal(await page.locator('[data-testid=silence-alert]').count(), 0, 'no silence button without Alertmanager');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
