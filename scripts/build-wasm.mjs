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
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  rules: 'alerts', trace: 'trace', compare: 'trace', correlate: 'trace', services: 'trace', dashboard: 'dashboard',
  dashboards: 'dashboard', d: 'dashboard', split: 'split',
};
// Patches wasm-split's loader so that, as it is evaluated (with the main module's JS, before the main wasm is
// in), it fetches and compiles the part of the page the address opens and that part's shared chunks, and the
// saved-settings reader when settings were saved (src/ui/mod.rs). The loader takes those very fetches when the
// app asks for the part: each file is fetched once (e2e/tests/boot_preload.test.js checks the network log).
function preloadRoutePart(loader) {
  const patch = (from, to) => {
    if (!loader.includes(from)) {
      console.error(`build-wasm: the loader has no ${JSON.stringify(from.slice(0, 60))}: preload patch out of date`);
      process.exit(1);
    }
    loader = loader.split(from).join(to);
  };
  // Every part compiles as it streams in, when it is fetched (early or not), not once the app asks for it.
  patch('    src.catch(() => {});\n    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));',
    '    const mod = WebAssembly.compileStreaming(src);\n    mod.catch(() => {});\n'
    + '    return async (imports) => WebAssembly.instantiate(await mod, imports);');
  // A fetch started early is taken (once) instead of a new one.
  patch('        const instantiate = fetcher();', '        const instantiate = __early.get(fetcher) || fetcher();\n        __early.delete(fetcher);');
  patch('        return loadingModule;\n    }\n}', '        return loadingModule;\n    };\n    load.prefetch = () => {\n'
    + '        if (loadingModule === undefined && !__early.has(fetcher)) __early.set(fetcher, fetcher());\n'
    + '        deps.forEach((d) => d.prefetch());\n    };\n    return load;\n}');
  patch('    let loadingModule = undefined;\n    return () => {', '    let loadingModule = undefined;\n    const load = () => {');
  loader = loader.replace(/wrapAsyncCb\(makeLoad\(/g, (m, off) => {
    const name = loader.slice(0, off).match(/__wasm_split_load_(\w+) = $/);
    return name ? `wrapAsyncCb(__parts.${name[1]} = makeLoad(` : m;
  });
  const routes = JSON.stringify(ROUTE_PARTS);
  loader = 'const __early = new Map();\nconst __parts = {};\n' + loader + `
{
    const page = (location.hash.replace(/^#\\/*/, '').split(/[/?]/)[0] || '').toLowerCase();
    const part = ${routes}[page];
    try {
        if (__parts.stored && localStorage.getItem('trifocal.datasources') !== null) __parts.stored.prefetch();
    } catch (e) {}
    if (part && __parts[part]) __parts[part].prefetch();
}
`;
  for (const part of new Set([...Object.values(ROUTE_PARTS), 'stored'])) {
    if (!loader.includes(`__parts.${part} = makeLoad(`)) {
      console.error(`build-wasm: the loader has no part "${part}" to preload`);
      process.exit(1);
    }
  }
  return loader;
}
const work = mkdtempSync(join(tmpdir(), 'trifocal-split-'));
try {
  const input = join(work, 'input.wasm');
  copyFileSync(artifact, input);

  // 2. split: main.wasm (still to be bound), split_<page>.wasm, chunk_<n>.wasm and __wasm_split.js.
  const split = join(work, 'split');
  run('wasm-split-cli', [input, split, '--out-name', 'trifocal']);

  // 3. wasm-bindgen on the main module only; the parts share its memory and table through the loader.
  const bound = join(work, 'bound');
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--keep-lld-exports', '--no-demangle',
    '--out-dir', bound, '--out-name', 'trifocal', join(split, 'trifocal.wasm')]);

  // 4. wasm-opt every part (the lazily loaded ones too).
  const parts = readdirSync(split).filter((f) => /^(split|chunk)_.*\.wasm$/.test(f)).sort();
  const opt = (from, to) => run('wasm-opt', ['-Oz', '--converge', '--strip-debug', '--strip-producers', from, '-o', to]);
  opt(join(bound, 'trifocal_bg.wasm'), join(work, 'main.wasm'));
  // TRIFOCAL_WASM_NAMES=<file>: also writes the main module optimised the same way but with its function names
  // kept (`-g`), for size attribution (`node bench/wasm-top.mjs <file>`; docs/decisions/0011-first-load-size.md).
  if (process.env.TRIFOCAL_WASM_NAMES) {
    run('wasm-opt', ['-Oz', '--converge', '-g', '--strip-dwarf', '--strip-producers', join(bound, 'trifocal_bg.wasm'), '-o', process.env.TRIFOCAL_WASM_NAMES]);
  }
  for (const p of parts) opt(join(split, p), join(work, p));

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
    names[p] = `${page ? page[1] : 'shared'}-${hash(buf)}.wasm`;
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
