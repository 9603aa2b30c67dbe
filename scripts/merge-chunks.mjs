// Merges the splitter's shared chunks into fewer, larger ones (docs/decisions/0011, "Fewer chunks"), run by
// scripts/build-wasm.mjs after wasm-opt when TRIFOCAL_MERGE_CHUNKS=1: an experiment, off by default (measured: each
// fused file is smaller than its members apart, but every page's pack grew 0.3-0.7 KB brotli).
// wasm-split-cli cuts one chunk per distinct set of parts that reach its code: with nested parts (the dashboard's)
// that is ~400 files, most under 1 KB, each with a type and an import section of its own (~10 bytes a chunk that
// brotli cannot remove even inside a pack) and an instance the browser creates. A chunk imports only the main
// module's memory, function table and stack pointer and exports nothing (every call between modules goes through
// the table, into which each chunk's element segment writes its functions at fixed slots), so chunks can be fused
// into one module that writes all their slots and data.
// `planMerge` (pure) chooses which chunks to fuse: those that exactly the same parts fetch, once a nested part's
// chunks that its parent brings are counted for the parent alone.
// `fuseChunks` writes a group as one module with binaryen's wasm-merge; `rewriteLoader` points the loader at it.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Which chunks to fuse. `chunks`: [{ name, parts: [the parts that load it] }]; `parent`: { nested part: the part
 * that asks for it }. A nested part is fetched after its parent and only for what its parent lacks, so a chunk
 * that the parent loads costs the nested part nothing: what a chunk costs is its set of fetching parts, the
 * nested ones whose parent loads it left out. Chunks with the same such set are fused: every part that fetches
 * one fetches all of them, so no part's first visit gets a byte of code it did not get before, and each saves a
 * file's overhead per chunk fused. (Nested split points make the splitter cut a chunk per set of parts that
 * includes them: the metrics page's chunks shared with the dashboard come in one chunk per combination of the
 * dashboard's nested parts.) Returns groups of chunk names, each in the order given, every chunk in one group.
 */
export function planMerge(chunks, parent = {}) {
  const groups = new Map();
  for (const c of chunks) {
    const set = new Set(c.parts);
    const key = [...set].filter((p) => !(parent[p] && set.has(parent[p]))).sort().join(',');
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(c.name);
  }
  return [...groups.values()];
}

// wasm's unsigned LEB128.
const readU32 = (b, at) => {
  let r = 0, shift = 0, x;
  do {
    if (at >= b.length) throw new Error('merge-chunks: a wasm file ends inside a number');
    x = b[at++];
    r |= (x & 127) << shift;
    shift += 7;
  } while (x & 128);
  return [r >>> 0, at];
};
const writeU32 = (n) => {
  const out = [];
  do {
    let x = n & 127;
    n >>>= 7;
    if (n) x |= 128;
    out.push(x);
  } while (n);
  return Buffer.from(out);
};
const name = (s) => Buffer.concat([writeU32(Buffer.byteLength(s)), Buffer.from(s)]);

// The sections of a wasm module: [{ id, body }].
function sections(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100 || buf.readUInt32LE(4) !== 1) throw new Error('merge-chunks: not a wasm module');
  const out = [];
  let at = 8;
  while (at < buf.length) {
    const id = buf[at];
    const [len, start] = readU32(buf, at + 1);
    out.push({ id, body: buf.subarray(start, start + len) });
    at = start + len;
  }
  return out;
}
const assemble = (secs) => Buffer.concat([buf8(), ...secs.flatMap((s) => [Buffer.from([s.id]), writeU32(s.body.length), s.body])]);
const buf8 = () => Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

// A chunk's imports: exactly the splitter's three, memory, table and stack pointer, from `__wasm_split`.
// Returns { memory: min pages, table: min slots } and the chunk with its imports renamed to come from `module`.
const IMPORTS = { memory: 'm', __indirect_function_table: 't', __wasm_split_shared0: 'g' };
function reimport(buf, module) {
  const secs = sections(buf);
  const imp = secs.find((s) => s.id === 2);
  if (!imp) throw new Error('merge-chunks: a chunk without imports');
  const b = imp.body;
  let [n, at] = readU32(b, 0);
  const limits = {};
  const out = [writeU32(n)];
  for (let i = 0; i < n; i++) {
    let len;
    [len, at] = readU32(b, at);
    const mod = b.subarray(at, at + len).toString();
    at += len;
    [len, at] = readU32(b, at);
    const field = b.subarray(at, at + len).toString();
    at += len;
    const start = at;
    const kind = b[at++];
    if (mod !== '__wasm_split' || !IMPORTS[field]) throw new Error(`merge-chunks: a chunk imports ${mod}.${field}`);
    if (kind === 0) throw new Error('merge-chunks: a chunk imports a function');
    if (kind === 1) at++; // table: element type
    if (kind === 1 || kind === 2) {
      const flags = b[at++];
      let min;
      [min, at] = readU32(b, at);
      if (flags & 1) [, at] = readU32(b, at);
      limits[kind === 1 ? 'table' : 'memory'] = min;
    } else if (kind === 3) at += 2; // global: value type, mutability
    out.push(name(module), name(IMPORTS[field]), b.subarray(start, at));
  }
  imp.body = Buffer.concat(out);
  return { limits, buf: assemble(secs) };
}

// A module that imports what the chunks import and exports it under the short names the renamed chunks ask for:
// wasm-merge then links every chunk's imports to these three, so the fused module imports each once.
function hub(limits, mut) {
  const imports = [
    [name('__wasm_split'), name('memory'), Buffer.from([2, 0]), writeU32(limits.memory)],
    [name('__wasm_split'), name('__indirect_function_table'), Buffer.from([1, 0x70, 0]), writeU32(limits.table)],
    [name('__wasm_split'), name('__wasm_split_shared0'), Buffer.from([3, mut.type, 1])],
  ];
  const exports = [['m', 2], ['t', 1], ['g', 3]].map(([n, kind]) => Buffer.concat([name(n), Buffer.from([kind, 0])]));
  return assemble([
    { id: 2, body: Buffer.concat([writeU32(3), ...imports.flat()]) },
    { id: 7, body: Buffer.concat([writeU32(3), ...exports]) },
  ]);
}

/**
 * Fuses the chunk files `files` (paths) into the module `out`, with binaryen's `wasm-merge` (`wasmMerge`: its
 * path). The result imports the splitter's memory, table and stack pointer once and exports nothing.
 */
export function fuseChunks(files, out, work, wasmMerge = 'wasm-merge') {
  const limits = { memory: 0, table: 0 };
  const args = [];
  files.forEach((f, i) => {
    const r = reimport(readFileSync(f), 'hub');
    limits.memory = Math.max(limits.memory, r.limits.memory ?? 0);
    limits.table = Math.max(limits.table, r.limits.table ?? 0);
    const p = join(work, `in${i}.wasm`);
    writeFileSync(p, r.buf);
    args.push(p, `c${i}`);
  });
  const hubFile = join(work, 'hub.wasm');
  writeFileSync(hubFile, hub(limits, { type: 0x7f }));
  const merged = join(work, 'merged.wasm');
  const r = spawnSync(wasmMerge, [hubFile, 'hub', ...args, '-o', merged, '--enable-bulk-memory', '--enable-mutable-globals',
    '--enable-sign-ext', '--enable-nontrapping-float-to-int', '--enable-reference-types', '--enable-multivalue'],
  { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`merge-chunks: wasm-merge failed: ${r.error ? r.error.message : r.stderr.slice(-2000)}`);
  // The hub's exports are the only ones: drop them.
  const secs = sections(readFileSync(merged)).filter((s) => s.id !== 7 && s.id !== 0);
  const imp = secs.find((s) => s.id === 2);
  if (!imp || readU32(imp.body, 0)[0] !== 3) throw new Error('merge-chunks: the fused module does not import exactly three things');
  writeFileSync(out, assemble(secs));
}

/**
 * Points the loader (after scripts/build-wasm.mjs's preloadRoutePart: `const __chunk_N = makeLoad("./file", []);`
 * and parts' `makeLoad("./file", [__chunk_…])`) at the fused chunks: each group's first chunk stands for it, the
 * others' definitions go, and each part lists each group once.
 */
export function rewriteLoader(loader, groups) {
  const rep = new Map();
  for (const g of groups) for (const n of g) rep.set(n, g[0]);
  const dropped = new Set(groups.flatMap((g) => g.slice(1)));
  const lines = loader.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const def = lines[i].match(/^const (__chunk_\d+) = makeLoad\("[^"]+", \[\]\);$/);
    if (def && dropped.has(def[1])) {
      // and the splitter's comment naming its parts, if any, just before it
      if (out.length && /^\/\*.*\*\/$/.test(out[out.length - 1])) out.pop();
      continue;
    }
    out.push(lines[i].replace(/(makeLoad\("[^"]+", \[)([^\]]*)\]/, (_, head, deps) => {
      const list = deps.split(',').map((d) => d.trim()).filter(Boolean).map((d) => rep.get(d) || d);
      return `${head}${[...new Set(list)].join(', ')}]`;
    }));
  }
  return out.join('\n');
}
