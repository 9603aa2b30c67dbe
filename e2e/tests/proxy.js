// A switchable proxy in front of the test stack's nginx (app, CSP and backends alike). A test sets `rule`
// to decide, per backend request, what the "server" does instead of answering: hang after the headers, send
// a huge body, answer late, hold the rest of an answer after its first bytes, cut the connection, answer nginx's 502 HTML page, an error status with the
// backend's message, a 200 that is not JSON, echo the request's credentials in an error, pass on without the
// credentials (an auth gateway), or pass through. Every /api/
// request is logged with its headers and whether the browser gave up on it before the answer ended.
import { createServer, request } from 'node:http';
import { connect } from 'node:net';
import { BASE } from './harness.js';

const MB = 1024 * 1024;

/** Starts the proxy; returns { base, log, setRule(fn), close() }. `fn(path, req)` returns an action or null. */
export async function startProxy() {
  const up = new URL(BASE);
  const log = [];
  let rule = null;
  const open = new Set();
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const api = path.startsWith('/api/');
    const entry = api ? { url: req.url, path, headers: { ...req.headers }, action: null, aborted: false, bytes: 0 } : null;
    if (entry) {
      log.push(entry);
      res.on('close', () => { if (!res.writableFinished) entry.aborted = true; });
    }
    const action = api && rule ? rule(path, req) : null;
    if (entry) entry.action = action && action.kind;
    open.add(res);
    res.on('close', () => open.delete(res));
    if (!action) return pass(req, res, up, entry);
    switch (action.kind) {
      case 'hang':
        // Headers and the start of an answer, then nothing: a request that never ends.
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"status":"success","data":{"resultType":"matrix","result":[');
        return;
      case 'huge':
        return huge(res, action.bytes, action.sized, entry);
      case 'slow': {
        const t = setTimeout(() => pass(req, res, up, entry), action.ms);
        res.on('close', () => clearTimeout(t));
        return;
      }
      case 'hold':
        // The backend's answer, uncompressed: its first `action.bytes` bytes at once, the rest held until the
        // test calls `action.release()` (a slow stream, the request still open meanwhile).
        delete req.headers['accept-encoding'];
        return hold(req, res, up, entry, action);
      case 'html':
        // What nginx answers when the backend behind it is down.
        res.writeHead(502, { 'Content-Type': 'text/html' });
        res.end('<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n');
        return;
      case 'reset':
        // The server is gone: the connection is cut before any answer.
        req.socket.destroy();
        return;
      case 'status':
        // A backend's own error: `status` with `body` (plain text unless `type` says otherwise).
        res.writeHead(action.status, { 'Content-Type': action.type || 'text/plain; charset=utf-8' });
        res.end(action.body);
        return;
      case 'badjson':
        // A 200 that is cut short: JSON that ends in the middle.
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a"');
        return;
      case 'gateway': {
        // An auth gateway in front of a server of its own: it takes the credentials (logged above as it saw
        // them) and passes the request on without them, as to a single-tenant server with no auth.
        delete req.headers.authorization;
        delete req.headers['x-scope-orgid'];
        return pass(req, res, up, entry);
      }
      case 'echo401': {
        // An auth proxy that quotes the credentials it refused.
        const body = JSON.stringify({ status: 'error', errorType: 'unauthorized',
          error: `rejected Authorization: ${req.headers.authorization} for tenant ${req.headers['x-scope-orgid']}` });
        res.writeHead(401, { 'Content-Type': 'application/json' });
        res.end(body);
        return;
      }
      default:
        throw new Error(`unknown action ${action.kind}`);
    }
  });
  // WebSockets (Loki's live tail) go through untouched, logged like the rest.
  server.on('upgrade', (req, socket, head) => {
    log.push({ url: req.url, path: new URL(req.url, 'http://x').pathname, headers: req.headers, action: 'upgrade', aborted: false, bytes: 0 });
    const upstream = connect(Number(up.port), up.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    const close = () => { upstream.destroy(); socket.destroy(); };
    upstream.on('error', close);
    socket.on('error', close);
    socket.on('close', close);
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${server.address().port}/`,
    log,
    setRule(fn) { rule = fn; },
    async close() {
      for (const r of open) r.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

function pass(req, res, up, entry) {
  const p = request({ host: up.hostname, port: up.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
    res.writeHead(r.statusCode, r.headers);
    r.on('data', (c) => { if (entry) entry.bytes += c.length; });
    r.pipe(res);
  });
  p.on('error', () => { if (!res.headersSent) res.writeHead(502); res.end(); });
  res.on('close', () => p.destroy());
  req.pipe(p);
}

function hold(req, res, up, entry, action) {
  const held = [];
  let [sent, released, ended] = [0, false, false];
  action.held = () => held.reduce((n, c) => n + c.length, 0);
  action.release = () => {
    released = true;
    for (const c of held.splice(0)) res.write(c);
    if (ended) res.end();
  };
  const p = request({ host: up.hostname, port: up.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
    res.writeHead(r.statusCode, r.headers);
    r.on('data', (c) => {
      entry.bytes += c.length;
      if (released) { res.write(c); return; }
      const n = Math.max(0, Math.min(c.length, action.bytes - sent));
      if (n) res.write(c.subarray(0, n));
      sent += n;
      if (n < c.length) held.push(c.subarray(n));
    });
    r.on('end', () => { ended = true; if (released) res.end(); });
  });
  p.on('error', () => { if (!res.headersSent) res.writeHead(502); res.end(); });
  res.on('close', () => p.destroy());
  req.pipe(p);
}

/** A valid Prometheus matrix of about `bytes` bytes, streamed in 1 MB chunks (with Content-Length if `sized`). */
function huge(res, bytes, sized, entry) {
  const head = '{"status":"success","data":{"resultType":"matrix","result":[';
  const tail = ']}}';
  const one = (i) => JSON.stringify({ metric: { __name__: 'big', i: String(i) }, values: Array.from({ length: 200 }, (_, k) => [1700000000 + k * 15, String(k)]) });
  const sample = one(0).length + 1;
  const count = Math.max(1, Math.floor((bytes - head.length - tail.length) / sample));
  // Series are built per chunk, so the proxy never holds the whole body.
  let i = 0;
  const next = () => {
    if (i >= count) return null;
    const parts = [];
    let len = 0;
    while (i < count && len < MB) { const s = (i ? ',' : '') + one(100000 + i); parts.push(s); len += s.length; i += 1; }
    return parts.join('');
  };
  const headers = { 'Content-Type': 'application/json' };
  if (sized) {
    let total = head.length + tail.length;
    for (let k = 0; k < count; k += 1) total += one(100000 + k).length + (k ? 1 : 0);
    headers['Content-Length'] = String(total);
  }
  res.writeHead(200, headers);
  res.write(head);
  const pump = () => {
    for (;;) {
      if (res.destroyed) return;
      const c = next();
      if (c === null) { res.end(tail); return; }
      entry.bytes += c.length;
      if (!res.write(c)) { res.once('drain', pump); return; }
    }
  };
  pump();
}
