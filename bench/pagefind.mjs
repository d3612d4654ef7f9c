// What a query costs with Pagefind on the same built site, measured like search.mjs:
// bytes fetched (raw and gzip) and requests until 20 results' data are loaded.
//   npx pagefind --site OUT --glob "**/bai-*/index.html"   (npm package `pagefind`)
//   node bench/pagefind.mjs OUT [query…]
import { gzipSync } from 'node:zlib';
import { launch } from '../tests/browser/lib.mjs';
import { serveDir } from './serve.mjs';

const [dir, ...qs] = process.argv.slice(2);
const queries = qs.length ? qs : ['dang', 'nghia lo', 'chi bo dang', '"thi dua"', 'ngh', 'xyzzyq'];
const page_html = '<!doctype html><meta charset="utf-8"><title>pf</title><script type="module">window.run = async (q) => { const pf = await import("/pagefind/pagefind.js"); const r = await pf.search(q); const d = await Promise.all(r.results.slice(0, 20).map((x) => x.data())); return [r.results.length, d.length]; };</script>';
const { server, port } = serveDir(dir, { '/__pf.html': page_html });
const browser = await launch();
console.log('query'.padEnd(16), 'requests', 'raw KB'.padStart(8), 'transfer KB'.padStart(12), 'results'.padStart(8), 'ms'.padStart(7));
for (const q of queries) {
  const page = await browser.newPage();
  const seen = [];
  page.on('response', async (r) => { if (new URL(r.url()).pathname.startsWith('/pagefind/')) { try { seen.push(await r.body()); } catch {} } });
  await page.goto(`http://127.0.0.1:${port}/__pf.html`, { waitUntil: 'networkidle' });
  const t0 = Date.now();
  const [n] = await page.evaluate((q) => window.run(q), q);
  await page.waitForLoadState('networkidle');
  const ms = Date.now() - t0;
  // Pagefind's index files are already gzip-compressed; the JS and WASM are compressed by the host.
  const raw = seen.reduce((s, b) => s + b.length, 0);
  const gz = seen.reduce((s, b) => s + Math.min(b.length, gzipSync(b).length), 0);
  console.log(q.padEnd(16), String(seen.length).padStart(8), (raw / 1024).toFixed(1).padStart(8), (gz / 1024).toFixed(1).padStart(12), String(n).padStart(8), String(ms).padStart(7));
  await page.close();
}
await browser.close();
server.close();
