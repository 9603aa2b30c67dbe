// The compression of the files nginx serves precompressed (scripts/precompress.mjs writes them; scripts/build-wasm.mjs
// sizes the parts and packs with the same settings, so the loader's table weighs what is sent).
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Brotli at quality 11, as the `.br` copies. */
export const brotli = (buf) => brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length } });

/** Gzip at level 9, as the `.gz` copies. */
export const gzip = (buf) => gzipSync(buf, { level: 9 });
