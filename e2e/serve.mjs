// Development server: serves a built dist/ and forwards /api/* to a running stack's nginx, so a second
// build of the app can be tried against the same live backends (same origin, as in production).
// usage: node e2e/serve.mjs <dist dir> <port> [upstream, default http://127.0.0.1:28080]
import { createServer, request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname, resolve } from 'node:path';

const [dist = 'dist', port = '28090', upstream = 'http://127.0.0.1:28080'] = process.argv.slice(2);
const root = resolve(dist);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };
const up = new URL(upstream);

const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (path.startsWith('/api/')) {
    const p = request({ host: up.hostname, port: up.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    p.on('error', (e) => { res.writeHead(502, { 'Content-Type': 'text/plain' }); res.end(`upstream: ${e.message}`); });
    req.pipe(p);
    return;
  }
  const file = join(root, path === '/' ? 'index.html' : path);
  if (!file.startsWith(root)) { res.writeHead(403); res.end(); return; }
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'Content-Type': types[extname(file)] || 'application/octet-stream' });
    res.end(body);
  } catch { res.writeHead(404); res.end(); }
});
server.listen(Number(port), '127.0.0.1', () => console.log(`serving ${root} on http://127.0.0.1:${port}/ (api -> ${upstream})`));

// WebSocket upgrades under /api/ (Loki's live tail) are forwarded too, as nginx does.
server.on('upgrade', (req, socket, head) => {
  if (!req.url.startsWith('/api/')) { socket.destroy(); return; }
  const p = request({ host: up.hostname, port: up.port, path: req.url, method: req.method, headers: req.headers });
  p.on('upgrade', (r, upSocket, upHead) => {
    const lines = [`HTTP/1.1 ${r.statusCode} ${r.statusMessage}`];
    for (let i = 0; i < r.rawHeaders.length; i += 2) lines.push(`${r.rawHeaders[i]}: ${r.rawHeaders[i + 1]}`);
    socket.write(lines.join('\r\n') + '\r\n\r\n');
    if (upHead && upHead.length) socket.write(upHead);
    if (head && head.length) upSocket.write(head);
    upSocket.pipe(socket).pipe(upSocket);
    socket.on('error', () => upSocket.destroy());
    upSocket.on('error', () => socket.destroy());
  });
  p.on('response', (r) => { socket.end(`HTTP/1.1 ${r.statusCode} ${r.statusMessage}\r\n\r\n`); });
  p.on('error', () => socket.destroy());
  p.end();
});
