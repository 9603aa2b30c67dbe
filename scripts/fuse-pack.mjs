// One module of a deep link's page: its part and every chunk it needs fused (scripts/build-wasm.mjs, `fused-<part>`).
// wasm-split-cli cuts a page into its part and ~300 shared chunks. A browser compiles each module with a fixed cost
// (a native module, its code space and jump table: ~0.3 ms of main-thread time each in Chromium 156, ~90 ms for the
// metrics page's 326; issue 25, docs/performance.md). A part and a chunk import only the main module's memory,
// function table and stack pointer (`__wasm_split`) and export nothing: calls between modules go through the table,
// into which each module's element segment writes its functions at fixed slots. So a part and its chunks fuse into
// one module that writes all their slots and data, compiled and instantiated once: what a deep link's boot fetches
// when none of them is loaded yet (the loader must never instantiate a chunk twice: its data would be written again).
// From the chunk fusion tried and removed earlier (docs/decisions/0011, "Fewer chunks").
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// wasm's unsigned LEB128.
const readU32 = (b, at) => {
  let r = 0, shift = 0, x;
  do {
    if (at >= b.length) throw new Error('fuse-pack: a wasm file ends inside a number');
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
  if (buf.readUInt32LE(0) !== 0x6d736100 || buf.readUInt32LE(4) !== 1) throw new Error('fuse-pack: not a wasm module');
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

// A split module's imports (a part's or a chunk's): exactly the splitter's three, memory, table and stack pointer,
// from `__wasm_split`.
// Returns { memory: min pages, table: min slots } and the module with its imports renamed to come from `module`.
const IMPORTS = { memory: 'm', __indirect_function_table: 't', __wasm_split_shared0: 'g' };
function reimport(buf, module) {
  const secs = sections(buf);
  const imp = secs.find((s) => s.id === 2);
  if (!imp) throw new Error('fuse-pack: a module without imports');
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
    if (mod !== '__wasm_split' || !IMPORTS[field]) throw new Error(`fuse-pack: a module imports ${mod}.${field}`);
    if (kind === 0) throw new Error('fuse-pack: a module imports a function');
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

// A module that imports what the split modules import and exports it under the short names the renamed ones ask
// for: wasm-merge then links every module's imports to these three, so the fused module imports each once.
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
 * Fuses the split modules `files` (paths: a part and its chunks) into the module `out`, with binaryen's `wasm-merge`
 * (`wasmMerge`: its path), `work` a directory for its inputs. The result imports the splitter's memory, table and
 * stack pointer once and exports nothing.
 */
export function fuseModules(files, out, work, wasmMerge = 'wasm-merge') {
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
  if (r.error || r.status !== 0) throw new Error(`fuse-pack: wasm-merge failed: ${r.error ? r.error.message : r.stderr.slice(-2000)}`);
  // The hub's exports are the only ones: drop them.
  const secs = sections(readFileSync(merged)).filter((s) => s.id !== 7 && s.id !== 0);
  const imp = secs.find((s) => s.id === 2);
  if (!imp || readU32(imp.body, 0)[0] !== 3) throw new Error('fuse-pack: the fused module does not import exactly three things');
  writeFileSync(out, assemble(secs));
}

