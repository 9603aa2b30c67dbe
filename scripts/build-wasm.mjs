// Builds the release wasm split into lazily loaded parts and writes it into dist/ (docs/decisions/0005).
// cargo (feature `split`: every page but Home is a split point) -> wasm-split-cli (main module, one wasm per
// page, shared chunks, and the JS loader) -> wasm-bindgen on the main module -> wasm-opt -Oz (to a fixed point) on every part.
// Every file gets a content hash in its name (the nginx recipe caches them as immutable), and index.html
// gets a boot script file (no inline script: the Content-Security-Policy allows scripts from 'self' only).
// All URLs stay relative, so dist/ works at any path. Run by scripts/build-app.sh after `trunk build`
// (which, given an index.html without the rust link, only builds the CSS and copies the data folders).
// usage: node scripts/build-wasm.mjs [dist]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotli } from './compress.mjs';
import { fuseModules } from './fuse-pack.mjs';

const dist = process.argv[2] || 'dist';
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: ['ignore', opts.capture ? 'pipe' : 'inherit', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error || r.status !== 0) {
    console.error(`build-wasm: ${cmd} ${args.join(' ')} failed${r.error ? `: ${r.error.message}` : ` (exit ${r.status})`}`);
    process.exit(1);
  }
  return r.stdout;
};
const hash = (...bufs) => {
  const h = createHash('sha256');
  for (const b of bufs) h.update(b);
  return h.digest('hex').slice(0, 16);
};

// 1. cargo: the artifact path comes from cargo itself (the target dir may be shared with other builds).
const messages = run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--features', 'split',
  '--bin', 'trifocal', '--message-format', 'json-render-diagnostics'], { capture: true });
const artifact = messages.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l))
  .filter((m) => m.reason === 'compiler-artifact' && m.target && m.target.name === 'trifocal' && m.executable)
  .map((m) => m.executable).pop();
if (!artifact) {
  console.error('build-wasm: cargo reported no trifocal wasm');
  process.exit(1);
}
// The page an address opens (its hash's first segment, as src/url_state/decode.rs reads it) -> its split part.
const ROUTE_PARTS = {
  metrics: 'metrics', logs: 'logs', search: 'search', traces: 'search', settings: 'settings', alerts: 'alerts',
  rules: 'alerts', trace: 'trace', compare: 'trace', correlate: 'correlate', services: 'services', dashboard: 'dashboard',
  dashboards: 'dashboard', d: 'dashboard', split: 'split',
};
// Parts a page's part asks for from inside itself (split points nested in it, src/ui/dashboard/late.rs and
// src/ui/panels/late.rs): each has a pack too, chosen as for any part against the files not fetched yet.
// A dashboard address without a uid (`#/dashboard`) is the dashboard list: the boot-early module asks for its
// part as well.
const LIST_PART = 'dlist';
const ROUTE_PART_LIST = [...new Set([...Object.values(ROUTE_PARTS), LIST_PART])];
// The pages a deep link boots into: each also gets its part and chunks fused into one module (`writePacks`).
const BOOT_PARTS = new Set(Object.values(ROUTE_PARTS));
// Patches wasm-split's loader so that, as it is evaluated (with the main module's JS, before the main wasm is
// in), an address that opens a page other than Home loads the boot-early module (`writeBootEarly`): it starts
// a deep link's metric query (scripts/boot-early-query.js) and fetches the page's part and all its shared chunks
// as one module, fused at build time (`writePacks`, scripts/fuse-pack.mjs; the loader otherwise asks for ~300
// small files, six at a time over HTTP/1.1), or as a pack (the same files in one file) when some of them are
// already on their way, and the saved-settings reader's pack when settings were saved (src/ui/mod.rs). The fused
// module compiles as it streams in; each of a pack's modules is compiled at once from the pack's bytes as they
// arrive; each module is instantiated once, at once, when the app asks for its part (`__now`, `__once`). The
// loader takes those when the app asks for the parts, so every part is fetched once
// (e2e/tests/boot_preload.test.js checks the network log). Home's first load carries only the hook: the
// generated per-file fetch code is folded into `makeLoad(file, deps)`.
function preloadRoutePart(loader) {
  const fail = (what) => {
    console.error(`build-wasm: the loader ${what}: preload patch out of date`);
    process.exit(1);
  };
  const def = loader.match(/function makeLoad\(fetcher, deps\) \{[\s\S]*?\n\}\n/);
  if (!def) fail('has no makeLoad(fetcher, deps)');
  loader = loader.replace(def[0], `function makeLoad(file, deps) {
    const fetcher = () => {
        const src = __packed.get(file);
        const mod = src ? src.then((b) => (b instanceof WebAssembly.Module ? b : b instanceof Response ? WebAssembly.compileStreaming(b)
            : __now(() => new WebAssembly.Module(b), () => WebAssembly.compile(b))))
            : WebAssembly.compileStreaming(fetch(new URL(file, import.meta.url)));
        __packed.delete(file);
        __seen.add(file);
        mod.catch(() => __seen.delete(file));
        return async (imports) => {
            const m = await mod;
            if (!__once.has(m)) __once.set(m, __now(() => new WebAssembly.Instance(m, imports), () => WebAssembly.instantiate(m, imports)));
            return __once.get(m);
        };
    };
    let early;
    const loader = async () => {
        const parallelStuff = deps.map(d => d());
        const instantiate = early || fetcher();
        early = undefined;
        await Promise.all(parallelStuff);
        return instantiate(getSharedImports());
    };
    let loadingModule;
    const load = () => {
        if (loadingModule === undefined) {
            const thisLoad = loader();
            thisLoad.catch(() => {
                if (loadingModule === thisLoad) loadingModule = undefined;
            });
            loadingModule = thisLoad;
        }
        return loadingModule;
    };
    load.prefetch = () => {
        if (loadingModule === undefined && !early) {
            early = fetcher();
            deps.forEach((d) => d.prefetch());
        }
    };
    load.file = file;
    load.deps = deps;
    return load;
}
`);
  const per = /makeLoad\(\(\) => \{\n    const src = fetch\(new URL\("(\.\/[^"]+\.wasm)", import\.meta\.url\)\);\n    src\.catch\(\(\) => \{\}\);\n    return async \(imports\) => \(WebAssembly\.instantiateStreaming\(src, imports\)\);\n\}\n, \[/g;
  const before = (loader.match(/makeLoad\(/g) || []).length;
  loader = loader.replace(per, 'makeLoad("$1", [');
  if ((loader.match(/makeLoad\("/g) || []).length !== before - 1 || loader.includes('fetch(new URL(".')) fail('fetches a part in an unknown way');
  loader = loader.replace(/export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(/g, 'export const __wasm_split_load_$1 = wrapAsyncCb(__pages.$1 = makeLoad(');
  for (const part of new Set([...ROUTE_PART_LIST, 'stored'])) {
    if (!loader.includes(`__pages.${part} = makeLoad(`)) fail(`has no part "${part}" to preload`);
  }
  // Home is `#/`: any longer address may open another page. Awaited (top-level await), so the module has started
  // the fetches before the app runs and asks for parts.
  // The table of parts and chunks leaves the first load (`writeTable`): `__table()` fetches it once, with the
  // first part (a failure is not kept: the next part asked tries again).
  // A pack's member is in memory already, so it is compiled and instantiated at once, on this thread (`__now`).
  // Each of the ~300 modules of a page's pack compiled and instantiated asynchronously cost tasks and streaming
  // steps of its own: ~0.4 ms of main-thread time each, ~130 ms before a deep link's page could be built (issue
  // 25). Only the size limit some browsers put on the main thread's synchronous compile (a RangeError) falls back
  // to the asynchronous calls; any other error is the module's own. A module is instantiated once (`__once`): a
  // deep link's fused module (`fused-<part>`, scripts/fuse-pack.mjs) stands for every file of its page, each of
  // which asks for it.
  return `const __packed = new Map();
const __seen = new Set();
const __once = new WeakMap();
const __now = (sync, async) => {
    try {
        return sync();
    } catch (e) {
        if (e instanceof RangeError) return async();
        throw e;
    }
};
const __pages = {};
let __tableP;
const __table = () => __tableP || (__tableP = import("./__SPLIT_TABLE__").then((m) => m.define(makeLoad, __pages, __packed, __seen)).catch((e) => {
    __tableP = undefined;
    throw e;
}));
const __open = (p) => wrapAsyncCb(() => __table().then((t) => t.open(p)));
${loader}
if (location.hash.length > 2) await Promise.all([import("./__BOOT_EARLY__"), __table()]).then(([m, t]) => m.start(t), () => {});
`;
}

// Moves the splitter's table (every chunk's file and the chunks it needs, every part's file and its chunks:
// ~140 files and their lists with 11 parts, ~600 with 19, as each part splits the chunks it shares) out of
// the loader, which is in the first load, into a module of its own that the loader imports when the first
// part is asked for (and the boot-early module's deep link at once). Its per-chunk comments are dropped.
// The table also holds each file's brotli size, every part's pack (`writePacks`) with its size and each deep
// link's page's fused module: a deep link's page at boot comes as its fused module when none of its files is on
// its way (`boot`); else, and on any page's first visit inside the app, a part comes as its pack when the pack is
// smaller than the part's files not fetched yet, else file by file (docs/decisions/0011).
// Each `__wasm_split_load_<part>` export becomes a call through the table. Returns the loader.
function writeTable(loader, dist, packs, fused, brSize) {
  const lines = loader.split('\n');
  const defs = [];
  const kept = [];
  const sized = (def) => def.replace(/^makeLoad\("\.\/([^"]+)", (\[[^\]]*\])\)$/, (_, f, deps) => `makeLoad("./${f}", ${deps}, ${brSize(f)})`);
  for (const line of lines) {
    const page = line.match(/^export const __wasm_split_load_(\w+) = wrapAsyncCb\(__pages\.(\w+) = (makeLoad\("[^"]+", \[[^\]]*\]\))\);$/);
    const chunk = line.match(/^const (__chunk_\d+) = (makeLoad\("[^"]+", \[[^\]]*\]\));$/);
    if (chunk) defs.push(`const ${chunk[1]} = ${sized(chunk[2])};`);
    else if (page) {
      defs.push(`__pages.${page[2]} = ${sized(page[3])};`);
      kept.push(`export const __wasm_split_load_${page[1]} = __open("${page[2]}");`);
    } else if (!/^\/\*.*\*\/$/.test(line)) kept.push(line);
  }
  const packTable = Object.fromEntries(Object.entries(packs).map(([p, f]) => [p, [`./${f}`, brSize(f)]]));
  const fusedTable = Object.fromEntries(Object.entries(fused).map(([p, f]) => [p, [`./${f}`, brSize(f)]]));
  const body = `// The split parts' files and the chunks each needs, with each file's brotli size, and every part's pack (the part
// and all its chunks in one file) with its size (scripts/build-wasm.mjs writeTable).
export function define(load, __pages, __packed, __seen) {
const makeLoad = (file, deps, size) => Object.assign(load(file, deps), { size });
${defs.join('\n')}
const packs = ${JSON.stringify(packTable)};
const fused = ${JSON.stringify(fusedTable)};
// A part and the chunks it needs, depth first, each once: the order of its pack.
const walk = (l, order = []) => {
    if (!order.includes(l)) {
        order.push(l);
        l.deps.forEach((d) => walk(d, order));
    }
    return order;
};
// Starts part p's fetch as its pack when the pack is smaller than its files not fetched yet (a first visit); a
// page whose chunks other pages have fetched takes the files it lacks, one by one, as the part asks for them. A
// pack that fails leaves each file to its own fetch.
const pack = (p) => {
    const root = __pages[p];
    if (!root || !packs[p]) return;
    const order = walk(root);
    const missing = order.map((l) => !__seen.has(l.file) && !__packed.has(l.file));
    if (packs[p][1] >= order.reduce((t, l, i) => t + (missing[i] ? l.size : 0), 0)) return;
    const name = packs[p][0];
    const all = fetch(new URL(name, import.meta.url)).then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(name))));
    order.forEach((l, i) => missing[i] && __packed.set(l.file, all.then((b) => {
        const v = new DataView(b);
        if (v.getUint32(0, true) !== order.length) throw new Error(name);
        let at = 4 * (order.length + 1);
        for (let j = 0; j < i; j++) at += v.getUint32(4 * (j + 1), true);
        return new Uint8Array(b, at, v.getUint32(4 * (i + 1), true));
    }).catch(() => fetch(new URL(l.file, import.meta.url)))));
    root.prefetch();
};
// A deep link's page at boot: its fused module when none of its files is fetched or on its way (every file of it
// then takes that one module, compiled as it streams in and instantiated once: \`__now\` in the loader), else as
// \`pack\`. If the module cannot be fetched, each file is fetched on its own.
const boot = (p) => {
    const root = __pages[p];
    if (!root || !fused[p]) return pack(p);
    const order = walk(root);
    if (order.some((l) => __seen.has(l.file) || __packed.has(l.file))) return pack(p);
    const url = new URL(fused[p][0], import.meta.url);
    const one = fetch(url).then((r) => (r.ok ? WebAssembly.compileStreaming(r) : Promise.reject(new Error(url))));
    order.forEach((l) => __packed.set(l.file, one.catch(() => fetch(new URL(l.file, import.meta.url)))));
    root.prefetch();
};
return { packs, fused, pack, boot, open: (p) => {
    pack(p);
    return __pages[p]();
} };
}
`;
  if (kept.some((l) => /makeLoad\("/.test(l)) || !defs.some((l) => l.startsWith('__pages.'))) {
    console.error('build-wasm: the loader\'s table is not in the expected form: table patch out of date');
    process.exit(1);
  }
  const name = `parts-${hash(body)}.js`;
  writeFileSync(join(dist, name), body);
  const out = kept.join('\n');
  if (!out.includes('./__SPLIT_TABLE__')) {
    console.error('build-wasm: the loader has no place for the table');
    process.exit(1);
  }
  return out.replace('./__SPLIT_TABLE__', `./${name}`);
}

// Writes a pack per part (every page a deep link can open, ROUTE_PARTS, the settings reader, Home's examples): the
// part and its shared chunks, in the order the table's `walk` lists them (depth first, each once), behind a
// header of a count and their sizes (u32 LE); and for each page a deep link opens, the same modules fused into one
// (`fused-<part>`). Returns { packs: {part: pack file}, fused: {part: fused module file} }.
function writePacks(loader, dist) {
  const chunks = {};
  for (const m of loader.matchAll(/const (__chunk_\d+) = makeLoad\("\.\/([^"]+)", \[([^\]]*)\]\);/g)) {
    chunks[m[1]] = { file: m[2], deps: m[3].split(',').map((d) => d.trim()).filter(Boolean) };
  }
  const wanted = new Set([...ROUTE_PART_LIST, 'stored']);
  const packs = {};
  const fused = {};
  for (const m of loader.matchAll(/__pages\.(\w+) = makeLoad\("\.\/([^"]+)", \[([^\]]*)\]\)\);/g)) {
    const order = [];
    const walk = (file, deps) => {
      if (order.includes(file)) return;
      order.push(file);
      for (const d of deps) {
        if (!chunks[d]) {
          console.error(`build-wasm: the loader names ${d} but does not define it`);
          process.exit(1);
        }
        walk(chunks[d].file, chunks[d].deps);
      }
    };
    walk(m[2], m[3].split(',').map((d) => d.trim()).filter(Boolean));
    const bodies = order.map((f) => readFileSync(join(dist, f)));
    const head = Buffer.alloc(4 * (order.length + 1));
    head.writeUInt32LE(order.length, 0);
    bodies.forEach((b, i) => head.writeUInt32LE(b.length, 4 * (i + 1)));
    const pack = Buffer.concat([head, ...bodies]);
    const name = `pack-${m[1]}-${hash(pack)}.wasm`;
    writeFileSync(join(dist, name), pack);
    packs[m[1]] = name;
    // A deep link's page also as one module (scripts/fuse-pack.mjs): what its boot fetches.
    if (BOOT_PARTS.has(m[1])) {
      const dir = mkdtempSync(join(work, 'fuse-'));
      const out = join(dir, 'fused.wasm');
      fuseModules(order.map((f) => join(dist, f)), out, dir);
      const one = readFileSync(out);
      const oneName = `fused-${m[1]}-${hash(one)}.wasm`;
      writeFileSync(join(dist, oneName), one);
      fused[m[1]] = oneName;
    }
  }
  if ([...wanted].some((p) => !packs[p]) || [...BOOT_PARTS].some((p) => !fused[p])) {
    console.error('build-wasm: not every page a link opens got a pack and a fused module');
    process.exit(1);
  }
  return { packs, fused };
}

// The boot-early module (loaded by the patched loader for an address other than Home's `#/`): the metric query, then
// the page's pack (and the settings reader's, when settings were saved) through the table's `pack`.
function writeBootEarly(loader, dist) {
  const earlyQuery = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'boot-early-query.js'), 'utf8');
  const body = `${earlyQuery}
export function start(table) {
    const page = (location.hash.replace(/^#\\/*/, '').split(/[/?]/)[0] || '').toLowerCase();
    const want = [${JSON.stringify(ROUTE_PARTS)}[page]];
    if (want[0] === 'dashboard' && !/^#\\/*[^/?]+\\/+[^/?]/.test(location.hash)) want.push(${JSON.stringify(LIST_PART)});
    try {
        if (localStorage.getItem('trifocal.datasources') !== null) want.unshift('stored');
    } catch (e) {}
    for (const p of want) if (p) table.boot(p);
}
`;
  const name = `boot-early-${hash(body)}.js`;
  writeFileSync(join(dist, name), body);
  if (!loader.includes('./__BOOT_EARLY__')) {
    console.error('build-wasm: the loader has no place for the boot-early module');
    process.exit(1);
  }
  return loader.replace('./__BOOT_EARLY__', `./${name}`);
}
const work = mkdtempSync(join(tmpdir(), 'trifocal-split-'));
try {
  const input = join(work, 'input.wasm');
  copyFileSync(artifact, input);

  // 2. split: main.wasm (still to be bound), split_<page>.wasm, chunk_<n>.wasm and __wasm_split.js.
  const split = join(work, 'split');
  run('wasm-split-cli', [input, split, '--out-name', 'trifocal']);
  // TRIFOCAL_SPLIT_KEEP=<dir>: keeps the splitter's output (parts with their function names, unoptimised, and its
  // loader) for attribution: `node bench/wasm-top.mjs --page <page> <dir>` (docs/decisions/0011-first-load-size.md).
  if (process.env.TRIFOCAL_SPLIT_KEEP) cpSync(split, process.env.TRIFOCAL_SPLIT_KEEP, { recursive: true });

  // 3. wasm-bindgen on the main module only; the parts share its memory and table through the loader.
  const bound = join(work, 'bound');
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--keep-lld-exports', '--no-demangle',
    '--out-dir', bound, '--out-name', 'trifocal', join(split, 'trifocal.wasm')]);

  // 4. wasm-opt every part (the lazily loaded ones too).
  const parts = readdirSync(split).filter((f) => /^(split|chunk)_.*\.wasm$/.test(f)).sort();
  // TRIFOCAL_OPT_CACHE=<dir>: keeps each wasm-opt output under the hash of its input, level, flags and wasm-opt's
  // version, and reuses it for the same input (a rebuild that changed only the build's JS skips the ~10 minutes of
  // wasm-opt). Off by default.
  // TRIFOCAL_KEEP_NAMES=1 (for profiling only: every file grows, the size check fails): every part keeps its
  // function names (`-g`), so a Chromium CPU profile (`PROFILE=` in bench/) names the wasm functions it samples.
  const keepNames = process.env.TRIFOCAL_KEEP_NAMES === '1';
  const namedArgs = ['--converge', '-g', '--strip-dwarf', '--strip-producers', '--strip-target-features'];
  const optArgs = keepNames ? namedArgs : ['--converge', '--strip-debug', '--strip-producers', '--strip-target-features'];
  const cache = process.env.TRIFOCAL_OPT_CACHE;
  const optVersion = cache ? run('wasm-opt', ['--version'], { capture: true }).trim() : '';
  const opt = (from, to, level = '-Oz') => {
    const kept = cache && join(cache, `${hash(readFileSync(from), `${optVersion} ${level} ${optArgs.join(' ')}`)}.wasm`);
    if (kept && existsSync(kept)) return copyFileSync(kept, to);
    run('wasm-opt', [level, ...optArgs, from, '-o', to]);
    if (kept) {
      mkdirSync(cache, { recursive: true });
      copyFileSync(to, kept);
    }
  };
  opt(join(bound, 'trifocal_bg.wasm'), join(work, 'main.wasm'));
  // TRIFOCAL_PARTS_OPT=-O3 (an experiment): the lazily loaded parts optimised for speed, the main module still
  // for size (the first load does not change).
  const partsLevel = process.env.TRIFOCAL_PARTS_OPT || '-Oz';
  // TRIFOCAL_WASM_NAMES=<file>: also writes the main module optimised the same way but with its function names
  // kept (`-g`), for size attribution (`node bench/wasm-top.mjs <file>`; docs/decisions/0011-first-load-size.md).
  if (process.env.TRIFOCAL_WASM_NAMES) {
    run('wasm-opt', ['-Oz', ...namedArgs, join(bound, 'trifocal_bg.wasm'), '-o', process.env.TRIFOCAL_WASM_NAMES]);
  }
  for (const p of parts) opt(join(split, p), join(work, p), partsLevel);

  // 5. content-hashed names. A page's part is named for the page (split_metrics -> metrics), a chunk
  //    shared by several pages is `shared`. The main JS and the loader import each other, so both are named
  //    by one hash over everything.
  let loader = preloadRoutePart(readFileSync(join(split, '__wasm_split.js'), 'utf8'));
  let mainJs = readFileSync(join(bound, 'trifocal.js'), 'utf8');
  const mainWasm = readFileSync(join(work, 'main.wasm'));
  const names = {};
  for (const p of parts) {
    const buf = readFileSync(join(work, p));
    const page = p.match(/^split_([a-z]+)(?:_\d+)?\.wasm$/);
    // 10 hex digits (40 bits) are plenty to tell ~140 files apart, and every name is in the loader, which is
    // in the first load: each digit less is ~70 bytes of it less (brotli cannot shrink hex digits).
    names[p] = `${page ? page[1] : 'shared'}-${hash(buf).slice(0, 10)}.wasm`;
    writeFileSync(join(dist, names[p]), buf);
  }
  for (const [from, to] of Object.entries(names)) {
    const before = loader;
    loader = loader.split(`"./${from}"`).join(`"./${to}"`);
    if (loader === before) {
      console.error(`build-wasm: the loader does not name ${from}`);
      process.exit(1);
    }
  }
  // The brotli size of a file in dist/ as scripts/precompress.mjs writes it (the table's choice between a pack and
  // the files it holds).
  const brSize = (f) => brotli(readFileSync(join(dist, f))).length;
  const { packs, fused } = writePacks(loader, dist);
  loader = writeBootEarly(loader, dist);
  loader = writeTable(loader, dist, packs, fused, brSize);
  const h = hash(mainWasm, mainJs, loader);
  const js = `trifocal-${h}.js`, wasm = `trifocal-${h}_bg.wasm`, loaderJs = `trifocal-${h}-split.js`;
  // Only the import statements change: the key "./__wasm_split.js" of wasm-bindgen's import object is the wasm
  // import module's name and must stay.
  if (!mainJs.includes(' from "./__wasm_split.js"') || !loader.includes(' from "./trifocal.js"')) {
    console.error('build-wasm: unexpected import paths in the wasm-bindgen output or the loader');
    process.exit(1);
  }
  mainJs = mainJs.split(' from "./__wasm_split.js"').join(` from "./${loaderJs}"`);
  loader = loader.split(' from "./trifocal.js"').join(` from "./${js}"`);
  writeFileSync(join(dist, js), mainJs);
  writeFileSync(join(dist, loaderJs), loader);
  writeFileSync(join(dist, wasm), mainWasm);

  // 6. the boot script, as trunk writes it (bench/browser.mjs listens for TrunkApplicationStarted).
  const boot = `import init, * as bindings from './${js}';\n`
    + `const wasm = await init({ module_or_path: new URL('./${wasm}', import.meta.url) });\n`
    + 'window.wasmBindings = bindings;\n'
    + 'dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));\n';
  const bootJs = `boot-${hash(boot)}.js`;
  writeFileSync(join(dist, bootJs), boot);
  const file = join(dist, 'index.html');
  const html = readFileSync(file, 'utf8');
  if (!html.includes('</head>')) {
    console.error(`build-wasm: no </head> in ${file}`);
    process.exit(1);
  }
  writeFileSync(file, html.replace('</head>', `<link rel="modulepreload" href="./${js}">`
    + `<link rel="modulepreload" href="./${loaderJs}">`
    + `<link rel="preload" href="./${wasm}" as="fetch" type="application/wasm" crossorigin="anonymous">`
    + `<script type="module" src="./${bootJs}"></script>\n</head>`));
  console.log(`build-wasm: ${js}, ${wasm}, ${loaderJs}, ${parts.length} lazily loaded parts`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
