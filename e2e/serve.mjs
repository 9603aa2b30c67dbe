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

createServer(async (req, res) => {
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
}).listen(Number(port), '127.0.0.1', () => console.log(`serving ${root} on http://127.0.0.1:${port}/ (api -> ${upstream})`));
