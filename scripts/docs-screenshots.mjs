#!/usr/bin/env node
// Takes the screenshots in docs/img from a running app with the demo data, as a 360 px phone:
//   node scripts/docs-screenshots.mjs http://localhost:3000
// (the confirmation step's picture is written by tests/e2e/confirmations.spec.ts).
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';

const base = process.argv[2] ?? 'http://localhost:3000';
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
const phone = { viewport: { width: 360, height: 740 }, locale: 'vi-VN', deviceScaleFactor: 1 };

const visitor = await browser.newPage(phone);
await visitor.goto(`${base}/`);
await visitor.screenshot({ path: 'docs/img/home.png', fullPage: true });
await visitor.goto(`${base}/vinh-danh`);
await visitor.locator('ul.models').scrollIntoViewIfNeeded();
await visitor.screenshot({ path: 'docs/img/honour-roll.png' });

const organizer = await browser.newPage(phone);
await organizer.goto(`${base}/dang-nhap`);
await organizer.getByLabel('Email').fill('tochuc@guongsang.vn');
await organizer.getByLabel('Mật khẩu', { exact: true }).fill('GuongSang@2026');
await organizer.getByRole('button', { name: 'Đăng nhập' }).click();
await organizer.waitForURL((url) => !url.pathname.startsWith('/dang-nhap'));
await organizer.locator('details.narrow summary').click();
await organizer.screenshot({ path: 'docs/img/phone-menu.png' });

await browser.close();
console.log('docs/img/home.png, docs/img/honour-roll.png, docs/img/phone-menu.png');
