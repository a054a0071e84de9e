import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { hydrated, pdfText, signIn } from './support';

// The host downloads the hall's join poster from the console; the PDF names the game's code
// and its join link. An organizer of another unit gets 404 at the same address.
const GAME = 'Rung chuông vàng — Tìm hiểu lịch sử Đoàn';

test('the host downloads the join poster from the console', async ({ page, browser, baseURL }) => {
	await signIn(page, 'tochuc@guongsang.vn');
	await page.goto('/quan-tri/rung-chuong-vang');
	await page.getByRole('link', { name: GAME }).click();
	await hydrated(page);
	const code = (await page.locator('strong.code').textContent())!.trim();
	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Áp phích tham gia' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toBe(`rung-chuong-vang-${code}-ap-phich.pdf`);
	const text = await pdfText(new Uint8Array(await readFile((await file.path())!)));
	expect(text).toContain(code);
	expect(text).toContain(`${baseURL}/choi/${code}`);

	const other = await browser.newPage();
	await signIn(other, 'huyendoan@guongsang.vn');
	const refused = await other.request.get(`/quan-tri/rung-chuong-vang/${code}/in/ap-phich`);
	expect(refused.status()).toBe(404);
	await other.close();
});
