import { serve } from './scripts/static-server.ts';
import { launchChromium } from './scripts/chromium.ts';
const server = await serve('/tmp/walk-dist');
const browser = await launchChromium();
const id = process.argv[2];
const pages = ['/challenge/2022/', '/micro-credentials/innovation-skills/how-to-earn/', '/micro-credentials/innovation-skills/', '/faq/', `/credentials/${id}/`, `/verify/?id=${id}`, '/'];
for (const width of [390, 1280]) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  for (const p of pages) {
    await page.goto(server.origin + p);
    await page.waitForTimeout(p.startsWith('/verify') || p.startsWith('/credentials') ? 2500 : 200);
    const name = p.replace(/[^a-z0-9]+/gi, '_').slice(0, 40);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    console.log(width, p, 'overflow', overflow);
    await page.screenshot({ path: `/tmp/scratch/walk/${name}-${width}.png`, fullPage: true });
  }
  await page.close();
}
await browser.close();
await server.close();
