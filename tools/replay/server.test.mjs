// The replay matcher on the real requests.json: every recorded request gets its own recording back, and a
// request that differs in what decides the answer gets none. Run: node --test tools/replay/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRecordings, findRecording, parseParams, createReplayServer, DEFAULT_RECORDINGS } from './server.mjs';

const recordings = loadRecordings();
const index = JSON.parse(readFileSync(join(DEFAULT_RECORDINGS, 'requests.json'), 'utf8'));

/** The recorded request as the replay sees it: the exact URL that was sent (requests.json `url`). */
function recordedRequest(e) {
  const u = new URL(e.url);
  const headers = Object.fromEntries(Object.entries(e.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { server: e.file.split('/')[0], method: e.method, path: decodeURIComponent(u.pathname), params: parseParams(u.search), headers };
}
/** The same request with one parameter set to another value. */
function withParam(req, k, v) {
  return { ...req, params: { ...req.params, [k]: [v] } };
}

test('every recording is loaded with its recorded size', () => {
  assert.equal(recordings.length, index.entries.length);
  for (const e of index.entries) {
    assert.equal(recordings.find((r) => r.file === e.file).body.length, e.size, e.file);
  }
});

test('each recorded request matches its own recording', () => {
  for (const e of index.entries) {
    const rec = findRecording(recordings, recordedRequest(e));
    assert.ok(rec, `${e.file}: no match for its own request ${e.url}`);
    assert.equal(rec.file, e.file, `${e.url} answered by ${rec.file}`);
  }
});

test('a changed query does not match', () => {
  let n = 0;
  for (const e of index.entries) {
    const req = recordedRequest(e);
    for (const k of ['query', 'q']) {
      if (!req.params[k]) continue;
      n++;
      assert.equal(findRecording(recordings, withParam(req, k, `${req.params[k][0]} `)), null, `${e.file}: trailing space in ${k}`);
      const other = /"[^"]*"/.test(req.params[k][0]) ? req.params[k][0].replace(/"[^"]*"/, '"other"') : `${req.params[k][0]}x`;
      assert.equal(findRecording(recordings, withParam(req, k, other)), null, `${e.file}: other ${k}: ${other}`);
    }
  }
  assert.ok(n > 0, "some recordings have a query");
});

test('a changed start does not match (one second, one nanosecond, or left out)', () => {
  let n = 0;
  for (const e of index.entries) {
    const req = recordedRequest(e);
    if (!req.params.start) continue;
    n++;
    const s = BigInt(req.params.start[0]);
    assert.equal(findRecording(recordings, withParam(req, 'start', String(s + 1n))), null, `${e.file}: start + 1`);
    // Loki takes nanoseconds, Tempo and Prometheus seconds: the other unit is another time.
    const other = s > 10n ** 15n ? String(s / 1000000000n) : String(s * 1000000000n);
    assert.equal(findRecording(recordings, withParam(req, 'start', other)), null, `${e.file}: start in the other unit`);
    const { start, ...rest } = req.params;
    assert.equal(findRecording(recordings, { ...req, params: rest }), null, `${e.file}: no start`);
  }
  assert.ok(n > 0, "some recordings have a start");
});

test('an extra parameter, a repeated one, another path or method, or a tenant does not match', () => {
  for (const e of index.entries) {
    const req = recordedRequest(e);
    assert.equal(findRecording(recordings, withParam(req, '_', '1')), null, `${e.file}: cache-buster`);
    assert.equal(findRecording(recordings, { ...req, method: 'POST' }), null, `${e.file}: POST`);
    assert.equal(findRecording(recordings, { ...req, path: `${req.path}/` }), null, `${e.file}: trailing slash`);
    assert.equal(findRecording(recordings, { ...req, server: req.server === 'loki' ? 'tempo' : 'loki' }), null, `${e.file}: other server`);
    assert.equal(findRecording(recordings, { ...req, headers: { ...req.headers, 'x-scope-orgid': 'team-a' } }), null, `${e.file}: tenant`);
    const [k, v] = Object.entries(req.params)[0] || [];
    if (k) assert.equal(findRecording(recordings, { ...req, params: { ...req.params, [k]: [...v, v[0]] } }), null, `${e.file}: ${k} twice`);
  }
});

test('Loki: direction and limit default to backward and 100; another value does not match', () => {
  const e = index.entries.find((x) => x.file === 'loki/query_range_streams.json');
  const req = recordedRequest(e);
  assert.equal(req.params.limit[0], '100');
  assert.equal(req.params.direction[0], 'backward');
  const { limit, direction, ...bare } = req.params;
  assert.equal(findRecording(recordings, { ...req, params: bare })?.file, e.file);
  assert.equal(findRecording(recordings, withParam(req, 'direction', 'forward')), null);
  assert.equal(findRecording(recordings, withParam(req, 'limit', '1000')), null);
  // A step sent with a log query is not in the recording.
  assert.equal(findRecording(recordings, withParam(req, 'step', '60')), null);
});

test('Loki: the categorize-labels header decides a 2xx answer, not a recorded parse error', () => {
  const cat = index.entries.find((x) => x.file === 'loki/query_range_streams_categorized.json');
  const req = recordedRequest(cat);
  assert.equal(req.headers['x-loki-response-encoding-flags'], 'categorize-labels');
  const { 'x-loki-response-encoding-flags': _, ...noFlags } = req.headers;
  assert.equal(findRecording(recordings, { ...req, headers: noFlags }), null, 'categorized recording without the header');
  const plain = recordedRequest(index.entries.find((x) => x.file === 'loki/query_range_streams.json'));
  assert.equal(findRecording(recordings, { ...plain, headers: { 'x-loki-response-encoding-flags': 'categorize-labels' } }), null, 'plain recording with the header');
  const bad = recordedRequest(index.entries.find((x) => x.file === 'loki/error_bad_query.txt'));
  const asApp = { ...withParam(bad, 'direction', 'backward'), headers: { 'x-loki-response-encoding-flags': 'categorize-labels' } };
  assert.equal(findRecording(recordings, asApp)?.file, 'loki/error_bad_query.txt');
  assert.equal(findRecording(recordings, withParam(asApp, 'direction', 'forward')), null);
});

test('Tempo: search limit and spss default to 20 and 3; a protobuf Accept matches nothing', () => {
  const e = index.entries.find((x) => x.file === 'tempo/search_traceql.json');
  const req = recordedRequest(e);
  assert.equal(findRecording(recordings, withParam(req, 'spss', '3'))?.file, e.file);
  assert.equal(findRecording(recordings, withParam(req, 'spss', '10')), null);
  assert.equal(findRecording(recordings, withParam(req, 'limit', '21')), null);
  const t = recordedRequest(index.entries.find((x) => x.file === 'tempo/trace_by_id_v2.json'));
  assert.equal(findRecording(recordings, { ...t, headers: { accept: '*/*' } })?.file, 'tempo/trace_by_id_v2.json');
  assert.equal(findRecording(recordings, { ...t, headers: { accept: 'application/protobuf' } }), null);
  assert.equal(findRecording(recordings, { ...t, params: { start: ['1795452831'], end: ['1795454006'] } }), null);
});

// Over HTTP: the recorded bytes, status and type; a readable 404 otherwise.
let server, base;
const lines = [];
before(async () => {
  server = createReplayServer(recordings, (l) => lines.push(l));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => { server.closeAllConnections(); server.close(); });

test('over HTTP: each recorded URL under its server prefix gets the recorded status, type and bytes', async () => {
  for (const e of index.entries) {
    const u = new URL(e.url);
    const r = await fetch(`${base}/${e.file.split('/')[0]}${u.pathname}${u.search}`, { headers: e.headers });
    assert.equal(r.status, e.status, e.file);
    assert.equal(r.headers.get('content-type'), e.content_type || null, e.file);
    const body = Buffer.from(await r.arrayBuffer());
    assert.ok(body.equals(readFileSync(join(DEFAULT_RECORDINGS, e.file))), `${e.file}: body bytes`);
  }
  assert.equal(lines.filter((l) => l.startsWith('MATCH ')).length, index.entries.length);
});

test('over HTTP: no recording is a text/plain 404 naming the request and the closest recordings', async () => {
  const q = encodeURIComponent('{service_name="search-service"}');
  const r = await fetch(`${base}/loki/loki/api/v1/query_range?query=${q}&start=1795452831000000000&end=1795454006000000001&limit=100&direction=backward`);
  assert.equal(r.status, 404);
  assert.match(r.headers.get('content-type'), /^text\/plain/);
  const text = await r.text();
  assert.match(text, /no recording/);
  assert.match(text, /GET \/loki\/api\/v1\/query_range/);
  assert.match(text, /end = 1795454006000000001/);
  assert.match(text, /- loki\/query_range_streams\.json .*param end="1795454006000000001", recorded "1795454006000000000"/);
  assert.match(lines.at(-1), /^MISS GET \/loki\/loki\/api\/v1\/query_range/);
  const other = await fetch(`${base}/no-tempo/api/status/buildinfo`);
  assert.equal(other.status, 404);
  assert.match(await other.text(), /no recording for GET \/no-tempo\/api\/status\/buildinfo/);
});
