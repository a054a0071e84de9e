import { expect, test } from '@playwright/test';
import { appNow, confirmStep, runStamp, signIn, vietnamLocalInput } from './support';

// "Sao chép thành bản nháp năm sau" on a contest and on a poll, without JavaScript: the copy's
// admin page opens with its year moved on; a contest copy stays hidden until it is published.
test.describe.configure({ mode: 'serial' });

test('an organizer copies a contest as a draft, checks it is hidden, and publishes it', async ({
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, 'tochuc@guongsang.vn');
	const now = await appNow(page.request);
	const year = Number(vietnamLocalInput(now, 86_400_000).slice(0, 4));
	const stamp = runStamp();
	await page.goto('/quan-tri/cuoc-thi');
	await page.getByLabel('Đơn vị tổ chức').selectOption({ label: 'Tỉnh đoàn Gương Sáng (TDGS)' });
	await page.getByLabel('Tên cuộc thi').fill(`Tìm hiểu Điều lệ Đoàn năm ${year} ${stamp}`);
	await page.getByRole('button', { name: 'Tạo cuộc thi' }).click();
	await page.getByLabel('Tên tuần thi').fill(`Tuần 1 năm ${year}`);
	await page.getByLabel('Mở lúc', { exact: true }).fill(vietnamLocalInput(now, 86_400_000));
	await page.getByLabel('Đóng lúc', { exact: true }).fill(vietnamLocalInput(now, 8 * 86_400_000));
	await page.getByRole('button', { name: 'Thêm tuần thi' }).click();
	await expect(page.getByRole('cell', { name: `Tuần 1 năm ${year}` })).toBeVisible();

	await page.getByRole('button', { name: 'Sao chép thành bản nháp năm sau' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		`Tìm hiểu Điều lệ Đoàn năm ${year + 1} ${stamp}`
	);
	await expect(page.getByRole('status')).toContainText('Đã tạo bản nháp từ cuộc thi năm trước');
	await expect(page.getByRole('heading', { name: 'Bản nháp — chưa công khai' })).toBeVisible();
	const round = page.getByRole('row', { name: new RegExp(`Tuần 1 năm ${year + 1}`) });
	await expect(round).toContainText(`/${year + 1}`);
	const publicPath = new URL(page.url()).pathname.replace('/quan-tri', '');

	// Nobody else sees the draft.
	const visitor = await browser.newContext({ javaScriptEnabled: false });
	const stranger = await visitor.newPage();
	expect((await stranger.goto(publicPath))!.status()).toBe(404);

	await page.getByRole('button', { name: 'Công bố cuộc thi' }).click();
	await confirmStep(page, 'Công bố cuộc thi?', '1 tuần thi');
	await expect(page.getByRole('status')).toContainText('Đã công bố cuộc thi.');
	await expect(page.getByRole('heading', { name: 'Bản nháp — chưa công khai' })).toHaveCount(0);
	expect((await stranger.goto(publicPath))!.status()).toBe(200);
	await expect(stranger.getByRole('heading', { level: 1 })).toContainText(`năm ${year + 1}`);
	await visitor.close();
	await context.close();
});

test('an organizer copies a poll to next year; it opens only a year on', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, 'tochuc@guongsang.vn');
	const now = await appNow(page.request);
	const year = Number(vietnamLocalInput(now, 86_400_000).slice(0, 4));
	const stamp = runStamp();
	await page.goto('/quan-tri/binh-chon');
	await page.getByLabel('Tên cuộc bình chọn').fill(`Thanh niên tiêu biểu ${year} ${stamp}`);
	await page.getByLabel('Đơn vị tổ chức').selectOption({ label: 'Tỉnh đoàn Gương Sáng (TDGS)' });
	await page.getByLabel('Mở lúc (giờ Việt Nam)').fill(vietnamLocalInput(now, 86_400_000));
	await page.getByLabel('Đóng lúc (giờ Việt Nam)').fill(vietnamLocalInput(now, 3 * 86_400_000));
	await page.getByRole('button', { name: 'Tạo cuộc bình chọn' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		`Thanh niên tiêu biểu ${year} ${stamp}`
	);

	await page.getByRole('button', { name: 'Sao chép thành bản nháp năm sau' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		`Thanh niên tiêu biểu ${year + 1} ${stamp}`
	);
	await expect(page.getByRole('status')).toContainText('Đã sao chép từ cuộc bình chọn năm trước');
	await expect(page.getByText('Sắp mở')).toBeVisible();
	await context.close();
});
