// The test stack's live logs server (issue 20): VictoriaLogs, built from its Go module at the pinned version,
// reached through the stack's nginx at /api/victorialogs/, holding the generator's log lines. No browser: the
// app does not speak LogsQL yet; this checks that the server the logs view will use is there and has the
// logs that belong to the traces in Jaeger. Nothing expected is written by hand: the trace IDs come from the
// generator's manifest, the spans and services from Jaeger's own copy of each trace, the version from
// scripts/versions.env.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, STACK_DIR, manifest } from './harness.js';

const VLOGS = `${BASE}api/victorialogs/`;
const JAEGER = `${BASE}api/jaeger/`;
const PINNED = readFileSync(new URL('../../scripts/versions.env', import.meta.url), 'utf8')
  .match(/^VICTORIALOGS_MODULE_VERSION=(\S+)$/m)?.[1];

/** GET through nginx; fails with what answered, so a stopped VictoriaLogs reads as such. */
async function get(url) {
  let res;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(20000) });
  } catch (e) {
    throw new Error(`${url}: no answer (${e.cause?.code || e.message}); is the stack in ${STACK_DIR} up?`);
  }
  const body = await res.text();
  assert.equal(res.status, 200,
    `${url} answered ${res.status}: ${body.slice(0, 200)} (VictoriaLogs down or missing from the stack? scripts/stack.sh status)`);
  // nginx without the /api/victorialogs/ location serves the app's index.html for it.
  assert.ok(!/^\s*</.test(body), `${url} answered an HTML page, not VictoriaLogs: is /api/victorialogs/ in the stack's nginx?`);
  return body;
}

const vlogs = (path, params) => get(`${VLOGS}${path}?${new URLSearchParams(params)}`);

/** LogsQL query: one JSON object per line. */
async function logsOf(traceId) {
  const body = await vlogs('select/logsql/query', { query: `trace_id:="${traceId}"`, limit: '1000' });
  return body.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
}

/** Jaeger's copy of the trace: its spans by ID, each with its service and whether Jaeger marks it failed. */
async function jaegerTrace(traceId) {
  const { data } = JSON.parse(await get(`${JAEGER}api/traces/${traceId}`));
  assert.equal(data?.length, 1, `Jaeger has trace ${traceId}`);
  const [trace] = data;
  const spans = new Map();
  for (const s of trace.spans) {
    const tag = (k) => s.tags.find((t) => t.key === k)?.value;
    spans.set(s.spanID, {
      service: trace.processes[s.processID].serviceName,
      root: s.references.length === 0,
      error: tag('error') === true,
      startUs: s.startTime,
      endUs: s.startTime + s.duration,
    });
  }
  return spans;
}

/** Checks every line of `traceId` against Jaeger's trace; returns the lines and Jaeger's spans. */
async function checkTrace(traceId) {
  const [lines, spans] = await Promise.all([logsOf(traceId), jaegerTrace(traceId)]);
  assert.ok(lines.length > 0, `VictoriaLogs has no line with trace_id ${traceId} (the generator's logs did not arrive)`);
  for (const l of lines) {
    const where = `line ${JSON.stringify(l._msg)} of trace ${traceId}`;
    assert.equal(l.trace_id, traceId, where);
    const span = spans.get(l.span_id);
    assert.ok(span, `${where}: span ${l.span_id} is not in Jaeger's trace`);
    // The generator's stream labels arrive as VictoriaLogs stream fields, its metadata as plain fields.
    assert.equal(l.service_name, span.service, `${where}: service as Jaeger has it for the span`);
    assert.ok(l._stream.includes(`service_name="${span.service}"`), `${where}: service_name is a stream field (${l._stream})`);
    assert.ok(l._stream.includes(`level="${l.level}"`), `${where}: level is a stream field (${l._stream})`);
    assert.ok(l._msg.startsWith(`level=${l.level} `), `${where}: level field matches the line`);
    assert.ok(l._msg.includes(`trace_id=${traceId} span_id=${l.span_id}`), `${where}: the line names its ids`);
    // Logged while its span ran (Jaeger times are microseconds; 1 ms of slack for rounding).
    const us = Date.parse(l._time) * 1000;
    assert.ok(us >= span.startUs - 1000 && us <= span.endUs + 1000,
      `${where}: at ${l._time}, outside its span (${span.startUs}–${span.endUs} µs)`);
  }
  // The root span (the request the trace is) always writes its access log line.
  const roots = [...spans].filter(([, s]) => s.root).map(([id]) => id);
  assert.ok(roots.length > 0 && roots.every((id) => lines.some((l) => l.span_id === id)),
    `trace ${traceId}: the root span's line is in VictoriaLogs`);
  return { lines, spans };
}

test('VictoriaLogs answers through nginx at /api/victorialogs/, at the pinned version', async () => {
  assert.ok(PINNED, 'scripts/versions.env pins VICTORIALOGS_MODULE_VERSION');
  assert.equal((await get(`${VLOGS}health`)).trim(), 'OK');
  const metrics = await get(`${VLOGS}metrics`);
  const m = metrics.match(/^vm_app_version\{[^}]*short_version="([^"]*)"/m);
  assert.equal(m?.[1], PINNED, `vm_app_version names the pinned build (${metrics.match(/^vm_app_version.*$/m)?.[0]})`);
});

test('the featured trace\'s log lines are in VictoriaLogs, on the spans and services Jaeger has for it', async () => {
  const id = manifest().featured_trace_id;
  assert.match(id, /^[0-9a-f]{32}$/, 'the manifest names a featured trace');
  const { lines, spans } = await checkTrace(id);
  // The services that logged are services of the trace in Jaeger (each line's own span was checked above).
  const jaegerServices = new Set([...spans.values()].map((s) => s.service));
  for (const s of new Set(lines.map((l) => l.service_name))) {
    assert.ok(jaegerServices.has(s), `${s} is a service of the trace in Jaeger (${[...jaegerServices]})`);
  }

  // Hits over the same query count the same lines.
  const hits = JSON.parse(await vlogs('select/logsql/hits', { query: `trace_id:="${id}"`, step: '1d' }));
  const total = (hits.hits || []).reduce((n, h) => n + h.total, 0);
  assert.equal(total, lines.length, 'hits count every line the query returned');
});

test('every trace of the manifest has its lines in VictoriaLogs, and a failed one its error lines on failed spans', async () => {
  const m = manifest();
  assert.ok(m.trace_ids.length > 0 && m.error_trace_ids.length > 0, 'the manifest lists traces');
  for (const id of m.trace_ids) await checkTrace(id);
  for (const id of m.error_trace_ids) {
    const { lines, spans } = await checkTrace(id);
    assert.ok([...spans.values()].some((s) => s.error), `Jaeger marks trace ${id} failed`);
    assert.ok(lines.some((l) => l.level === 'error' && spans.get(l.span_id).error),
      `trace ${id}: an error line on a span Jaeger marks failed`);
  }
});

test('VictoriaLogs lists the stream fields and the levels and services of the generator\'s lines', async () => {
  const m = manifest();
  const range = { start: new Date(m.start_ms - 60000).toISOString(), end: new Date().toISOString() };
  const { lines } = await checkTrace(m.featured_trace_id);
  const errorLines = await logsOf(m.error_trace_ids[0]);
  const values = async (path, params) =>
    new Map(JSON.parse(await vlogs(path, { query: '*', ...range, ...params })).values.map((v) => [v.value, v.hits]));

  const streamFields = await values('select/logsql/stream_field_names', {});
  for (const f of ['service_name', 'level']) assert.ok(streamFields.get(f) > 0, `${f} is a stream field (${[...streamFields.keys()]})`);
  const levels = await values('select/logsql/field_values', { field: 'level' });
  for (const l of new Set([...lines, ...errorLines].map((x) => x.level))) {
    assert.ok(levels.get(l) > 0, `level ${l} has hits (${[...levels.keys()]})`);
  }
  const services = await values('select/logsql/stream_field_values', { field: 'service_name' });
  for (const s of new Set([...lines, ...errorLines].map((x) => x.service_name))) {
    assert.ok(services.get(s) > 0, `service ${s} has hits (${[...services.keys()]})`);
    assert.ok(m.services.includes(s), `${s} is one of the generator's services`);
  }
});
