// Renders the marketplace icon (media/icon.png, 128x128) from the activity-bar glyph (media/lw-coder.svg) with Debian's
// chromium, so the two never drift apart and no image tool beyond the test browser is needed.
// usage: node scripts/make-icon.mjs
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const glyph = readFileSync('media/lw-coder.svg', 'utf8').replaceAll('currentColor', '#ffffff');
const html = `<html><body style="margin:0;background:transparent">
<div style="width:128px;height:128px;border-radius:24px;background:linear-gradient(135deg,#2b6cb0,#1a365d);
display:flex;align-items:center;justify-content:center">
<div style="width:96px;height:96px">${glyph.replace('width="24" height="24"', 'width="96" height="96"')}</div></div></body></html>`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
await page.setContent(html);
await page.screenshot({ path: 'media/icon.png', omitBackground: true });
await browser.close();
console.log('wrote media/icon.png');
