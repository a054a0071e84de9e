import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { docxPart, paragraphs, tables } from '../../src/lib/server/testing/docx';
import { appNow, expectFitsPhone, expectNoSeriousA11yViolations, signIn } from './support';

// The year-end report on the demo's year: its two games were played 30 and 20 days before the
// server's first start, so the 60 days before the day before yesterday (from the app's clock)
// hold both, and none of the games other specs play today.
const day = (at: Date) => new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
const vn = (iso: string) => iso.split('-').reverse().join('/');

test('an organizer reads the report for any dates without JavaScript, and downloads it in Word and Excel', async ({
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, 'tochuc@guongsang.vn');
	await page.goto('/quan-tri/bao-cao');
	await page.getByRole('link', { name: 'Báo cáo tổng kết', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Báo cáo tổng kết', level: 1 })).toBeVisible();

	// Only one end of a period: the missing one is named at its box.
	const now = await appNow(page.request);
	const from = day(new Date(now.getTime() - 60 * 86_400_000));
	const to = day(new Date(now.getTime() - 2 * 86_400_000));
	await page.getByRole('spinbutton', { name: 'Năm' }).fill('');
	await page.getByLabel('Từ ngày').fill(from);
	await page.getByRole('button', { name: 'Xem báo cáo' }).click();
	await expect(page.getByText('Vui lòng nhập cả từ ngày và đến ngày.')).toBeVisible();

	await page.getByLabel('Đến ngày').fill(to);
	await page.getByRole('button', { name: 'Xem báo cáo' }).click();
	const label = `từ ngày ${vn(from)} đến ngày ${vn(to)}`;
	await expect(page.getByRole('heading', { name: `Tỉnh đoàn Gương Sáng, ${label}` })).toBeVisible();
	const figure = (name: string) =>
		page
			.locator('.figures div')
			.filter({ has: page.getByText(name, { exact: true }) })
			.locator('dd');
	await expect(figure('Rung chuông vàng')).toHaveText('2');
	const games = page.getByRole('figure').filter({ hasText: 'Bảng 6. Hội thi Rung chuông vàng' });
	await expect(games.getByRole('row')).toHaveCount(3);
	await expect(games.getByRole('row').nth(1)).toContainText(
		'Rung chuông vàng — Chung kết cấp tỉnh'
	);
	await expect(games.getByRole('row').nth(1).getByRole('cell').nth(4)).toHaveText('8');
	const pageAwards = await figure('Được khen thưởng').textContent();
	await expectFitsPhone(page);

	// The Word document says what the page says.
	const [word] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Tải báo cáo Word' }).click()
	]);
	expect(word.suggestedFilename()).toBe(`bao-cao-${from}-${to}-TDGS.docx`);
	const document = await docxPart(await readFile((await word.path())!), 'word/document.xml');
	const text = paragraphs(document);
	expect(text).toContain(
		`Kết quả công tác phát hiện, tuyên dương điển hình và tổ chức các cuộc thi ${label}`
	);
	expect(text.join('\n')).toContain(`Có ${pageAwards} lượt cá nhân, tập thể được khen thưởng`);
	const wordGames = tables(document).find((t) => t[0]?.[1] === 'Chương trình')!;
	expect(wordGames[1]?.[1]).toBe('Rung chuông vàng — Chung kết cấp tỉnh');
	expect(wordGames[1]?.[4]).toBe('8');

	const [excel] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Tải phụ lục Excel' }).click()
	]);
	expect(excel.suggestedFilename()).toBe(`bao-cao-${from}-${to}-TDGS-phu-luc.xlsx`);
	const book = new ExcelJS.Workbook();
	await book.xlsx.load((await readFile((await excel.path())!)) as unknown as ArrayBuffer);
	const sheet = book.getWorksheet('Rung chuông vàng')!;
	expect(sheet.getRow(1).getCell(1).value).toBe('Bảng 6. Hội thi Rung chuông vàng');
	expect(sheet.getRow(3).getCell(2).value).toBe('Rung chuông vàng — Chung kết cấp tỉnh');
	expect(sheet.getRow(3).getCell(5).value).toBe(8);
	await context.close();
});

test('the report page has no serious accessibility problems', async ({ page }) => {
	await signIn(page, 'huyendoan@guongsang.vn');
	await page.goto('/quan-tri/bao-cao/nam');
	await expect(
		page.getByRole('heading', { name: /^Huyện đoàn Đông Anh, năm \d{4}$/ })
	).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	// A district's organizer cannot ask for the province's report.
	await page.goto('/quan-tri/bao-cao/nam?unitId=1&year=2026');
	await expect(page.getByText('Không tìm thấy đơn vị trong phạm vi bạn quản lý.')).toBeVisible();
});
