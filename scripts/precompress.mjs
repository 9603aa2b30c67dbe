// Writes a brotli (`.br`, quality 11) and a gzip (`.gz`, level 9) copy next to every compressible file of the
// built app, for the nginx recipe's `brotli_static` and `gzip_static` (deploy/nginx/trifocal.conf): nginx sends
// these bytes as they are, so the best compression costs the build once instead of every request, and
// bench/size.mjs measures the very files nginx serves. A copy that would not be smaller is not written.
// Run by scripts/build-app.sh last. usage: node scripts/precompress.mjs [dist]
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotli, gzip } from './compress.mjs';

const dist = process.argv[2] || 'dist';
const compressible = /\.(html|js|mjs|css|wasm|json|svg|txt|map)$/;
let files = 0, raw = 0, br = 0, gz = 0;
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) { walk(path); continue; }
    if (!compressible.test(name)) continue;
    const buf = readFileSync(path);
    const b = brotli(buf);
    const g = gzip(buf);
    if (b.length < buf.length) { writeFileSync(`${path}.br`, b); br += b.length; }
    if (g.length < buf.length) { writeFileSync(`${path}.gz`, g); gz += g.length; }
    files++;
    raw += buf.length;
  }
};
walk(dist);
const kb = (n) => (n / 1024).toFixed(1);
console.log(`precompress: ${files} files, ${kb(raw)} KB -> ${kb(br)} KB brotli, ${kb(gz)} KB gzip (.br and .gz beside each)`);
