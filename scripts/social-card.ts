/**
 * `npm run social-card`: draws public/images/social-card.png (1200x630), the picture link previews
 * show for pages without their own image, from the site name and description in
 * content/settings/site.yaml. Run it again after changing either. Needs Chromium (see README).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { settingsSchema } from '../src/schemas/settings.ts';
import { launchChromium } from './chromium.ts';

const root = process.cwd();
const settings = settingsSchema.parse(parse(await readFile(path.join(root, 'content/settings/site.yaml'), 'utf8')));
const logo = await readFile(path.join(root, 'public', settings.logo.src), 'utf8');
const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

const html = `<!doctype html><html><head><meta charset="utf-8"><style>
  body { margin: 0; width: 1200px; height: 630px; display: flex; flex-direction: column; justify-content: center;
    gap: 28px; padding: 0 90px; box-sizing: border-box; background: #0b3d63; color: #fff;
    font-family: 'DejaVu Sans', Arial, sans-serif; }
  .logo svg { width: 120px; height: 120px; }
  h1 { font-size: 68px; line-height: 1.1; margin: 0; }
  p { font-size: 32px; line-height: 1.35; margin: 0; color: #e6eef5; max-width: 1000px; }
  .bar { height: 10px; width: 220px; background: #ffd166; border-radius: 5px; }
</style></head><body>
  <div class="logo">${logo}</div>
  <h1>${escape(settings.siteName)}</h1>
  <div class="bar"></div>
  <p>${escape(settings.description)}</p>
</body></html>`;

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 630 } });
  await page.setContent(html);
  const out = path.join(root, 'public', settings.socialImage.src);
  await page.screenshot({ path: out, type: 'png' });
  console.log(`Wrote ${path.relative(root, out)}`);
} finally {
  await browser.close();
}
