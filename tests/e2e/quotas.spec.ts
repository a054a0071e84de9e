import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { expectFitsPhone, signIn } from './support';

// Per-unit quotas on the demo's open campaign ("Thanh niên sống đẹp", quota 2 per unit), where
// the seed gives Huyện đoàn Đông Anh 4 and Đoàn xã Xuân Nộn 1, and Uy Nỗ has sent one dossier.
test.describe.configure({ mode: 'serial' });

test('the organizer shares out places without JavaScript; officers read what is left', async ({
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, 'tochuc@guongsang.vn');
	await page.goto('/quan-tri/dot');
	await page.getByRole('link', { name: /Thanh niên sống đẹp/ }).click();
	await page.getByRole('link', { name: 'Phân bổ chỉ tiêu' }).click();
	await expect(page.getByRole('heading', { name: 'Phân bổ chỉ tiêu cho đơn vị' })).toBeVisible();
	await expect(page.getByLabel(/Huyện đoàn Đông Anh/)).toHaveValue('4');
	await expect(page.getByLabel(/Đoàn xã Xuân Nộn/)).toHaveValue('1');
	const uyNo = page.getByLabel(/Đoàn xã Uy Nỗ/);
	await expect(uyNo).toHaveValue('');
	await expect(uyNo).toHaveAttribute('placeholder', '2');

	// Fewer places than Uy Nỗ has used is refused at its box; nothing is saved.
	await uyNo.fill('0');
	await page.getByLabel(/Đoàn xã Xuân Nộn/).fill('2');
	await page.getByRole('button', { name: 'Lưu chỉ tiêu' }).click();
	await expect(page.getByRole('alert')).toHaveText('Có ô chưa hợp lệ: xem các ô được đánh dấu.');
	await expect(
		page.getByText('Đoàn xã Uy Nỗ đã dùng 1 suất: chỉ tiêu không thể thấp hơn số đó.')
	).toBeVisible();
	await expect(page.getByLabel(/Đoàn xã Uy Nỗ/)).toHaveAttribute('aria-invalid', 'true');

	await page.getByLabel(/Đoàn xã Uy Nỗ/).fill('3');
	await page.getByLabel(/Đoàn xã Xuân Nộn/).fill('1');
	await page.getByRole('button', { name: 'Lưu chỉ tiêu' }).click();
	await expect(page.getByRole('status')).toHaveText('Đã lưu 1 ô chỉ tiêu.');
	await page.reload();
	await expect(page.getByLabel(/Đoàn xã Uy Nỗ/)).toHaveValue('3');
	await expectFitsPhone(page);

	// The current table, downloaded, holds what the page shows.
	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Tải bảng chỉ tiêu hiện tại (.xlsx)' }).click();
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(
		(await readFile((await (await download).path())!)) as unknown as ArrayBuffer
	);
	const rows = workbook.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
	const row = (code: string) => rows.find((r) => r[1] === code)?.slice(1);
	expect(rows[0]!.slice(1)).toEqual(['Mã đơn vị', 'Tên đơn vị', 'Hạng mục', 'Số suất']);
	expect(row('XD-UYNO')).toEqual(['XD-UYNO', 'Đoàn xã Uy Nỗ', 'Thanh niên sống đẹp', '3']);
	expect(row('HD-DONGANH')?.[3]).toBe('4');
	await context.close();

	const officer = await (await browser.newContext()).newPage();
	await signIn(officer, 'canbo@guongsang.vn');
	await officer.goto('/de-cu');
	const card = officer.locator('article', { hasText: /Thanh niên sống đẹp/ });
	await expect(card.getByText('Thanh niên sống đẹp — còn 1/1 suất')).toBeVisible();
});
