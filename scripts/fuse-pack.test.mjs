// Tests of scripts/fuse-pack.mjs: the fused module, instantiated and called as the loader does (one memory, table and
// stack pointer), and the refusal of a module that imports anything else. Needs binaryen's wasm-as and wasm-merge
// (scripts/install-tools.sh puts them in $TRIFOCAL_CACHE/npm, ~/.cache/trifocal by default).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fuseModules } from './fuse-pack.mjs';

const bin = join(process.env.TRIFOCAL_CACHE || join(homedir(), '.cache/trifocal'), 'npm/node_modules/.bin');

// A chunk as the splitter writes one: imports memory, table and stack pointer from `__wasm_split`, writes its
// functions into the table at a fixed slot and its data at a fixed address; calls across modules go through the table.
const chunk = (slot, addr, text, body) => `(module
 (type $t (func (result i32)))
 (import "__wasm_split" "memory" (memory 1))
 (import "__wasm_split" "__indirect_function_table" (table ${slot + 2} funcref))
 (import "__wasm_split" "__wasm_split_shared0" (global $sp (mut i32)))
 (data (i32.const ${addr}) "${text}")
 (elem (i32.const ${slot}) $f)
 (func $f (type $t) ${body}))`;

test('a fused part and chunks import the memory, table and stack pointer once and keep every slot and data segment', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fuse-pack-'));
  try {
    const files = [
      // slot 3: reads its own data at 100 plus the stack pointer
      chunk(3, 100, '\\07', '(i32.add (i32.load8_u (i32.const 100)) (global.get $sp))'),
      // slot 5: calls slot 3 through the table (as a call into another chunk would), times 10
      chunk(5, 200, '\\09', '(i32.mul (call_indirect (type $t) (i32.const 3)) (i32.const 10))'),
      // slot 8: different function type count and a second data segment
      `(module
 (type $u (func (param i32) (result i32)))
 (import "__wasm_split" "memory" (memory 1))
 (import "__wasm_split" "__indirect_function_table" (table 10 funcref))
 (import "__wasm_split" "__wasm_split_shared0" (global $sp (mut i32)))
 (data (i32.const 300) "\\05")
 (elem (i32.const 8) $g)
 (func $g (type $u) (param i32) (result i32) (i32.add (local.get 0) (i32.load8_u (i32.const 300)))))`,
    ].map((wat, i) => {
      writeFileSync(join(dir, `c${i}.wat`), wat);
      const r = spawnSync(join(bin, 'wasm-as'), [join(dir, `c${i}.wat`), '-o', join(dir, `c${i}.wasm`)], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return join(dir, `c${i}.wasm`);
    });
    const out = join(dir, 'fused.wasm');
    fuseModules(files, out, dir, join(bin, 'wasm-merge'));
    const mod = await WebAssembly.compile(readFileSync(out));
    assert.deepEqual(WebAssembly.Module.imports(mod).map((i) => `${i.module}.${i.name}:${i.kind}`).sort(),
      ['__wasm_split.__indirect_function_table:table', '__wasm_split.__wasm_split_shared0:global', '__wasm_split.memory:memory']);
    assert.deepEqual(WebAssembly.Module.exports(mod), []);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const table = new WebAssembly.Table({ initial: 10, element: 'anyfunc' });
    const sp = new WebAssembly.Global({ value: 'i32', mutable: true }, 1000);
    await WebAssembly.instantiate(mod, { __wasm_split: { memory, __indirect_function_table: table, __wasm_split_shared0: sp } });
    assert.equal(table.get(3)(), 1007);
    assert.equal(table.get(5)(), 10070);
    assert.equal(table.get(8)(2), 7);
    assert.deepEqual([...new Uint8Array(memory.buffer, 100, 1), ...new Uint8Array(memory.buffer, 200, 1), ...new Uint8Array(memory.buffer, 300, 1)], [7, 9, 5]);
    assert.equal(table.get(4), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a module that imports anything else is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fuse-pack-'));
  try {
    writeFileSync(join(dir, 'x.wat'), '(module (import "env" "f" (func)) (import "__wasm_split" "memory" (memory 1)))');
    assert.equal(spawnSync(join(bin, 'wasm-as'), [join(dir, 'x.wat'), '-o', join(dir, 'x.wasm')]).status, 0);
    assert.throws(() => fuseModules([join(dir, 'x.wasm'), join(dir, 'x.wasm')], join(dir, 'o.wasm'), dir, join(bin, 'wasm-merge')),
      /imports env\.f/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
