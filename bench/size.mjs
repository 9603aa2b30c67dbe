// Transfer size of the built app (dist/): raw, gzip and brotli per file and for the initial load.
// `--check` exits 1 when the initial load exceeds bench/budgets.toml's size budget.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const budgetKb = Number((readFileSync(join(root, 'bench/budgets.toml'), 'utf8')
  .match(/^initial_load_brotli_kb\s*=\s*(\d+)/m) || [])[1]);
const files = readdirSync(dist).filter((f) => /\.(wasm|js|css|html)$/.test(f) && statSync(join(dist, f)).isFile());
const kb = (n) => (n / 1024).toFixed(1);
let total = { raw: 0, gz: 0, br: 0 };
console.log('file'.padEnd(40), 'raw KB'.padStart(9), 'gzip KB'.padStart(9), 'brotli KB'.padStart(10));
for (const f of files.sort()) {
  const buf = readFileSync(join(dist, f));
  const gz = gzipSync(buf, { level: 9 }).length;
  const br = brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  total = { raw: total.raw + buf.length, gz: total.gz + gz, br: total.br + br };
  console.log(f.padEnd(40), kb(buf.length).padStart(9), kb(gz).padStart(9), kb(br).padStart(10));
}
console.log('initial load (all of the above)'.padEnd(40), kb(total.raw).padStart(9), kb(total.gz).padStart(9), kb(total.br).padStart(10));
const ok = total.br / 1024 <= budgetKb;
console.log(`size budget: initial load ${kb(total.br)} KB brotli <= ${budgetKb} KB: ${ok ? 'holds' : 'EXCEEDED'}`);
if (process.argv.includes('--check') && !ok) process.exit(1);
