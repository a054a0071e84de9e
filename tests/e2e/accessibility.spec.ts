import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, signIn, submitSignIn } from './support';

// axe-core: no 'serious' or 'critical' violation on the public pages and the account page.
for (const [name, path] of [
	['home', '/'],
	['sign-in', '/dang-nhap'],
	['register', '/dang-ky']
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
