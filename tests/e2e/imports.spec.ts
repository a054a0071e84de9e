import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { runStamp, signIn } from './support';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function upload(workbook: ExcelJS.Workbook, name: string) {
	return { name, mimeType: XLSX, buffer: Buffer.from(await workbook.xlsx.writeBuffer()) };
}

test.describe('imports of real office files, without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('an organizer imports a unit list with a title, a merged header and an STT column', async ({
		page
	}) => {
		await signIn(page, 'tochuc@guongsang.vn');
		const stamp = runStamp().toUpperCase();
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Đơn vị');
		sheet.addRow(['TỈNH ĐOÀN GƯƠNG SÁNG']);
		sheet.addRow(['DANH SÁCH ĐƠN VỊ TRỰC THUỘC']);
		sheet.addRow(['STT', 'Đơn vị', '', 'Loại đơn vị', 'Số đoàn viên', 'Mã đơn vị cấp trên']);
		sheet.addRow(['', 'Tên', 'Mã', '', '', '']);
		for (const range of ['A3:A4', 'B3:C3', 'D3:D4', 'E3:E4', 'F3:F4']) sheet.mergeCells(range);
		sheet.addRow([1, `Chi đoàn Văn phòng ${stamp}`, `VP-${stamp}`, 'Chi đoàn', 25, 'HD-DONGANH']);
		sheet.addRow([2, `Chi đoàn Kỹ thuật ${stamp}`, `KT-${stamp}`, 'Chi đoàn', 31, 'HD-DONGANH']);

		await page.goto('/quan-tri/don-vi/nhap');
		await page.getByLabel(/Tệp Excel/).setInputFiles(await upload(workbook, 'don-vi.xlsx'));
		await page.getByRole('button', { name: 'Nhập', exact: true }).click();
		await expect(page.getByText('Đã nhập 2 / 2 dòng')).toBeVisible();
	});

	test('an organizer imports a public bank, then approves the whole selection at once', async ({
		page
	}) => {
		await signIn(page, 'tochuc@guongsang.vn');
		const stamp = runStamp();
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Câu hỏi');
		sheet.addRow(['BỘ CÂU HỎI TRẮC NGHIỆM']);
		sheet.addRow(['STT', 'Câu hỏi', 'A', 'B', 'C', 'D', 'Đáp án', 'Chủ đề', 'Nguồn']);
		for (let i = 1; i <= 3; i++)
			sheet.addRow([
				i,
				`Câu hỏi số ${i} của bộ công khai (${stamp})?`,
				'Một',
				'Hai',
				'Ba',
				'Bốn',
				'B',
				'Lịch sử Đoàn',
				'Lịch sử Đoàn TNCS Hồ Chí Minh'
			]);

		await page.goto('/quan-tri/cau-hoi/nhap');
		await page.getByLabel(/Tệp Excel/).setInputFiles(await upload(workbook, 'bo-cau-hoi.xlsx'));
		await page.getByRole('button', { name: 'Nhập', exact: true }).click();
		await expect(page.getByText('Đã nhập 3 / 3 dòng')).toBeVisible();
		await expect(page.getByText(/3 dòng để trống Mức độ .*đã ghi là Trung bình/)).toBeVisible();

		await page.goto(`/quan-tri/cau-hoi?q=${stamp}&status=draft`);
		const boxes = page.locator('tbody').getByRole('checkbox');
		await expect(boxes).toHaveCount(3);
		await page.getByRole('link', { name: 'Chọn tất cả 3 câu chờ duyệt' }).click();
		for (const box of await boxes.all()) await expect(box).toBeChecked();
		await page.getByRole('button', { name: 'Duyệt các câu đã chọn' }).click();
		await expect(page.getByRole('status')).toContainText('Đã duyệt 3 câu hỏi.');

		await page.goto(`/quan-tri/cau-hoi?q=${stamp}`);
		await expect(page.locator('tbody tr')).toHaveCount(3);
		await expect(page.locator('tbody').getByText('Đã duyệt')).toHaveCount(3);
	});
});
