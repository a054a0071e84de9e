import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import {
	expectFitsPhone,
	expectNoSeriousA11yViolations,
	hydrated,
	TICKET_MIN_AGE_MS,
	uniqueEmail
} from './support';

const phoneScreen = { viewport: { width: 360, height: 780 } };

test.describe('personal data (quyền riêng tư)', () => {
	test('the privacy page is reached from the footer, reads at 360 px and has no serious axe violation', async ({
		page
	}) => {
		await page.setViewportSize(phoneScreen.viewport);
		await page.goto('/vinh-danh');
		await page.getByRole('contentinfo').getByRole('link', { name: 'Quyền riêng tư' }).click();
		await expect(page).toHaveURL(/\/quyen-rieng-tu$/);
		await expect(
			page.getByRole('heading', { level: 1, name: 'Chính sách quyền riêng tư' })
		).toBeVisible();
		for (const heading of ['Ai chịu trách nhiệm', 'Giữ trong bao lâu', 'Quyền của bạn'])
			await expect(page.getByRole('heading', { name: heading })).toBeVisible();
		await hydrated(page);
		await expectFitsPhone(page);
		await expectNoSeriousA11yViolations(page);
	});

	test('sign-up without JavaScript refuses an unticked consent box, records a ticked one, and the person downloads their data', async ({
		browser
	}) => {
		const bare = await browser.newContext({ ...phoneScreen, javaScriptEnabled: false });
		const page = await bare.newPage();
		const account = {
			fullName: 'Đinh Thị Quyền Riêng',
			email: uniqueEmail('rieng-tu'),
			password: 'MatKhau@RiengTu1'
		};
		await page.goto('/dang-ky');
		const fill = async () => {
			await page.getByLabel('Họ và tên').fill(account.fullName);
			await page.getByLabel('Email').fill(account.email);
			await page.getByLabel('Mật khẩu', { exact: true }).fill(account.password);
			await page.getByLabel('Nhập lại mật khẩu').fill(account.password);
		};
		await fill();
		await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
		// Refused at the box, in Vietnamese; the rest of the form comes back filled in.
		await expect(
			page.getByText('Vui lòng đồng ý với việc xử lý dữ liệu cá nhân để tiếp tục.')
		).toBeVisible();
		await expect(page.getByLabel('Họ và tên')).toHaveValue(account.fullName);
		await page.getByLabel('Mật khẩu', { exact: true }).fill(account.password);
		await page.getByLabel('Nhập lại mật khẩu').fill(account.password);
		await page.getByRole('checkbox', { name: /^Tôi đồng ý/ }).check();
		// Without JavaScript the page's fresh ticket is the proof: it must be a few seconds old.
		await page.waitForTimeout(TICKET_MIN_AGE_MS);
		await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
		await expect(page).toHaveURL(/\/tai-khoan\?chao-mung=1$/);

		await page.getByRole('link', { name: 'Dữ liệu của tôi' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Dữ liệu của tôi' })).toBeVisible();
		await expect(page.getByText(/Đồng ý xử lý dữ liệu/)).toBeVisible();
		await expect(page.locator('dl')).toContainText('bản tai-khoan-');
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('link', { name: 'Tải về (JSON)' }).click()
		]);
		const data = JSON.parse(await readFile((await download.path())!, 'utf8'));
		expect(data.account).toMatchObject({
			email: account.email,
			fullName: account.fullName,
			consentVersion: expect.stringMatching(/^tai-khoan-/)
		});
		expect(data.contestRegistrations).toEqual([]);

		// A deletion request, still without JavaScript.
		await page.getByRole('button', { name: 'Gửi yêu cầu' }).click();
		await expect(page.getByText('Đã gửi yêu cầu.', { exact: false })).toBeVisible();
		await expect(page.getByText('Xoá dữ liệu cá nhân — ', { exact: false })).toBeVisible();

		// The same page with JavaScript: 360 px wide, no serious axe violation.
		const full = await browser.newContext(phoneScreen);
		await full.addCookies(await bare.cookies());
		const seen = await full.newPage();
		await seen.goto('/tai-khoan/du-lieu');
		await hydrated(seen);
		await expectFitsPhone(seen);
		await expectNoSeriousA11yViolations(seen);
		await full.close();
		await bare.close();
	});

	test('a guest files a request with JavaScript (proof of work) and without it (the page’s ticket)', async ({
		browser
	}) => {
		const fillGuest = async (page: Page, name: string) => {
			await page.getByLabel('Họ và tên').fill(name);
			await page.getByLabel('Số điện thoại đã đăng ký dự thi').fill('0977 000 222');
			await page.getByLabel('Nội dung (cuộc thi nào, thông tin cần sửa…)').fill('Xin xoá.');
		};
		const filed = 'Đã ghi nhận yêu cầu.';

		const full = await browser.newContext(phoneScreen);
		const page = await full.newPage();
		await page.goto('/quyen-rieng-tu');
		await hydrated(page);
		await fillGuest(page, 'Khách Có JavaScript');
		const challenge = page.waitForResponse('**/api/quyen-rieng-tu/thu-thach');
		await page.getByRole('button', { name: 'Gửi yêu cầu' }).click();
		await challenge;
		await expect(page.getByText(filed, { exact: false })).toBeVisible();
		await full.close();

		const bare = await browser.newContext({ ...phoneScreen, javaScriptEnabled: false });
		const plain = await bare.newPage();
		await plain.goto('/quyen-rieng-tu');
		await fillGuest(plain, 'Khách Không JavaScript');
		// Without JavaScript the page's ticket is the proof: it must be a few seconds old.
		await plain.waitForTimeout(TICKET_MIN_AGE_MS);
		await plain.getByRole('button', { name: 'Gửi yêu cầu' }).click();
		await expect(plain.getByText(filed, { exact: false })).toBeVisible();
		await bare.close();
	});
});
