#!/usr/bin/env node
// Draws static/the-chia-se.png, the 1200×630 picture apps show when a page without a photo of
// its own is shared (see ShareMeta.svelte). Run again after changing the brand: it uses the
// same browser as the end-to-end tests (Debian's Chromium, or Playwright's own).
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';

const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1200, height: 630 } });
await page.setContent(`<!doctype html><html lang="vi"><body style="margin:0">
<div style="box-sizing:border-box;width:1200px;height:630px;padding:80px 90px;display:flex;
 flex-direction:column;justify-content:space-between;font-family:'Noto Sans','DejaVu Sans',sans-serif;
 background:linear-gradient(160deg,#b3261e 0%,#8f1d17 70%);color:#fff">
 <div style="display:flex;align-items:center;gap:28px">
  <svg viewBox="0 0 64 64" width="120" height="120"><circle cx="32" cy="32" r="30" fill="#fff8e6"/>
  <path d="M32 12l5.9 12 13.1 1.9-9.5 9.3 2.2 13.1L32 42.1l-11.7 6.2 2.2-13.1-9.5-9.3L26.1 24z" fill="#c9971c"/></svg>
  <span style="font-size:84px;font-weight:700;color:#f2c94c">Gương Sáng</span>
 </div>
 <div style="font-size:46px;line-height:1.3;font-weight:600">Tôn vinh gương điển hình tiên tiến trong<br>
  học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh</div>
 <div style="font-size:34px;color:#fff8e6">Đề cử · Bình chọn · Thi tìm hiểu · Rung chuông vàng</div>
</div></body></html>`);
await page.screenshot({ path: 'static/the-chia-se.png' });
await browser.close();
console.log('static/the-chia-se.png');
