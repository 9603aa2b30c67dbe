// Where a wasm module's bytes go: the code size of each function (by the name section: build with
// `TRIFOCAL_WASM_NAMES=<file> scripts/build-app.sh`, which keeps the names of the optimised main module),
// summed by crate and by module path, and the data section. For size attribution (docs/decisions/0011-first-load-size.md).
// usage: node bench/wasm-top.mjs <file.wasm> [top N functions (default 40)] [path prefix depth (default 3)]
import { readFileSync } from 'node:fs';

const [file, topArg, depthArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/wasm-top.mjs <file.wasm> [top] [depth]');
  process.exit(2);
}
const top = Number(topArg || 40);
const depth = Number(depthArg || 3);
const buf = readFileSync(file);
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
const sections = [];
let data = 0;
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
    if (id === 11) data = size;
  }
  pos = end;
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
const total = buf.length;
const code = bodies.reduce((a, b) => a + b, 0);
console.log(`${file}: ${(total / 1024).toFixed(1)} KB raw; code ${(code / 1024).toFixed(1)} KB in ${bodies.length} functions, data ${(data / 1024).toFixed(1)} KB`);
for (const [n, s] of sections.filter(([, s]) => s > 1024)) console.log(`  section ${n}: ${(s / 1024).toFixed(1)} KB`);
const funcs = bodies.map((len, i) => {
  const raw = names.get(imports + i) || `func[${imports + i}]`;
  return { len, name: demangle(raw) };
});
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
