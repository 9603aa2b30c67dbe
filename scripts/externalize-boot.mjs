// Moves trunk's inline boot script out of dist/index.html into a content-hashed file, so the page needs no
// inline script and the nginx recipe's Content-Security-Policy can be strict (script-src 'self').
// usage: node scripts/externalize-boot.mjs [dist]
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const dist = process.argv[2] || 'dist';
const file = join(dist, 'index.html');
const html = readFileSync(file, 'utf8');
const re = /<script type="module">([\s\S]*?)<\/script>/;
const m = html.match(re);
if (!m) {
  if (/<script type="module" src=/.test(html)) process.exit(0); // already done
  console.error('externalize-boot: no inline module script in', file);
  process.exit(1);
}
const body = m[1].trim() + '\n';
const name = `boot-${createHash('sha256').update(body).digest('hex').slice(0, 16)}.js`;
writeFileSync(join(dist, name), body);
writeFileSync(file, html.replace(re, `<script type="module" src="./${name}"></script>`));
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(readFileSync(file, 'utf8'))) {
  console.error('externalize-boot: an inline script is left in', file);
  process.exit(1);
}
console.log(`externalize-boot: ${name}`);
