// What a phone downloads to read a story with photos, in headless Chromium: every
// response of a fresh page load at 360 px wide, text counted gzip-compressed (as any
// static host serves it), images as they are. "fold" is the first screen; "read" is
// after scrolling to the end, which fetches the lazy photos too. Usage:
//   node bench/images.mjs OUTPUT_DIR path…        (run from the repository root)
import { gzipSync } from 'node:zlib';
import { launch } from '../tests/browser/lib.mjs';
import { serveDir } from './serve.mjs';

const [dir, ...paths] = process.argv.slice(2);
const { server, port } = serveDir(dir);
const browser = await launch();
const kb = (n) => (n / 1024).toFixed(1).padStart(7);
console.log('page'.padEnd(48), 'dpr', '   fold KB', '   read KB', ' of which photos', ' photo files');
for (const p of paths) {
  for (const dpr of [1, 2, 3]) {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: dpr });
    const page = await ctx.newPage();
    const seen = [];
    page.on('response', async (r) => {
      try {
        const body = await r.body();
        const type = r.headers()['content-type'] || '';
        const image = /\.(jpe?g|png|webp|gif)$/.test(new URL(r.url()).pathname);
        seen.push({ url: new URL(r.url()).pathname, image, bytes: image || type.includes('octet') ? body.length : gzipSync(body).length });
      } catch {}
    });
    await page.goto(`http://127.0.0.1:${port}${p}`, { waitUntil: 'networkidle' });
    const fold = seen.reduce((s, r) => s + r.bytes, 0);
    await page.evaluate(async () => {
      for (let y = 0; y < document.body.scrollHeight; y += 400) { window.scrollTo(0, y); await new Promise((r) => setTimeout(r, 60)); }
    });
    await page.waitForLoadState('networkidle');
    const read = seen.reduce((s, r) => s + r.bytes, 0);
    const photos = seen.filter((r) => r.image);
    console.log(p.padEnd(48), String(dpr).padStart(3), kb(fold).padStart(10), kb(read).padStart(10), kb(photos.reduce((s, r) => s + r.bytes, 0)).padStart(16), ' ' + photos.map((r) => r.url.split('/').pop()).join(' '));
    await ctx.close();
  }
}
await browser.close();
server.close();
