import { expect, test } from '@playwright/test';

// The read API as a portal uses it: a page of another origin (localhost against 127.0.0.1) reads
// it from the browser, with the CORS preflight an If-None-Match brings, and gets 304 back. The
// "portal" is an API answer itself: our pages' CSP would forbid them to connect elsewhere.

test('another site reads the API from the browser: CORS, ETag and 304', async ({
	page,
	baseURL
}) => {
	const api = new URL(baseURL!);
	const portal = new URL(baseURL!);
	portal.hostname = 'localhost';
	portal.pathname = '/api/v1/dot';
	await page.goto(portal.href);
	const seen = await page.evaluate(async (origin) => {
		const first = await fetch(`${origin}/api/v1/vinh-danh`);
		const body = await first.json();
		const etag = first.headers.get('etag') ?? '';
		const again = await fetch(`${origin}/api/v1/vinh-danh`, {
			headers: { 'If-None-Match': etag },
			cache: 'no-store'
		});
		return { status: first.status, rows: body.rows.length, etag, again: again.status };
	}, api.origin);
	expect(seen.status).toBe(200);
	expect(seen.rows).toBeGreaterThan(0);
	expect(seen.etag).toMatch(/^W\/"/);
	expect(seen.again).toBe(304);
});

test('the OpenAPI document, HEAD, and refusals as JSON in Vietnamese', async ({ request }) => {
	const document = await request.get('/api/v1/openapi.json');
	expect(document.status()).toBe(200);
	expect((await document.json()).openapi).toBe('3.1.0');
	const head = await request.head('/api/v1/dot');
	expect(head.status()).toBe(200);
	expect(head.headers()['etag']).toMatch(/^W\//);
	expect(head.headers()['access-control-allow-origin']).toBe('*');
	const missing = await request.get('/api/v1/xac-minh/KHONG-CO');
	expect(missing.status()).toBe(404);
	expect((await missing.json()).message).toContain('Không tồn tại giấy chứng nhận');
	const post = await request.post('/api/v1/dot', { data: {} });
	expect(post.status()).toBe(405);
	const csv = await request.get('/api/v1/du-lieu/vinh-danh');
	expect(csv.headers()['content-type']).toContain('text/csv');
	expect(await csv.text()).toContain('Giấy phép');
});
