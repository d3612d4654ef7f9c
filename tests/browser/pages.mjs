// Pages as readers see them: no serious or critical axe-core violations and no sideways
// scrolling at 360 px. Usage: node pages.mjs BASE_URL path…
import { launch } from './lib.mjs';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [base, ...paths] = process.argv.slice(2);
const browser = await launch();
let failed = 0;
for (const width of [360, 1280]) {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  for (const p of paths) {
    const res = await page.goto(base + p.replace(/^\//, ''), { waitUntil: 'networkidle' });
    if (!res || !res.ok()) { failed++; console.log(`FAIL ${width}px ${p}: HTTP ${res && res.status()}`); continue; }
    await page.addScriptTag({ content: axeSource });
    const r = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    const problems = bad.map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`);
    if (sw > cw) problems.push(`scrolls sideways: ${sw} > ${cw}`);
    if (problems.length) { failed++; console.log(`FAIL ${width}px ${p}: ${problems.join('; ')}`); } else console.log(`ok   ${width}px ${p}`);
  }
  await page.close();
}
await browser.close();
console.log(`${paths.length * 2 - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
