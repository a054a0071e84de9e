import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support';

const PHONE = { width: 360, height: 740 };

async function expectNoSidewaysScroll(page: Page) {
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width).toBeLessThanOrEqual(PHONE.width);
}

async function expectEveryLinkReachable(page: Page, names: string[]) {
	const menu = page.locator('details.narrow');
	await menu.getByText('Menu').click();
	const nav = menu.getByRole('navigation', { name: 'Điều hướng chính' });
	for (const name of names) {
		const item = nav.getByRole(name === 'Đăng xuất' ? 'button' : 'link', { name });
		await expect(item).toBeVisible();
		const box = (await item.boundingBox())!;
		expect(box.x).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
		expect(box.height).toBeGreaterThanOrEqual(44);
	}
	await expectNoSidewaysScroll(page);
}

test.describe('the menu on a 360 px phone', () => {
	test.use({ viewport: PHONE });

	test('shows every link of an organizer behind one Menu button, none off-screen', async ({
		page
	}) => {
		await signIn(page, 'tochuc@guongsang.vn');
		await page.goto('/');
		// The row of links of a wide screen is not shown on a phone.
		await expect(page.locator('nav.wide')).toBeHidden();
		await expectEveryLinkReachable(page, [
			'Trang chủ',
			'Vinh danh',
			'Thẩm định',
			'Quản trị',
			'Thông báo',
			'Tài khoản',
			'Đăng xuất'
		]);
		await page.locator('details.narrow').getByRole('link', { name: 'Tài khoản' }).click();
		await expect(page).toHaveURL(/\/tai-khoan$/);
		await expect(page.locator('details.narrow')).not.toHaveAttribute('open');
	});

	test.describe('without JavaScript', () => {
		test.use({ javaScriptEnabled: false });
		test('a visitor opens the menu and reaches sign-in and sign-up', async ({ page }) => {
			await page.goto('/vinh-danh');
			await expectEveryLinkReachable(page, ['Trang chủ', 'Vinh danh', 'Đăng nhập', 'Đăng ký']);
			await page.locator('details.narrow').getByRole('link', { name: 'Đăng ký' }).click();
			await expect(page).toHaveURL(/\/dang-ky$/);
		});
	});

	test("a player's game screen carries no site navigation", async ({ page }) => {
		await page.goto('/choi/ABCDEF');
		await expect(page.getByRole('navigation')).toHaveCount(0);
		await expect(page.getByText('Menu', { exact: true })).toHaveCount(0);
	});
});

test('a 1366 px screen shows the links in one row and no Menu button', async ({ page }) => {
	await page.setViewportSize({ width: 1366, height: 800 });
	await signIn(page, 'tochuc@guongsang.vn');
	await expect(page.locator('details.narrow')).toBeHidden();
	const row = page.locator('nav.wide');
	await expect(row.getByRole('link', { name: 'Tài khoản' })).toBeVisible();
	await expect(row.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();
});

const ADMIN_SECTIONS = [
	'Tổng quan',
	'Đơn vị',
	'Người dùng',
	'Đợt tôn vinh',
	'Bình chọn',
	'Câu hỏi',
	'Cuộc thi',
	'Khen thưởng',
	'Báo cáo',
	'Rung chuông vàng',
	'Nhật ký',
	'Thư đi',
	'Sao lưu'
];

async function expectSectionsInside(page: Page, width: number) {
	const nav = page.getByRole('navigation', { name: 'Quản trị' });
	for (const name of ADMIN_SECTIONS) {
		const link = nav.getByRole('link', { name, exact: true });
		await expect(link).toBeVisible();
		const box = (await link.boundingBox())!;
		expect(box.x, name).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width, name).toBeLessThanOrEqual(width);
	}
}

test("an administrator's sections are all on screen at 1366 px, none clipped", async ({ page }) => {
	await page.setViewportSize({ width: 1366, height: 800 });
	await signIn(page, 'quantri@guongsang.vn');
	await page.goto('/quan-tri/nhat-ky');
	await expectSectionsInside(page, 1366);
});

test.describe("an administrator's sections on a 360 px phone", () => {
	test.use({ viewport: PHONE, javaScriptEnabled: false });
	test('open from the current section, without JavaScript, and lead to the audit log', async ({
		page
	}) => {
		await signIn(page, 'quantri@guongsang.vn');
		await page.goto('/quan-tri/don-vi');
		const summary = page.locator('.admin-bar summary');
		await expect(summary).toHaveText(/Quản trị:\s*Đơn vị/);
		await summary.click();
		await expectSectionsInside(page, PHONE.width);
		await page
			.getByRole('navigation', { name: 'Quản trị' })
			.getByRole('link', { name: 'Nhật ký' })
			.click();
		await expect(page).toHaveURL(/\/quan-tri\/nhat-ky$/);
		await expect(page.locator('.admin-bar summary')).toHaveText(/Quản trị:\s*Nhật ký/);
		await expectNoSidewaysScroll(page);
	});
});
