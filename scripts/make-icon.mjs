// Renders media/icon.png (128x128) from the SVG below with Debian's Chromium:
//   node scripts/make-icon.mjs media/icon.png
// The bands are the three owners (customer, shared, AWS) under a lens.
import { chromium } from 'playwright-core';
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
  <defs><clipPath id="c"><circle cx="54" cy="54" r="38"/></clipPath></defs>
  <rect x="4" y="4" width="120" height="120" rx="22" fill="#1b2533"/>
  <g clip-path="url(#c)">
    <rect x="10" y="10" width="88" height="30" fill="#f0932b"/>
    <rect x="10" y="40" width="88" height="28" fill="#a55eea"/>
    <rect x="10" y="68" width="88" height="30" fill="#3b8eea"/>
    <rect x="10" y="39" width="88" height="2" fill="#1b2533"/>
    <rect x="10" y="67" width="88" height="2" fill="#1b2533"/>
  </g>
  <circle cx="54" cy="54" r="38" fill="none" stroke="#e8edf3" stroke-width="9"/>
  <line x1="82" y1="82" x2="110" y2="110" stroke="#e8edf3" stroke-width="13" stroke-linecap="round"/>
</svg>`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.locator('svg').screenshot({ path: process.argv[2], omitBackground: true });
await browser.close();
