// Screenshots for looking at pages as a reader: node shoot.mjs BASE OUTDIR path...
// Each path is taken at 360 px (phone) and 1280 px (desktop), full page.
import { launch } from './lib.mjs';
const [base, outDir, ...paths] = process.argv.slice(2);
const browser = await launch();
for (const [name, width] of [['phone', 360], ['desktop', 1280]]) {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  for (const p of paths) {
    await page.goto(base + p, { waitUntil: 'networkidle' });
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    const file = `${outDir}/${name}-${p.replace(/[^a-z0-9]+/gi, '_') || 'home'}.png`;
    await page.screenshot({ path: file, fullPage: true });
    console.log(file, 'scrollWidth', scroll);
  }
  await page.close();
}
await browser.close();
