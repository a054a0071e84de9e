import { expect, test, type Page } from '@playwright/test';
import {
	DEMO_PASSWORD,
	TICKET_MIN_AGE_MS,
	WRONG_CREDENTIALS,
	demoAccounts,
	hydrated,
	mainNav,
	register,
	signIn,
	submitSignIn,
	uniqueEmail
} from './support';

const whoami = (page: Page) => page.locator('header .whoami');

async function signOutFromHeader(page: Page) {
	await mainNav(page).getByRole('button', { name: 'Đăng xuất' }).click();
	await expect(page).toHaveURL(/\/$/);
	await expect(mainNav(page).getByRole('link', { name: 'Đăng nhập' })).toBeVisible();
	await expect(mainNav(page).getByRole('button', { name: 'Đăng xuất' })).toHaveCount(0);
}

test.describe('each demo role sees what it may, and only that', () => {
	for (const account of demoAccounts) {
		test(`${account.email} (${account.roleLabel})`, async ({ page }) => {
			await signIn(page, account.email);

			await expect(whoami(page)).toContainText(account.fullName);
			await expect(whoami(page)).toContainText(account.roleLabel);
			// Staff show their staff roles, not the membership every account holds.
			const staff = account.roleLabel !== 'Đoàn viên / thành viên';
			if (staff) await expect(whoami(page)).not.toContainText('Đoàn viên / thành viên');
			await expect(mainNav(page).getByRole('link', { name: 'Tài khoản' })).toBeVisible();
			await expect(mainNav(page).getByRole('link', { name: 'Đăng nhập' })).toHaveCount(0);

			const adminLink = mainNav(page).getByRole('link', { name: 'Quản trị' });
			if (account.administers) await expect(adminLink).toBeVisible();
			else await expect(adminLink).toHaveCount(0);

			// The account page lists the role with the unit it is held in.
			await page.goto('/tai-khoan');
			const facts = page.locator('dl');
			await expect(facts).toContainText(account.fullName);
			await expect(facts).toContainText(account.email);
			await expect(facts).toContainText(
				account.unitName ? `${account.roleLabel} — ${account.unitName}` : account.roleLabel
			);
			if (staff) await expect(facts).not.toContainText('Đoàn viên / thành viên');

			const admin = await page.goto('/quan-tri');
			if (account.administers) {
				expect(admin?.status()).toBe(200);
				await expect(page).toHaveURL(/\/quan-tri$/);
			} else {
				expect(admin?.status()).toBe(403);
				await expect(page.getByRole('heading', { level: 1 })).toHaveText('Không có quyền truy cập');
			}
		});
	}
});

test('an anonymous visitor is sent to sign in, and back to /quan-tri afterwards', async ({
	page
}) => {
	await page.goto('/');
	await expect(mainNav(page).getByRole('link', { name: 'Quản trị' })).toHaveCount(0);
	await expect(whoami(page)).toHaveCount(0);

	await page.goto('/quan-tri');
	await expect(page).toHaveURL(/\/dang-nhap\?redirectTo=%2Fquan-tri$/);
	await submitSignIn(page, 'quantri@guongsang.vn', DEMO_PASSWORD);
	await expect(page).toHaveURL(/\/quan-tri$/);
});

test('/quan-tri answers an anonymous request with a redirect to sign in', async ({ request }) => {
	const response = await request.get('/quan-tri', { maxRedirects: 0 });
	expect(response.status()).toBe(303);
	expect(response.headers()['location']).toBe('/dang-nhap?redirectTo=%2Fquan-tri');
});

test('a wrong password is refused with a Vietnamese message', async ({ page }) => {
	await page.goto('/dang-nhap');
	await submitSignIn(page, 'doanvien@guongsang.vn', 'không-phải-mật-khẩu');
	await expect(page.getByRole('alert').first()).toContainText(WRONG_CREDENTIALS);
	await expect(page).toHaveURL(/\/dang-nhap/);
	// The email stays filled in.
	await expect(page.getByLabel('Email')).toHaveValue('doanvien@guongsang.vn');
	await expect(mainNav(page).getByRole('button', { name: 'Đăng xuất' })).toHaveCount(0);
});

test('registering lands on the account page with a welcome, as a member of the chosen unit', async ({
	page
}) => {
	const account = {
		fullName: 'Vũ Thị Đăng Ký',
		email: uniqueEmail('dang-ky'),
		password: 'MatKhau@Moi2026',
		unitName: 'Đoàn xã Uy Nỗ'
	};
	// The browser solves a proof of work first and sends it with the form.
	const challenge = page.waitForResponse('**/api/tai-khoan/thu-thach');
	const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/dang-ky'));
	await register(page, account);
	expect((await challenge).status()).toBe(200);
	const body = new URLSearchParams((await sent).postData() ?? '');
	expect(body.get('altcha')).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
	await expect(page).toHaveURL(/\/tai-khoan\?chao-mung=1$/);
	await expect(page.getByRole('status')).toContainText(
		`Chào mừng ${account.fullName}! Tài khoản đã được tạo.`
	);
	await expect(whoami(page)).toContainText(account.fullName);
	await expect(page.locator('dl')).toContainText('Đoàn viên / thành viên — Đoàn xã Uy Nỗ');
	await expect(mainNav(page).getByRole('link', { name: 'Quản trị' })).toHaveCount(0);

	// The same email cannot register twice.
	await signOutFromHeader(page);
	await register(page, account);
	await expect(page).toHaveURL(/\/dang-ky/);
	await expect(page.getByRole('alert').first()).toContainText('Email này đã được đăng ký.');
});

test('after a password change the old password no longer signs in', async ({ page }) => {
	const oldPassword = 'MatKhau@Cu2026';
	const newPassword = 'MatKhau@Moi2026';
	const email = uniqueEmail('doi-mk');
	await register(page, { fullName: 'Ngô Văn Đổi', email, password: oldPassword });
	await expect(page).toHaveURL(/\/tai-khoan/);

	await hydrated(page);
	const form = page.locator('form[action="?/changePassword"]');
	// A wrong current password changes nothing.
	await form.getByLabel('Mật khẩu hiện tại').fill('sai-mat-khau');
	await form.getByLabel('Mật khẩu mới', { exact: true }).fill(newPassword);
	await form.getByLabel('Nhập lại mật khẩu mới').fill(newPassword);
	await form.getByRole('button', { name: 'Đổi mật khẩu' }).click();
	await expect(page.getByRole('alert').first()).toContainText('Mật khẩu hiện tại không đúng.');

	await form.getByLabel('Mật khẩu hiện tại').fill(oldPassword);
	await form.getByLabel('Mật khẩu mới', { exact: true }).fill(newPassword);
	await form.getByLabel('Nhập lại mật khẩu mới').fill(newPassword);
	await form.getByRole('button', { name: 'Đổi mật khẩu' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Đã đổi mật khẩu.' })).toBeVisible();
	// This browser keeps its (new) session.
	await page.reload();
	await expect(whoami(page)).toContainText('Ngô Văn Đổi');

	await signOutFromHeader(page);
	await page.goto('/dang-nhap');
	await submitSignIn(page, email, oldPassword);
	await expect(page.getByRole('alert').first()).toContainText(WRONG_CREDENTIALS);

	await submitSignIn(page, email, newPassword);
	await expect(page).toHaveURL(/\/$/);
	await expect(whoami(page)).toContainText('Ngô Văn Đổi');
});

test('signing out ends the session', async ({ page, context }) => {
	await signIn(page, 'giamkhao@guongsang.vn');
	await signOutFromHeader(page);
	expect((await context.cookies()).find((c) => c.name === 'gs_session')).toBeUndefined();
	await page.goto('/tai-khoan');
	await expect(page).toHaveURL(/\/dang-nhap\?redirectTo=%2Ftai-khoan$/);
});

test('a password change signs out the other devices', async ({ browser }) => {
	const email = uniqueEmail('thiet-bi');
	const password = 'MatKhau@Cu2026';
	const first = await browser.newContext();
	const second = await browser.newContext();
	try {
		const a = await first.newPage();
		await register(a, { fullName: 'Đinh Thị Hai Máy', email, password });
		await expect(a).toHaveURL(/\/tai-khoan/);
		const b = await second.newPage();
		await signIn(b, email, password);

		await hydrated(a);
		const form = a.locator('form[action="?/changePassword"]');
		await form.getByLabel('Mật khẩu hiện tại').fill(password);
		await form.getByLabel('Mật khẩu mới', { exact: true }).fill('MatKhau@Moi2026');
		await form.getByLabel('Nhập lại mật khẩu mới').fill('MatKhau@Moi2026');
		await form.getByRole('button', { name: 'Đổi mật khẩu' }).click();
		await expect(a.getByRole('status').filter({ hasText: 'Đã đổi mật khẩu.' })).toBeVisible();

		await b.goto('/tai-khoan');
		await expect(b).toHaveURL(/\/dang-nhap\?redirectTo=%2Ftai-khoan$/);
	} finally {
		await first.close();
		await second.close();
	}
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('sign in, a wrong password, and sign out all work as plain forms', async ({ page }) => {
		await page.goto('/dang-nhap');
		await submitSignIn(page, 'canbo@guongsang.vn', 'sai-mat-khau-roi');
		await expect(page.getByRole('alert').first()).toContainText(WRONG_CREDENTIALS);

		await submitSignIn(page, 'canbo@guongsang.vn', DEMO_PASSWORD);
		await expect(page).toHaveURL(/\/$/);
		await expect(whoami(page)).toContainText('Phạm Minh Cán Bộ');

		await signOutFromHeader(page);
	});

	test('registering works as a plain form, by the page ticket once it is a few seconds old', async ({
		page
	}) => {
		const account = {
			fullName: 'Bùi Văn Không JS',
			email: uniqueEmail('khong-js'),
			password: 'MatKhau@KhongJS1'
		};
		// Sent within a second of the page: refused, the fields kept but the passwords.
		await register(page, account);
		await expect(page).toHaveURL(/\/dang-ky$/);
		await expect(page.getByRole('alert').first()).toContainText(
			'Biểu mẫu được gửi quá nhanh sau khi mở trang. Vui lòng chờ vài giây rồi gửi lại.'
		);
		await expect(page.getByLabel('Email')).toHaveValue(account.email);
		// A person takes longer than a few seconds to fill the form in.
		await page.waitForTimeout(TICKET_MIN_AGE_MS);
		await page.getByLabel('Mật khẩu', { exact: true }).fill(account.password);
		await page.getByLabel('Nhập lại mật khẩu').fill(account.password);
		await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
		await expect(page).toHaveURL(/\/tai-khoan\?chao-mung=1$/);
		await expect(page.getByRole('status')).toContainText(`Chào mừng ${account.fullName}!`);
		await expect(page.locator('dl')).toContainText('Không thuộc đơn vị nào');
	});
});
