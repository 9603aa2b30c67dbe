// Where a wasm module's bytes go: the code size of each function (by the name section: build with
// `TRIFOCAL_WASM_NAMES=<file> scripts/build-app.sh`, which keeps the names of the optimised main module),
// summed by crate and by module path, and the data section. For size attribution (docs/decisions/0011-first-load-size.md).
// Several files joined by commas are summed: a page's part and its shared chunks, e.g. the unoptimised parts
// `TRIFOCAL_SPLIT_KEEP=<dir> scripts/build-app.sh` keeps (with their names) and `--page <name>` in that folder.
// usage: node bench/wasm-top.mjs <file.wasm>[,<file.wasm>…] [top N functions (default 40)] [path prefix depth (default 3)]
//        node bench/wasm-top.mjs --page <page> <dir> [top] [depth]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
let files;
if (args[0] === '--page') {
  // The page's part and the chunks it needs, as the splitter's loader (__wasm_split.js) in <dir> lists them.
  const [, page, dir] = args.splice(0, 3);
  const loader = readFileSync(join(dir, '__wasm_split.js'), 'utf8');
  const deps = {};
  for (const m of loader.matchAll(/const (__chunk_\d+) = makeLoad\([\s\S]*?"\.\/([^"]+\.wasm)"[\s\S]*?,\s*\[([^\]]*)\]\);/g)) {
    deps[m[1]] = { file: m[2], deps: m[3].split(',').map((d) => d.trim()).filter(Boolean) };
  }
  const m = [...loader.matchAll(/export const __wasm_split_load_([a-z_]+?)(?:_\d+)? = [\s\S]*?"\.\/([^"]+\.wasm)"[\s\S]*?,\s*\[([^\]]*)\]\)\);/g)].find((x) => x[1] === page);
  if (!m) {
    console.error(`wasm-top: no part "${page}" in ${dir}/__wasm_split.js`);
    process.exit(2);
  }
  const out = new Set([m[2]]);
  const walk = (list) => list.forEach((d) => { if (deps[d] && !out.has(deps[d].file)) { out.add(deps[d].file); walk(deps[d].deps); } });
  walk(m[3].split(',').map((d) => d.trim()).filter(Boolean));
  files = [...out].map((f) => join(dir, f));
} else {
  files = (args.shift() || '').split(',').filter(Boolean);
}
const [topArg, depthArg] = args;
if (!files.length) {
  console.error('usage: node bench/wasm-top.mjs <file.wasm>[,…] [top] [depth] | --page <page> <dir> [top] [depth]');
  process.exit(2);
}
const file = files.length > 1 ? `${files.length} files (${files[0]}, …)` : files[0];
const top = Number(topArg || 40);
const depth = Number(depthArg || 3);
let total = 0;
let data = 0;
const sections = [];
const funcs = [];
function read(f) {
  const buf = readFileSync(f);
  total += buf.length;
  let pos = 8;
  const leb = () => {
    let r = 0, shift = 0, b;
    do {
      b = buf[pos++];
      r += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return r;
  };
  const str = () => {
    const n = leb();
    const s = buf.toString('utf8', pos, pos + n);
    pos += n;
    return s;
  };
  let imports = 0;
  const bodies = [];
  const names = new Map();
  while (pos < buf.length) {
    const id = buf[pos++];
    const size = leb();
    const end = pos + size;
    if (id === 0) {
      const name = str();
      sections.push([`custom ${name}`, size]);
      if (name === 'name') {
        while (pos < end) {
          const sub = buf[pos++];
          const len = leb();
          const subEnd = pos + len;
          if (sub === 1) {
            const n = leb();
            for (let i = 0; i < n; i++) {
              const idx = leb();
              names.set(idx, str());
            }
          }
          pos = subEnd;
        }
      }
    } else if (id === 2) {
      sections.push(['import', size]);
      const n = leb();
      for (let i = 0; i < n; i++) {
        str();
        str();
        const kind = buf[pos++];
        if (kind === 0) { leb(); imports++; } else if (kind === 1) { pos++; const f = leb(); leb(); if (f & 1) leb(); } else if (kind === 2) { const f = leb(); leb(); if (f & 1) leb(); } else if (kind === 3) { pos += 2; } else { leb(); }
      }
    } else if (id === 10) {
      sections.push(['code', size]);
      const n = leb();
      for (let i = 0; i < n; i++) {
        const len = leb();
        bodies.push(len);
        pos += len;
      }
    } else {
      sections.push([['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount'][id] || `section ${id}`, size]);
      if (id === 11) data += size;
    }
    pos = end;
  }
  bodies.forEach((len, i) => funcs.push({ len, name: demangle(names.get(imports + i) || `func[${imports + i}]`) }));
}
// Legacy Rust mangling (_ZN<len><seg>…17h<hash>E) or an already demangled name; the hash is dropped.
const demangle = (n) => {
  if (!n.startsWith('_ZN')) return n.replace(/::h[0-9a-f]{16}$/, '');
  const segs = [];
  let i = 3;
  while (i < n.length && n[i] !== 'E') {
    const m = /^\d+/.exec(n.slice(i));
    if (!m) break;
    i += m[0].length;
    segs.push(n.slice(i, i + Number(m[0])));
    i += Number(m[0]);
  }
  if (segs.length && /^h[0-9a-f]{16}$/.test(segs[segs.length - 1])) segs.pop();
  return segs.join('::').replace(/\$LT\$/g, '<').replace(/\$GT\$/g, '>').replace(/\$u20\$/g, ' ').replace(/\$RF\$/g, '&')
    .replace(/\$C\$/g, ',').replace(/\$u7b\$/g, '{').replace(/\$u7d\$/g, '}').replace(/\.\./g, '::').replace(/\$BP\$/g, '*')
    .replace(/\$u5b\$/g, '[').replace(/\$u5d\$/g, ']').replace(/\$u27\$/g, "'");
};
// The path a function belongs to: an impl's type (`<a::b::C as d::E>::f` -> a::b::C), else the path itself.
const owner = (d) => {
  const m = /^<([^ ]+?)(?: as |>)/.exec(d.replace(/^<&(mut )?/, '<'));
  return (m ? m[1] : d).replace(/^&(mut )?/, '');
};
for (const f of files) read(f);
const code = funcs.reduce((a, f) => a + f.len, 0);
console.log(`${file}: ${(total / 1024).toFixed(1)} KB raw; code ${(code / 1024).toFixed(1)} KB in ${funcs.length} functions, data ${(data / 1024).toFixed(1)} KB`);
for (const [n, s] of sections.filter(([, s]) => s > 1024)) console.log(`  section ${n}: ${(s / 1024).toFixed(1)} KB`);
const group = (key) => {
  const m = new Map();
  for (const f of funcs) {
    const k = key(f);
    const g = m.get(k) || { len: 0, n: 0 };
    g.len += f.len;
    g.n++;
    m.set(k, g);
  }
  return [...m.entries()].sort((a, b) => b[1].len - a[1].len);
};
const pct = (n) => `${(100 * n / code).toFixed(1).padStart(5)} %`;
console.log('\nby crate (code bytes, share of code, functions)');
for (const [k, g] of group((f) => owner(f.name).split('::')[0]).slice(0, 25)) {
  console.log(`  ${String(g.len).padStart(8)} ${pct(g.len)} ${String(g.n).padStart(5)}  ${k}`);
}
console.log(`\nby path (first ${depth} segments)`);
for (const [k, g] of group((f) => owner(f.name).split('::').slice(0, depth).join('::')).slice(0, 60)) {
  console.log(`  ${String(g.len).padStart(8)} ${pct(g.len)} ${String(g.n).padStart(5)}  ${k}`);
}
console.log(`\nbiggest ${top} functions`);
for (const f of [...funcs].sort((a, b) => b.len - a.len).slice(0, top)) {
  console.log(`  ${String(f.len).padStart(8)}  ${f.name.slice(0, 180)}`);
}
