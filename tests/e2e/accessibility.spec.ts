import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, signIn, submitSignIn } from './support';

// axe-core: no 'serious' or 'critical' violation on the public pages and the account page.
for (const [name, path] of [
	['home', '/'],
	['sign-in', '/dang-nhap'],
	['register', '/dang-ky'],
	['forgotten password', '/quen-mat-khau'],
	['unusable password link', '/mat-khau-moi/lien-ket-khong-dung']
] as const) {
	test(`${name} page (${path}) has no serious accessibility violations`, async ({ page }) => {
		const response = await page.goto(path);
		expect(response?.status()).toBe(200);
		await expectNoSeriousA11yViolations(page);
	});
}

test('sign-in page showing an error has no serious accessibility violations', async ({ page }) => {
	await page.goto('/dang-nhap');
	await submitSignIn(page, 'khong-co-ai@example.vn', 'sai-mat-khau');
	await expect(page.getByRole('alert').first()).toBeVisible();
	await expectNoSeriousA11yViolations(page);
});

test('account page has no serious accessibility violations', async ({ page }) => {
	await signIn(page, 'tochuc@guongsang.vn');
	await page.goto('/tai-khoan');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tài khoản của tôi');
	await expectNoSeriousA11yViolations(page);
});

test('the campaign page has no serious accessibility violations', async ({ page }) => {
	expect((await page.goto('/dot/1'))?.status()).toBe(200);
	await expectNoSeriousA11yViolations(page);
});

for (const [who, email, paths] of [
	['an officer', 'canbo@guongsang.vn', ['/de-cu', '/de-cu/1', '/thong-bao']],
	[
		'an organizer',
		'tochuc@guongsang.vn',
		[
			'/tham-dinh',
			'/quan-tri/dot/1',
			'/quan-tri/don-vi',
			'/quan-tri/nguoi-dung',
			'/quan-tri/nhat-ky',
			'/quan-tri/cuoc-thi',
			'/quan-tri/cuoc-thi/1',
			'/quan-tri/cau-hoi',
			'/quan-tri/cau-hoi?status=draft&chon=tat-ca',
			'/quan-tri/cau-hoi/nhap',
			'/quan-tri/rung-chuong-vang'
		]
	],
	['an administrator', 'quantri@guongsang.vn', ['/quan-tri/sao-luu']]
] as const) {
	// One test per page: a page's axe run takes seconds on a loaded machine.
	for (const path of paths) {
		test(`${path}, as ${who} works in it, has no serious accessibility violations`, async ({
			page
		}) => {
			await signIn(page, email);
			expect((await page.goto(path))?.status(), path).toBe(200);
			await expectNoSeriousA11yViolations(page);
		});
	}
}
