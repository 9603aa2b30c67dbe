// Replay server: answers HTTP requests with the answers recorded from real Prometheus, Loki and Tempo servers
// (tests/fixtures/real: requests.json lists, for each recorded body, the exact request that produced it).
// The test stack puts it behind nginx in place of Loki and Tempo, which the project may no longer run.
//
// usage: node tools/replay/server.mjs --port PORT [--recordings DIR]
//   DIR defaults to tests/fixtures/real of this repository. Listens on 127.0.0.1 only. Node 20, no packages.
//
// Paths: /loki/<Loki API path>, /tempo/<Tempo API path>, /prometheus/<Prometheus API path> are the recordings
// of that server (a recording's server is the folder its file is in). e.g. /loki/loki/api/v1/labels?start=…
//
// A request is answered with a recording only when it is the recorded request, as far as the answer depends
// on it. The rules (strict: when in doubt, no match):
//  1. Same method, and the same path once percent-decoded (exact, case-sensitive, no trailing-slash folding).
//  2. The same query parameters: the same names, each with the same values in the same order (the order of
//     different names does not matter; URLSearchParams decoding, so `+` and `%20` are both a space). A
//     parameter the recording does not have makes a mismatch, whatever it is: the app sends no cache-buster
//     or other harmless extra (see src/backends/*/request.rs), so none is ignored. Values are compared as
//     text: `start=1795452831` and `start=1795452831.0` differ.
//  3. Before comparing, a parameter left out is given the value the server documents as its default, on both
//     sides, only where that default is fixed (not derived from the clock or the range):
//       Loki  /loki/api/v1/query_range and /loki/api/v1/query: limit=100, direction=backward.
//       Tempo /api/search: limit=20, spss=3 (the query-frontend's default_result_limit and
//             default_spans_per_span_set; the recordings show it: tempo/search_traceql_leading_zero_id.json
//             was asked without them and holds span sets of 3 spans with up to 11 matched).
//     Nothing else is defaulted: start, end, step, time and since change the answer with the clock.
//  4. Request headers that change the answer:
//     - X-Scope-OrgID and Authorization: the recordings were made without them (requests.json lists no
//       such header), so a request with either (another tenant, a token) matches nothing.
//     - X-Loki-Response-Encoding-Flags (Loki): must equal the recorded header (absent on both sides, or the
//       same comma-separated flags in any order) for a recording with a 2xx status: the flags change how a
//       result's streams are written. For a recorded error (4xx/5xx) it is not compared: Loki rejects the
//       request (an unparsable query) before any result is encoded, so the flags cannot change that answer.
//     - Accept asking for application/protobuf (Tempo's trace by ID answers protobuf then): matches nothing,
//       every recording is JSON. Any other Accept (the browser's `*/*`) is compared no further.
//     Other headers (User-Agent, Referer, the proxy's X-Forwarded-*) do not change these servers' answers.
// The answer is the recorded status, the recorded Content-Type (none when the recording had none) and the
// recorded body bytes. Anything else is answered 404, text/plain, saying which request had no recording and
// listing the recordings closest to it, so a failing browser test says what the app asked. Every request is
// logged to stdout with its outcome.

import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_RECORDINGS = resolve(HERE, '../../tests/fixtures/real');
export const SERVERS = ['loki', 'tempo', 'prometheus'];

/** Server defaults filled in on both sides before comparing (rule 3), by server and path. */
const DEFAULTS = {
  loki: {
    '/loki/api/v1/query_range': { limit: '100', direction: 'backward' },
    '/loki/api/v1/query': { limit: '100', direction: 'backward' },
  },
  tempo: {
    '/api/search': { limit: '20', spss: '3' },
  },
  prometheus: {},
};

const ENCODING_FLAGS = 'x-loki-response-encoding-flags';

/** Loads requests.json and every body it names (bytes as stored). Throws when a body is missing or its size
 * is not the recorded one. */
export function loadRecordings(dir = DEFAULT_RECORDINGS) {
  const index = JSON.parse(readFileSync(join(dir, 'requests.json'), 'utf8'));
  return index.entries.map((e) => {
    const server = e.file.split('/')[0];
    if (!SERVERS.includes(server)) throw new Error(`${e.file}: unknown server folder ${server}`);
    const body = readFileSync(join(dir, e.file));
    if (body.length !== e.size) throw new Error(`${e.file}: ${body.length} bytes, requests.json says ${e.size}`);
    const params = {};
    for (const [k, v] of Object.entries(e.params || {})) params[k] = Array.isArray(v) ? v.map(String) : [String(v)];
    const headers = {};
    for (const [k, v] of Object.entries(e.headers || {})) headers[k.toLowerCase()] = String(v);
    return { file: e.file, server, method: e.method, path: e.path, params, headers, status: e.status, contentType: e.content_type, body };
  });
}

/** Query string → { name: [values in order] }. */
export function parseParams(search) {
  const out = {};
  for (const [k, v] of new URLSearchParams(search)) (out[k] ||= []).push(v);
  return out;
}

function withDefaults(server, path, params) {
  const d = DEFAULTS[server]?.[path];
  if (!d) return params;
  const out = { ...params };
  for (const [k, v] of Object.entries(d)) if (!(k in out)) out[k] = [v];
  return out;
}

function flagSet(v) {
  return v === undefined ? '' : v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean).sort().join(',');
}

/** Differences between a request and one recording, as readable strings; empty when it matches. */
export function differences(req, rec) {
  const out = [];
  if (req.server !== rec.server) out.push(`server: ${req.server}, recorded ${rec.server}`);
  if (req.method !== rec.method) out.push(`method: ${req.method}, recorded ${rec.method}`);
  if (req.path !== rec.path) out.push(`path: ${req.path}, recorded ${rec.path}`);
  const a = withDefaults(rec.server, rec.path, req.params);
  const b = withDefaults(rec.server, rec.path, rec.params);
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[k], y = b[k];
    if (!y) out.push(`param ${k}=${JSON.stringify(x.length === 1 ? x[0] : x)} not in the recording`);
    else if (!x) out.push(`param ${k} missing, recorded ${JSON.stringify(y.length === 1 ? y[0] : y)}`);
    else if (x.length !== y.length || x.some((v, i) => v !== y[i])) {
      out.push(`param ${k}=${JSON.stringify(x.length === 1 ? x[0] : x)}, recorded ${JSON.stringify(y.length === 1 ? y[0] : y)}`);
    }
  }
  const h = req.headers || {};
  for (const name of ['x-scope-orgid', 'authorization']) {
    if (h[name] !== undefined && rec.headers[name] === undefined) out.push(`header ${name} sent, recorded without it`);
  }
  if (rec.status < 300 && flagSet(h[ENCODING_FLAGS]) !== flagSet(rec.headers[ENCODING_FLAGS])) {
    out.push(`header X-Loki-Response-Encoding-Flags: ${JSON.stringify(h[ENCODING_FLAGS] ?? null)}, recorded ${JSON.stringify(rec.headers[ENCODING_FLAGS] ?? null)}`);
  }
  if (/application\/(x-)?protobuf/i.test(h.accept || '')) out.push(`header Accept: ${h.accept}, every recording is JSON`);
  return out;
}

/** The recording that answers `req` ({server, method, path, params, headers}), or null. */
export function findRecording(recordings, req) {
  return recordings.find((r) => differences(req, r).length === 0) || null;
}

/** Recordings closest to `req`: same server and path first, then by how few things differ. */
export function closest(recordings, req, n = 5) {
  const common = (a, b) => { let i = 0; while (i < a.length && i < b.length && a[i] === b[i]) i++; return i; };
  return recordings
    .filter((r) => r.server === req.server)
    .map((r) => ({ r, d: differences(req, r), p: r.path === req.path ? 1 : 0, c: common(r.path, req.path) }))
    .sort((x, y) => y.p - x.p || x.d.length - y.d.length || y.c - x.c)
    .slice(0, n);
}

/** Splits `/loki/loki/api/v1/labels` into server `loki` and path `/loki/api/v1/labels` (decoded). */
export function splitPath(pathname) {
  const m = /^\/([^/]+)(\/.*)$/.exec(pathname);
  if (!m || !SERVERS.includes(m[1])) return null;
  let path;
  try { path = decodeURIComponent(m[2]); } catch { return null; }
  return { server: m[1], path };
}

function describe(req) {
  const params = Object.entries(req.params).flatMap(([k, vs]) => vs.map((v) => `  ${k} = ${v}`));
  const headers = ['x-loki-response-encoding-flags', 'x-scope-orgid', 'authorization', 'accept']
    .filter((k) => req.headers[k] !== undefined).map((k) => `  ${k}: ${k === 'authorization' ? '(set)' : req.headers[k]}`);
  return [
    `${req.method} ${req.path} on the recorded ${req.server}`,
    params.length ? 'params:' : 'params: none',
    ...params,
    ...(headers.length ? ['headers that could change the answer:', ...headers] : []),
  ].join('\n');
}

/** The replay HTTP server (not yet listening). `log(line)` gets one line per request. */
export function createReplayServer(recordings, log = (l) => process.stdout.write(`${l}\n`)) {
  return createServer((req, res) => {
    const url = new URL(req.url, 'http://replay');
    const where = splitPath(url.pathname);
    const miss = (text) => {
      const body = Buffer.from(`${text}\n`, 'utf8');
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length });
      res.end(body);
    };
    if (!where) {
      log(`MISS ${req.method} ${req.url} (no recorded server: the path starts with /${SERVERS.join('/, /')}/)`);
      miss(`replay: no recording for ${req.method} ${url.pathname}${url.search}: paths start with /${SERVERS.join('/, /')}/ (the recorded servers).`);
      return;
    }
    const r = { ...where, method: req.method, params: parseParams(url.search), headers: req.headers };
    const rec = findRecording(recordings, r);
    if (rec) {
      log(`MATCH ${req.method} ${req.url} -> ${rec.file} (${rec.status}, ${rec.body.length} bytes)`);
      const h = { 'Content-Length': rec.body.length };
      if (rec.contentType) h['Content-Type'] = rec.contentType;
      res.writeHead(rec.status, h);
      res.end(rec.body);
      return;
    }
    const near = closest(recordings, r);
    log(`MISS ${req.method} ${req.url}${near.length ? ` (closest: ${near[0].r.file}: ${near[0].d.join('; ')})` : ''}`);
    const lines = near.map(({ r: c, d }) => `- ${c.file} (${c.method} ${c.path}): ${d.join('; ')}`);
    miss(`replay: no recording for this request.\n${describe(r)}\n\nclosest recordings:\n${lines.join('\n') || '(none for this server)'}`);
  });
}

function main(argv) {
  const args = { port: undefined, recordings: DEFAULT_RECORDINGS };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') args.port = argv[++i];
    else if (a === '--recordings') args.recordings = resolve(argv[++i]);
    else { console.error(`unknown argument ${a}\nusage: node tools/replay/server.mjs --port PORT [--recordings DIR]`); process.exit(2); }
  }
  if (args.port === undefined || !/^\d+$/.test(args.port)) {
    console.error('usage: node tools/replay/server.mjs --port PORT [--recordings DIR]');
    process.exit(2);
  }
  const recordings = loadRecordings(args.recordings);
  const server = createReplayServer(recordings);
  server.on('error', (e) => { console.error(`replay: ${e.message}`); process.exit(1); });
  server.listen(Number(args.port), '127.0.0.1', () => {
    const by = SERVERS.map((s) => `${s} ${recordings.filter((r) => r.server === s).length}`).join(', ');
    console.log(`replay: ${recordings.length} recordings from ${args.recordings} (${by}) on http://127.0.0.1:${server.address().port}/`);
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { server.close(() => process.exit(0)); server.closeAllConnections(); });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
