// Transfer size of the built app (dist/): raw, gzip and brotli per file (the precompressed copies nginx serves), for the initial load and for each
// lazily loaded page. The split build (scripts/build-wasm.mjs, docs/decisions/0005) writes a loader
// (`*-split.js`) and the table it fetches with the first part (`parts-*.js`) that names each page's part and the
// shared chunks it needs: those files are not part of the initial load, nor are the table, the boot-early module
// and the packs or fused modules a deep link to such a page fetches; everything else
// in dist/ (html, css, js, the main wasm) is. An unsplit build (TRIFOCAL_SPLIT=0)
// has no loader, so all of it is the initial load.
// A part asked for from inside another page's part (the dashboard's nested parts, query completion: `PARENT`
// below) is counted after that page: what it adds once the page is in, and the two together against the page goal.
// `--check` exits 1 when the initial load exceeds bench/budgets.toml's size budget. The pages whose first visit
// (part and shared chunks) is above the page goal (`page_first_visit_goal_kb`, issue 25: 250) are printed.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// usage: node bench/size.mjs [--check] [dist folder (default dist/)]
const dist = process.argv.slice(2).find((a) => !a.startsWith('--')) || join(root, 'dist');
const budgetKb = Number((readFileSync(join(root, 'bench/budgets.toml'), 'utf8')
  .match(/^initial_load_brotli_kb\s*=\s*(\d+(?:\.\d+)?)/m) || [])[1]);
const pageGoalKb = Number((readFileSync(join(root, 'bench/budgets.toml'), 'utf8')
  .match(/^page_first_visit_goal_kb\s*=\s*(\d+)/m) || [])[1]);
const files = readdirSync(dist).filter((f) => /\.(wasm|js|css|html)$/.test(f) && statSync(join(dist, f)).isFile()).sort();
const kb = (n) => (n / 1024).toFixed(1);
const size = {};
// The .br and .gz copies scripts/precompress.mjs writes are what the nginx recipe sends (brotli_static,
// gzip_static): their sizes are measured. In such a build a file without a copy (it would not have been
// smaller) is sent as it is: a browser asking for brotli then gets the .gz copy if there is one. A build
// without copies (written before precompress.mjs existed) is compressed here the same way.
const sizeOf = (f) => (existsSync(join(dist, f)) ? statSync(join(dist, f)).size : undefined);
const precompressed = files.some((f) => sizeOf(`${f}.br`) !== undefined);
for (const f of files) {
  const buf = readFileSync(join(dist, f));
  const gz = precompressed ? (sizeOf(`${f}.gz`) ?? buf.length) : gzipSync(buf, { level: 9 }).length;
  const br = precompressed ? (sizeOf(`${f}.br`) ?? gz)
    : brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  size[f] = { raw: buf.length, gz, br };
}
console.log(precompressed ? 'sizes of the precompressed .br and .gz files nginx serves (scripts/precompress.mjs)'
  : 'no precompressed files in dist/: compressed here (brotli 11, gzip 9)');
const sum = (list) => list.reduce((t, f) => ({ raw: t.raw + size[f].raw, gz: t.gz + size[f].gz, br: t.br + size[f].br }),
  { raw: 0, gz: 0, br: 0 });
const row = (name, s) => console.log(name.padEnd(44), kb(s.raw).padStart(9), kb(s.gz).padStart(9), kb(s.br).padStart(10));

// The loader: `const __chunk_N = makeLoad(… "./file.wasm" …, [deps])` for shared chunks and
// `export const __wasm_split_load_<page>_<hash> = …makeLoad(… "./file.wasm" …, [__chunk_N, …])` for pages.
const pages = [];
const lazy = new Set();
const loaderFile = files.find((f) => f.endsWith('.js') && readFileSync(join(dist, f), 'utf8').includes('__wasm_split_load_'));
// The table of parts and chunks is a module of its own (`parts-<hash>.js`, scripts/build-wasm.mjs writeTable) that
// the loader fetches with the first part: lazily loaded too. (Older builds kept it in the loader.)
const tableFile = files.find((f) => /^parts-[0-9a-f]+\.js$/.test(f));
if (loaderFile) {
  const src = readFileSync(join(dist, tableFile || loaderFile), 'utf8');
  if (tableFile) lazy.add(tableFile);
  const chunks = {};
  for (const m of src.matchAll(/const (__chunk_\d+) = makeLoad\([\s\S]*?"\.\/([^"]+\.wasm)"[\s\S]*?,\s*\[([^\]]*)\](?:, \d+)?\);/g)) {
    chunks[m[1]] = { file: m[2], deps: m[3].split(',').map((d) => d.trim()).filter(Boolean) };
  }
  const closure = (deps, out = new Set()) => {
    for (const d of deps) {
      const c = chunks[d];
      if (!c) throw new Error(`size: the loader ${loaderFile} names ${d} but does not define it`);
      if (!out.has(c.file)) { out.add(c.file); closure(c.deps, out); }
    }
    return out;
  };
  const pageDefs = tableFile ? /__pages\.([a-z_]+?)(?:_\d+)? = makeLoad\("\.\/([^"]+\.wasm)", \[([^\]]*)\](?:, \d+)?\);/g
    : /export const __wasm_split_load_([a-z_]+?)(?:_\d+)? = wrapAsyncCb\((?:__pages\.\w+ = )?makeLoad\([\s\S]*?"\.\/([^"]+\.wasm)"[\s\S]*?,\s*\[([^\]]*)\]\)\);/g;
  for (const m of src.matchAll(pageDefs)) {
    const shared = [...closure(m[3].split(',').map((d) => d.trim()).filter(Boolean))];
    pages.push({ page: m[1], own: m[2], shared });
    lazy.add(m[2]);
    shared.forEach((f) => lazy.add(f));
  }
  for (const c of Object.values(chunks)) lazy.add(c.file);
  // What only an address other than Home's fetches: the boot-early module (the loader imports it then) and
  // the packs (a page's part with its chunks in one file) or fused modules (the same, as one module) it fetches.
  for (const f of files) if (/^(pack-[a-z_]+|fused-[a-z_]+|boot-early)-[0-9a-f]+\.(wasm|js)$/.test(f)) lazy.add(f);
  const missing = [...lazy].filter((f) => !size[f]);
  if (missing.length || !pages.length) {
    console.error(`size: the loader ${loaderFile} names ${missing.length ? `missing files: ${missing.join(', ')}` : 'no page'}`);
    process.exit(1);
  }
}
const initial = files.filter((f) => !lazy.has(f));

console.log('initial load'.padEnd(44), 'raw KB'.padStart(9), 'gzip KB'.padStart(9), 'brotli KB'.padStart(10));
for (const f of initial) row(f, size[f]);
if (pages.length) {
  console.log(`\nlazily loaded on a page's first visit (${lazy.size} files, ${kb(sum([...lazy]).br)} KB brotli in all);`
    + ' "with shared" adds the chunks it shares with other pages');
  // A part's pack (`pack-<part>-<hash>.wasm`: the part and its chunks in one file). In a build whose table lists
  // the packs (`const packs = …`), the loader fetches a part's pack instead of its files when the pack is smaller
  // than the files not fetched yet: "first visit" is what it then downloads on a page's first visit with nothing
  // else loaded, "after Home" once Home's example lookups (home_examples) have loaded their chunks. In older
  // builds only a deep link fetched the pack: a first visit inside the app fetched the files.
  // A part's file of one kind: `pack` (its pack) or `fused` (its part and chunks as one module, below).
  const partFile = (kind, page) => files.find((f) => new RegExp(`^${kind}-${page}-[0-9a-f]+\\.wasm$`).test(f));
  const packFile = (page) => partFile('pack', page);
  const inAppPacks = tableFile && /^const packs = /m.test(readFileSync(join(dist, tableFile), 'utf8'));
  // Parts asked for from inside another page's part (split points nested in the dashboard's:
  // src/ui/panels/late.rs, src/ui/dashboard/late.rs; the logs page's tools, src/ui/logs/late.rs; query completion, src/ui/query_complete.rs, fetched when a
  // query editor gets focus), and the pages (a page and its nested part, for the dashboard's editor) they are
  // asked from: their first visit comes after that page's, so it counts only the files the page has not
  // brought, and the page goal is checked on the two together. The first path is the one in the table.
  const PARENT = {
    dpanels: [['dashboard']], dedit: [['dashboard']], dlist: [['dashboard']], ltools: [['logs']],
    complete: [['metrics'], ['logs'], ['search'], ['dashboard', 'dedit']],
  };
  const filesOf = (name) => {
    const p = pages.find((x) => x.page === name);
    return p ? [p.own, ...p.shared] : [];
  };
  const home = pages.find((p) => p.page === 'home_examples');
  const homeFiles = new Set(home ? [home.own, ...home.shared] : []);
  const visit = (p, had) => {
    const missing = sum([p.own, ...p.shared].filter((f) => !had.has(f))).br;
    const pf = packFile(p.page);
    return inAppPacks && pf && size[pf].br < missing ? { br: size[pf].br, how: 'pack' } : { br: missing, how: 'files' };
  };
  // A path of pages visited in turn from nothing: what each downloads, and all it has brought.
  const walkPath = (names) => names.reduce((acc, name) => {
    const x = pages.find((q) => q.page === name);
    if (!x) return acc;
    const v = visit(x, acc.had);
    return { br: acc.br + v.br, had: new Set([...acc.had, ...filesOf(name)]) };
  }, { br: 0, had: new Set() });
  console.log('page'.padEnd(44), 'raw KB'.padStart(9), 'gzip KB'.padStart(9), 'brotli KB'.padStart(10), 'with shared'.padStart(12),
    'pack'.padStart(7), 'first visit'.padStart(17), 'after Home'.padStart(17));
  const over = [];
  const nested = [];
  for (const p of pages.sort((a, b) => a.page.localeCompare(b.page))) {
    const own = size[p.own];
    const all = sum([p.own, ...p.shared]);
    const pf = packFile(p.page);
    const paths = (PARENT[p.page] || []).filter((path) => path.every((n) => pages.some((x) => x.page === n)));
    const parent = paths[0];
    const first = parent ? visit(p, walkPath(parent).had) : visit(p, new Set());
    const after = p === home ? { br: 0, how: 'loaded' } : visit(p, new Set([...homeFiles, ...(parent ? walkPath(parent).had : [])]));
    const fig = (v) => `${parent ? '+' : ''}${kb(v.br)} (${v.how})`.padStart(17);
    console.log(`${p.page}${parent ? ` (in ${parent.join(' + ')})` : ''} (+${p.shared.length} shared chunks)`.padEnd(44), kb(own.raw).padStart(9), kb(own.gz).padStart(9),
      kb(own.br).padStart(10), kb(all.br).padStart(12), (pf ? kb(size[pf].br) : '-').padStart(7), fig(first), fig(after));
    for (const path of paths.length ? paths : [[]]) {
      const before = walkPath(path);
      const withParent = before.br + visit(p, before.had).br;
      const name = [...path, p.page].join(' + ');
      if (path.length) nested.push(`${name}: ${kb(withParent)}`);
      if (pageGoalKb && withParent / 1024 > pageGoalKb) over.push(`${name} ${kb(withParent)}`);
    }
  }
  if (nested.length) console.log(`a page with a part asked for from inside it, first visits of both (KB brotli): ${nested.join(', ')}`);
  // A deep link's page at boot, with nothing loaded yet: its part and chunks fused into one module
  // (`fused-<part>-<hash>.wasm`, scripts/fuse-pack.mjs), which the boot fetches instead of the pack.
  const fused = pages.map((p) => [p.page, partFile('fused', p.page)]).filter(([, f]) => f);
  if (fused.length) {
    console.log(`a deep link's page, its part and chunks as one module (KB brotli): ${fused.map(([n, f]) => `${n} ${kb(size[f].br)}`).join(', ')}`);
    for (const [n, f] of fused) if (pageGoalKb && size[f].br / 1024 > pageGoalKb) over.push(`${n} (deep link, one module) ${kb(size[f].br)}`);
  }
  if (pageGoalKb) {
    console.log(`page goal: every first visit <= ${pageGoalKb} KB brotli with its shared chunks, as downloaded (printed, not enforced): `
      + (over.length ? `above it: ${over.join(', ')}` : 'holds'));
  }
  console.log('');
}
const total = sum(initial);
row('initial load (html, css, js, main wasm)', total);
const ok = total.br / 1024 <= budgetKb;
console.log(`size budget: initial load ${kb(total.br)} KB brotli <= ${budgetKb} KB: ${ok ? 'holds' : 'EXCEEDED'}`);
if (process.argv.includes('--check') && !ok) process.exit(1);
