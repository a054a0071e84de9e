import { expect, test, type Browser, type Page } from '@playwright/test';
import { appNow, hydrated, runStamp, signIn, vietnamLocalInput } from './support';

// A poll of its own (no demo dates): the voted state at 360 px and 1366 px, the provisional
// results until the organizer's minimum of ballots, and the votes-by-day chart with one day.

test.describe.configure({ mode: 'serial' });

const stamp = runStamp();
const TITLE = `Bình chọn thử ${stamp}`;
let pollPath = '';

async function voter(browser: Browser, email: string, width: number): Promise<Page> {
	const context = await browser.newContext({ viewport: { width, height: 800 } });
	const page = await context.newPage();
	await signIn(page, email);
	return page;
}

test('the organizer sets a minimum of ballots on a new poll', async ({ page }) => {
	test.setTimeout(180_000);
	await signIn(page, 'tochuc@guongsang.vn');
	await page.goto('/quan-tri/binh-chon');
	await hydrated(page);
	// Options can be added until the poll opens: it opens on the minute after next.
	const now = await appNow(page.request);
	const opensAt = new Date(Math.ceil((now.getTime() + 30_000) / 60_000) * 60_000);
	await page.getByLabel('Tên cuộc bình chọn').fill(TITLE);
	await page.getByLabel('Đơn vị tổ chức').selectOption({ index: 1 });
	await page.getByLabel('Mở lúc (giờ Việt Nam)').fill(vietnamLocalInput(opensAt, 0));
	await page.getByLabel('Đóng lúc (giờ Việt Nam)').fill(vietnamLocalInput(opensAt, 7 * 86_400_000));
	await page.getByLabel('Cho phép mỗi người bình chọn lại mỗi ngày').check();
	await page.getByLabel('Ai được bình chọn').selectOption('accounts');
	await page.getByLabel('Số phiếu tối thiểu để kết quả chính thức').fill('3');
	await page.getByLabel('Công bố kết quả').selectOption('live');
	await page.getByRole('button', { name: 'Tạo cuộc bình chọn' }).click();
	await expect(page).toHaveURL(/\/quan-tri\/binh-chon\/\d+/);
	pollPath = new URL(page.url()).pathname.replace('/quan-tri', '');
	await hydrated(page);
	for (const name of ['Lê Thị Mai', 'Hoàng Văn Nam']) {
		await page.getByLabel('Tên phương án').fill(name);
		await page.getByRole('button', { name: 'Thêm phương án' }).click();
		await expect(page.getByText(name).first()).toBeVisible();
	}
	// The rule is kept with the poll once it is locked.
	await expect(page.getByLabel('Số phiếu tối thiểu để kết quả chính thức')).toHaveValue('3');
	const wait = opensAt.getTime() - (await appNow(page.request)).getTime() + 1_000;
	if (wait > 0) await page.waitForTimeout(wait);
});

for (const [email, width] of [
	['doanvien@guongsang.vn', 360],
	['canbo@guongsang.vn', 1366]
] as const) {
	test(`a voter at ${width} px sees they voted, the code and the next vote`, async ({
		browser
	}) => {
		const page = await voter(browser, email, width);
		await page.goto(pollPath);
		await hydrated(page);
		await page.getByLabel('Lê Thị Mai').check();
		await page.getByRole('button', { name: 'Gửi phiếu bình chọn' }).click();
		await expect(page.getByTestId('vote-recorded')).toContainText('Phiếu của bạn đã được ghi nhận');
		const code = (await page.getByTestId('tracking-code').textContent())!.trim();

		// The choices and the button rest: the page says why and when the next vote is.
		const voted = page.getByTestId('already-voted');
		await expect(voted).toContainText('Bạn đã bình chọn hôm nay');
		await expect(voted).toContainText(code);
		await expect(voted).toContainText(
			/Bạn có thể bình chọn lại từ lúc 00:00 ngày \d\d\/\d\d\/\d{4}\./
		);
		await expect(page.getByRole('button', { name: 'Gửi phiếu bình chọn' })).toHaveCount(0);
		await expect(page.getByLabel('Hoàng Văn Nam')).toBeDisabled();

		// Back later: the same.
		await page.reload();
		await expect(page.getByTestId('already-voted')).toContainText(code);
		await expect(page.getByLabel('Lê Thị Mai')).toBeDisabled();

		// Results are provisional below the organizer's minimum, counts beside the share.
		const results = page.locator('section.results');
		await expect(results.getByTestId('results-provisional')).toContainText(
			'Kết quả tạm thời: cuộc bình chọn vẫn đang mở; cần ít nhất 3 phiếu hợp lệ'
		);
		await expect(results).toContainText(/Lê Thị Mai\s*\d phiếu · 100%/);

		// One day of votes: one column, its date written once.
		await expect(results.getByTestId('chart-column')).toHaveCount(1);
		const axis = await results.locator('svg text').allTextContents();
		expect(axis).toHaveLength(1);
		expect(axis[0]).toMatch(/^\d\d\/\d\d\/\d{4}$/);
		const column = await results.getByTestId('chart-column').boundingBox();
		const chart = await results.locator('svg').boundingBox();
		expect(column!.width).toBeLessThan(chart!.width / 5);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			width
		);
		await page.context().close();
	});
}

test('with the third ballot the results are no longer short of the minimum', async ({
	browser
}) => {
	const page = await voter(browser, 'giamkhao@guongsang.vn', 1366);
	await page.goto(pollPath);
	await hydrated(page);
	await page.getByLabel('Hoàng Văn Nam').check();
	await page.getByRole('button', { name: 'Gửi phiếu bình chọn' }).click();
	await expect(page.getByTestId('already-voted')).toBeVisible();
	const note = page.getByTestId('results-provisional');
	// Still open, so provisional, but no longer for want of ballots.
	await expect(note).toHaveText('Kết quả tạm thời: cuộc bình chọn vẫn đang mở.');
	await page.context().close();
});

test('the file field and the browser’s checks speak Vietnamese', async ({ page }) => {
	await signIn(page, 'quantri@guongsang.vn');
	await page.goto('/quan-tri/don-vi/nhap');
	await hydrated(page);
	expect(await page.locator('html').getAttribute('lang')).toBe('vi');
	const field = page.getByLabel(/Tệp Excel/);
	await expect(page.getByTestId('file-chosen')).toHaveText('Chưa chọn tệp nào');
	await expect(page.locator('.picker .button')).toHaveText('Chọn tệp');
	// Sent without a file: the browser's refusal is ours, in Vietnamese.
	const message = await field.evaluate((input: HTMLInputElement) => {
		input.reportValidity();
		return input.validationMessage;
	});
	expect(message).toBe('Vui lòng chọn tệp.');
	await field.setInputFiles({ name: 'don-vi.csv', mimeType: 'text/csv', buffer: Buffer.from('a') });
	await expect(page.getByTestId('file-chosen')).toHaveText('don-vi.csv');
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
		page.viewportSize()!.width
	);
});
