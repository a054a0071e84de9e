import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, hydrated, mainNav, signIn, submitSignIn } from './support';

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

test('pages and static files carry the security headers', async ({ request }) => {
	const response = await request.get('/');
	const csp = response.headers()['content-security-policy'] ?? '';
	expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
	expect(csp).toContain("frame-ancestors 'self'");
	expect(csp).toContain("object-src 'none'");
	// Every inline script of the page carries this response's nonce.
	const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
	const html = await response.text();
	const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
	expect(inline.length).toBeGreaterThan(0);
	for (const tag of inline) expect(tag[1]).toContain(`nonce="${nonce}"`);

	// A script the page loads, as the built app names it (served by adapter-node, not the hooks).
	const asset = /_app\/immutable\/[^"']+\.js/.exec(html)?.[0];
	expect(asset, 'a built script in the page').toBeTruthy();
	for (const path of [`/${asset!}`, '/favicon.svg', '/']) {
		const headers = (await request.get(path)).headers();
		expect(headers['x-content-type-options'], path).toBe('nosniff');
		expect(headers['x-frame-options'], path).toBe('SAMEORIGIN');
		expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
	}
});

test('the policy blocks nothing the app itself needs', async ({ page }) => {
	const violations: string[] = [];
	page.on('console', (message) => {
		if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
	});
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) =>
			console.error(`Content-Security-Policy: ${e.violatedDirective} ${e.blockedURI}`)
		);
	});
	for (const path of ['/', '/vinh-danh', '/xac-minh', '/dang-ky', '/choi']) {
		await page.goto(path);
		await hydrated(page);
	}
	await signIn(page, credentials.email, credentials.password);
	for (const path of ['/quan-tri', '/quan-tri/rung-chuong-vang', '/quan-tri/binh-chon']) {
		await page.goto(path);
		await hydrated(page);
	}
	expect(violations).toEqual([]);
});
