// After `vite build`: puts staticwebapp.config.json beside the build (Static Web Apps reads it from
// the output folder), then measures the JavaScript the first page load needs — the entry script and
// the modules index.html preloads — gzipped, prints it, and fails the build above the budget.
// Lazily loaded pages are not counted: they load when opened.
import { copyFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const BUDGET_BYTES = 200 * 1024;

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(web, 'dist');
copyFileSync(join(web, 'staticwebapp.config.json'), join(dist, 'staticwebapp.config.json'));

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const scripts = [
  ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
  ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
].map((m) => m[1]);
if (scripts.length === 0) throw new Error('web/dist/index.html loads no module script');
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html))
  throw new Error('web/dist/index.html has an inline script (the CSP forbids it)');

let total = 0;
for (const src of new Set(scripts)) {
  const bytes = gzipSync(readFileSync(join(dist, src.replace(/^\//, '')))).length;
  total += bytes;
  console.log(`  ${src}  ${(bytes / 1024).toFixed(1)} KB gzipped`);
}
const summary = `portal: initial JavaScript ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_BYTES / 1024} KB)`;
if (total > BUDGET_BYTES) {
  console.error(`${summary}: over budget. Load heavy pages with React.lazy (web/src/routes.tsx).`);
  process.exit(1);
}
console.log(summary);
