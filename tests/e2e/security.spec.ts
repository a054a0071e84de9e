import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, mainNav, submitSignIn } from './support';

const EVIL = 'http://evil.example';
const credentials = { email: 'quantri@guongsang.vn', password: DEMO_PASSWORD };

test.describe('cross-site writes are refused', () => {
	test('a form post from another site gets 403 and no session', async ({ request }) => {
		const response = await request.post('/dang-nhap', {
			form: credentials,
			headers: { origin: EVIL },
			maxRedirects: 0
		});
		expect(response.status()).toBe(403);
		expect(response.headers()['set-cookie'] ?? '').not.toContain('gs_session');
	});

	test('a JSON post from another site gets 403 and no session', async ({ request }) => {
		const response = await request.post('/dang-nhap', {
			data: credentials,
			headers: { origin: EVIL, 'content-type': 'application/json' },
			maxRedirects: 0
		});
		expect(response.status()).toBe(403);
		expect(response.headers()['set-cookie'] ?? '').not.toContain('gs_session');
	});

	test('without an Origin header, Sec-Fetch-Site: cross-site is refused too', async ({
		request
	}) => {
		const response = await request.post('/dang-xuat', {
			form: {},
			headers: { 'sec-fetch-site': 'cross-site' },
			maxRedirects: 0
		});
		expect(response.status()).toBe(403);
	});

	test('the same form post from the site itself signs in', async ({ request, baseURL }) => {
		const response = await request.post('/dang-nhap', {
			form: credentials,
			// text/html: a plain browser form post (a JSON Accept gets SvelteKit's JSON action reply).
			headers: { origin: new URL(baseURL!).origin, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(response.status()).toBe(303);
		expect(response.headers()['set-cookie']).toContain('gs_session=');
		expect(response.headers()['set-cookie']?.toLowerCase()).toContain('httponly');
	});
});

test.describe('a forged session cookie', () => {
	test('is treated as signed out, and cleared', async ({ request }) => {
		const response = await request.get('/tai-khoan', {
			headers: { cookie: 'gs_session=xyz' },
			maxRedirects: 0
		});
		expect(response.status()).toBe(303);
		expect(response.headers()['location']).toBe('/dang-nhap?redirectTo=%2Ftai-khoan');
		// The server tells the browser to drop the cookie it did not recognise.
		expect(response.headers()['set-cookie']).toMatch(
			/gs_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i
		);
	});

	test('in a browser, shows the signed-out header', async ({ page, context, baseURL }) => {
		await context.addCookies([{ name: 'gs_session', value: 'xyz', url: baseURL! }]);
		await page.goto('/tai-khoan');
		await expect(page).toHaveURL(/\/dang-nhap\?redirectTo=%2Ftai-khoan$/);
		await expect(mainNav(page).getByRole('link', { name: 'Đăng nhập' })).toBeVisible();
		await expect(mainNav(page).getByRole('button', { name: 'Đăng xuất' })).toHaveCount(0);
		const admin = await page.goto('/quan-tri');
		expect(admin?.url()).toContain('/dang-nhap?redirectTo=%2Fquan-tri');
	});
});

test('sign-in never redirects to another site', async ({ page }) => {
	await page.goto('/dang-nhap?redirectTo=//evil.example/trang');
	await submitSignIn(page, credentials.email, credentials.password);
	await expect(page).toHaveURL(/^http:\/\/(127\.0\.0\.1|localhost):\d+\/$/);
});

test('pages carry the security headers', async ({ request }) => {
	const response = await request.get('/');
	expect(response.headers()['x-content-type-options']).toBe('nosniff');
	expect(response.headers()['x-frame-options']).toBe('SAMEORIGIN');
	expect(response.headers()['referrer-policy']).toBe('strict-origin-when-cross-origin');
});
