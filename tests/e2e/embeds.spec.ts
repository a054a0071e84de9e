import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	chromium,
	expect,
	test,
	type BrowserContext,
	type Frame,
	type Page,
	type TestInfo
} from '@playwright/test';
import {
	appNow,
	expectFitsPhone,
	expectNoSeriousA11yViolations,
	hydrated,
	runStamp,
	signIn,
	vietnamLocalInput
} from './support';

// Issue 21's "done means": a portal on a second local origin frames the demo poll (its snippet
// copied from the poll's admin page), a visitor whose browser blocks third-party cookies votes
// inside the frame, and the vote is counted exactly once; a third origin, not on the unit's list,
// cannot frame it. The portals are tiny servers on other loopback addresses with the app's port
// (so two runs with different E2E_PORT never meet): 127.0.0.2 is listed, 127.0.0.3 is not.
// A poll of its own (the demo poll's tally is counted exactly by voting.spec.ts, which runs beside).
const POLL_TITLE = `Bình chọn trên cổng thông tin ${runStamp()}`;
const OPTION = 'Phương án nhúng A';

test.describe.configure({ mode: 'serial' });

let portalHtml = '';
const portals: Server[] = [];
let allowed = '';
let refused = '';
let pollId = 0;

/** Starts the two portals on the app's port (of this project's server), serving `portalHtml`. */
async function startPortals(baseURL: string) {
	const port = Number(new URL(baseURL).port);
	for (const host of ['127.0.0.2', '127.0.0.3']) {
		const server = createServer((_req, res) => {
			res.setHeader('content-type', 'text/html; charset=utf-8');
			res.end(
				`<!doctype html><html lang="vi"><head><title>Cổng thông tin</title></head>` +
					`<body><h1>Cổng thông tin đơn vị</h1>${portalHtml}</body></html>`
			);
		});
		await new Promise<void>((resolve) => server.listen(port, host, resolve));
		portals.push(server);
	}
	allowed = `http://127.0.0.2:${port}`;
	refused = `http://127.0.0.3:${port}`;
}

test.afterAll(async () => {
	await Promise.all(portals.map((s) => new Promise((resolve) => s.close(resolve))));
});

/**
 * A browser profile whose user setting blocks third-party cookies (Chromium's "Chặn cookie của bên
 * thứ ba"): a persistent profile, since an incognito-like context has its own default.
 */
async function profile(
	testInfo: TestInfo,
	blockThirdParty: boolean
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
	const dir = mkdtempSync(join(tmpdir(), 'gs-embed-'));
	mkdirSync(join(dir, 'Default'));
	writeFileSync(
		join(dir, 'Default', 'Preferences'),
		JSON.stringify({
			profile: {
				cookie_controls_mode: blockThirdParty ? 1 : 0,
				block_third_party_cookies: blockThirdParty
			}
		})
	);
	const use = testInfo.project.use;
	const context = await chromium.launchPersistentContext(dir, {
		...use.launchOptions,
		locale: 'vi-VN',
		timezoneId: 'Asia/Ho_Chi_Minh'
	});
	return {
		context,
		close: async () => {
			await context.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** The frame the portal page holds, once its document has loaded. */
async function pollFrame(page: Page): Promise<Frame> {
	const handle = await page.locator('iframe[data-guong-sang]').elementHandle();
	const frame = await handle!.contentFrame();
	await frame!.waitForLoadState('load');
	return frame!;
}

/** Sets a cookie from inside the frame's own document and says whether the browser kept it. */
async function frameKeepsCookie(frame: Frame): Promise<boolean> {
	return frame.evaluate(() => {
		document.cookie = 'gs_probe=1; SameSite=None; Secure; path=/';
		return document.cookie.includes('gs_probe=1');
	});
}

/** The option's votes as the public poll page shows them (the tally is live in the demo poll). */
async function votesFor(page: Page, option: string): Promise<number> {
	await page.goto(`/binh-chon/${pollId}`);
	const row = page.locator('.bars li').filter({ hasText: option });
	const text = (await row.locator('.num').textContent())!;
	return Number(text.match(/^[\d.]+/)![0].replace(/\./g, ''));
}

test('the organizer lists the portal and copies the poll’s snippet', async ({ page, baseURL }) => {
	await startPortals(baseURL!);
	test.setTimeout(180_000);
	await signIn(page, 'tochuc@guongsang.vn');
	await page.goto('/quan-tri/binh-chon');
	await hydrated(page);
	// Options can be added until the poll opens: it opens on the minute after next.
	const now = await appNow(page.request);
	const opensAt = new Date(Math.ceil((now.getTime() + 30_000) / 60_000) * 60_000);
	await page.getByLabel('Tên cuộc bình chọn').fill(POLL_TITLE);
	await page.getByLabel('Đơn vị tổ chức').selectOption({ index: 1 });
	await page.getByLabel('Mở lúc (giờ Việt Nam)').fill(vietnamLocalInput(opensAt, 0));
	await page.getByLabel('Đóng lúc (giờ Việt Nam)').fill(vietnamLocalInput(opensAt, 7 * 86_400_000));
	await page.getByLabel('Ai được bình chọn').selectOption('anyone');
	await page.getByLabel('Công bố kết quả').selectOption('live');
	await page.getByRole('button', { name: 'Tạo cuộc bình chọn' }).click();
	await expect(page).toHaveURL(/\/quan-tri\/binh-chon\/\d+/);
	pollId = Number(new URL(page.url()).pathname.split('/').pop());
	await hydrated(page);
	for (const name of [OPTION, 'Phương án nhúng B']) {
		await page.getByLabel('Tên phương án').fill(name);
		await page.getByRole('button', { name: 'Thêm phương án' }).click();
		await expect(page.getByText(name).first()).toBeVisible();
	}

	await page.goto(`/quan-tri/binh-chon/${pollId}`);
	await page.getByRole('link', { name: 'Sửa danh sách trang được nhúng' }).click();
	await hydrated(page);

	// A path, a wildcard and a non-web address are refused, field by field, and nothing is saved.
	const box = page.getByLabel('Địa chỉ các trang được phép nhúng');
	await box.fill(`${allowed}/tin-tuc\n*.example.vn\nftp://example.vn`);
	await page.getByRole('button', { name: 'Lưu danh sách' }).click();
	await expect(page.getByText('không kèm đường dẫn')).toBeVisible();
	await expect(page.getByText('không dùng ký tự đại diện')).toBeVisible();
	await expect(page.getByText('phải bắt đầu bằng https://')).toBeVisible();

	await box.fill(`${allowed}/\n`);
	await page.getByRole('button', { name: 'Lưu danh sách' }).click();
	await expect(page.getByText('Đã lưu danh sách trang được nhúng.')).toBeVisible();
	await page.reload();
	await expect(page.getByLabel('Địa chỉ các trang được phép nhúng')).toHaveValue(allowed);

	// The snippet, as copied from the poll's admin page, is what the portal's page will carry.
	await page.goto(`/quan-tri/binh-chon/${pollId}`);
	portalHtml = await page.getByTestId('embed-snippet').inputValue();
	expect(portalHtml).toContain(`/nhung/binh-chon/${pollId}`);
	expect(portalHtml).toContain('/nhung.js');
	const wait = opensAt.getTime() - (await appNow(page.request)).getTime() + 1_000;
	if (wait > 0) await page.waitForTimeout(wait);
});

test('a visitor blocking third-party cookies votes inside the frame, counted once', async ({
	page
}, testInfo) => {
	const before = await votesFor(page, OPTION);

	// The probe is meaningful: with third-party cookies allowed, the frame keeps its cookie.
	const open = await profile(testInfo, false);
	const control = await open.context.newPage();
	await control.goto(`${allowed}/`);
	expect(await frameKeepsCookie(await pollFrame(control))).toBe(true);
	await open.close();

	const blocked = await profile(testInfo, true);
	try {
		const portal = await blocked.context.newPage();
		await portal.goto(`${allowed}/`);
		const frame = await pollFrame(portal);
		// Third-party cookies are blocked for real: a cookie set in the frame is not kept.
		expect(await frameKeepsCookie(frame)).toBe(false);
		await frame.waitForLoadState('networkidle');

		// The sizing script fits the iframe to the frame's content, whatever the content's height.
		const iframe = portal.locator('iframe[data-guong-sang]');
		const content = () => frame.evaluate(() => document.documentElement.scrollHeight);
		await expect
			.poll(async () => Math.abs((await iframe.boundingBox())!.height - (await content())))
			.toBeLessThanOrEqual(2);

		const inside = portal.frameLocator('iframe[data-guong-sang]');
		await expect(inside.getByRole('heading', { level: 1, name: POLL_TITLE })).toBeVisible();
		await inside.getByLabel(OPTION).check();
		// The proof of work runs in the frame before the ballot is posted.
		const challenge = portal.waitForResponse((r) =>
			r.url().endsWith(`/api/binh-chon/${pollId}/thu-thach`)
		);
		await inside.getByRole('button', { name: 'Gửi phiếu bình chọn' }).click();
		expect((await challenge).status()).toBe(200);
		await expect(inside.getByTestId('vote-recorded')).toContainText(
			'Phiếu của bạn đã được ghi nhận',
			{ timeout: 30_000 }
		);
		const code = (await inside.getByTestId('tracking-code').textContent())!.trim();
		expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		// No cookie of ours was kept: the ballot counted without one.
		expect(await blocked.context.cookies('http://127.0.0.1')).toEqual([]);

		// Counted, and once: the lookup finds it, the option has exactly one more vote.
		await page.goto(`/binh-chon/${pollId}?ma=${code}`);
		await expect(page.getByTestId('lookup-result')).toContainText('đã được ghi nhận và được tính');
		expect(await votesFor(page, OPTION)).toBe(before + 1);
	} finally {
		await blocked.close();
	}
});

test('a site not on the list cannot frame the poll', async ({ browser }) => {
	const context = await browser.newContext();
	const portal = await context.newPage();
	const refusal = portal.waitForEvent('console', (m) => m.text().includes('frame-ancestors'));
	await portal.goto(`${refused}/`);
	expect((await refusal).text()).toContain('The request has been blocked');
	// Nothing of the poll is rendered in the frame.
	const inside = portal.frameLocator('iframe[data-guong-sang]');
	await expect(inside.getByRole('heading', { name: POLL_TITLE })).toHaveCount(0);
	await expect(inside.getByRole('button', { name: 'Gửi phiếu bình chọn' })).toHaveCount(0);
	await context.close();
});

test('the embeddable page is accessible and fits a 360 px portal column', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 740 });
	const response = await page.goto(`/nhung/binh-chon/${pollId}`);
	expect(response!.headers()['x-frame-options']).toBeUndefined();
	expect(response!.headers()['content-security-policy']).toContain(
		`frame-ancestors 'self' ${allowed}`
	);
	await hydrated(page);
	await expect(page.getByRole('banner')).toHaveCount(0);
	await expectFitsPhone(page, 360);
	await expectNoSeriousA11yViolations(page);
});

test('oEmbed: the poll page names its oEmbed answer, which frames the poll', async ({
	page,
	request
}) => {
	await page.goto(`/binh-chon/${pollId}`);
	const href = await page
		.locator('link[rel="alternate"][type="application/json+oembed"]')
		.getAttribute('href');
	const answer = await (await request.get(href!)).json();
	expect(answer).toMatchObject({ version: '1.0', type: 'rich', provider_name: 'Gương Sáng' });
	expect(answer.title).toBe(`Bình chọn: ${POLL_TITLE}`);
	expect(answer.html).toContain(`/nhung/binh-chon/${pollId}"`);
	// Open Graph for sharing: an absolute address and a picture.
	await expect(page.locator('meta[property="og:url"]')).toHaveAttribute(
		'content',
		new URL(`/binh-chon/${pollId}`, page.url()).href
	);
	await expect(page.locator('meta[property="og:image"]')).toHaveAttribute('content', /^http/);
	// An address the public cannot read, or of no embeddable page, is not found.
	for (const url of [new URL('/quan-tri', page.url()).href, 'https://example.vn/binh-chon/1'])
		expect((await request.get(`/oembed?${new URLSearchParams({ url })}`)).status()).toBe(404);
});

test('the honour roll’s frame lists the models, framed by the top units’ portals', async ({
	page
}) => {
	const response = await page.goto('/nhung/vinh-danh');
	expect(response!.headers()['x-frame-options']).toBeUndefined();
	await expect(page.getByRole('heading', { level: 1, name: 'Bảng vàng Gương Sáng' })).toBeVisible();
	await expect(page.locator('.model').first()).toBeVisible();
	// Every other page still refuses other sites.
	const home = await page.goto('/');
	expect(home!.headers()['x-frame-options']).toBe('SAMEORIGIN');
	expect(home!.headers()['content-security-policy']).toContain("frame-ancestors 'self'");
	expect(home!.headers()['content-security-policy']).not.toContain('127.0.0.2');
});

// The demo contest of last weeks (the province's, whose list names the portal): its first
// round has closed, so its board is public and can be framed.
const CLOSED_CONTEST = 'Cuộc thi trực tuyến tìm hiểu 95 năm Ngày thành lập Đoàn TNCS Hồ Chí Minh';
let boardPath = '';

/** The rows of a round board's table: rank, name, unit, right answers, prediction. */
async function boardRows(root: Page | ReturnType<Page['frameLocator']>) {
	const rows = root.getByTestId('round-board').locator('tbody tr');
	await expect(rows.first()).toBeVisible();
	return (await rows.evaluateAll((trs) =>
		trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 5).map((td) => td.textContent!.trim()))
	)) as string[][];
}

test('the organizer copies a round board’s snippet from the contest’s admin page', async ({
	page
}) => {
	await signIn(page, 'tochuc@guongsang.vn');
	await page.goto('/quan-tri/cuoc-thi');
	await page.getByRole('link', { name: CLOSED_CONTEST }).click();
	await expect(page.getByRole('heading', { level: 1, name: CLOSED_CONTEST })).toBeVisible();
	const contestId = Number(new URL(page.url()).pathname.split('/').pop());
	// The round picker works without JavaScript: a GET form that reloads with the round's code.
	await page.getByLabel('Bảng xếp hạng của tuần').selectOption({ label: 'Tuần 1' });
	await page.getByRole('button', { name: 'Lấy mã' }).click();
	await expect(page).toHaveURL(/[?&]tuan=\d+/);
	const roundId = Number(new URL(page.url()).searchParams.get('tuan'));
	boardPath = `/cuoc-thi/${contestId}/tuan/${roundId}`;
	portalHtml = await page.getByTestId('embed-snippet').inputValue();
	expect(portalHtml).toContain(`/nhung${boardPath}"`);
	expect(portalHtml).toContain(`title="Bảng xếp hạng: ${CLOSED_CONTEST} — Tuần 1"`);
	expect(portalHtml).toContain('/nhung.js');
});

test('the listed portal frames the round board: the public page’s names and scores', async ({
	page,
	browser
}) => {
	await page.goto(boardPath);
	const published = await boardRows(page);
	// The demo's ten guests took week 1; the frame shows up to twenty places.
	expect(published).toHaveLength(10);
	expect(published[0]![1]).toMatch(/^(Nguyễn Thu Hà|Lê Thị Lan)$/);
	expect(published[0]![3]).toBe('5');

	const context = await browser.newContext();
	const portal = await context.newPage();
	await portal.goto(`${allowed}/`);
	const inside = portal.frameLocator('iframe[data-guong-sang]');
	await expect(
		inside.getByRole('heading', { level: 1, name: 'Bảng xếp hạng Tuần 1' })
	).toBeVisible();
	expect(await boardRows(inside)).toEqual(published);
	await expect(inside.getByRole('heading', { name: 'Giải thưởng' })).toBeVisible();
	const full = inside.getByRole('link', { name: /Xem đầy đủ/ });
	await expect(full).toHaveAttribute('target', '_blank');
	await expect(full).toHaveAttribute('href', boardPath);
	await context.close();

	// The public page names its oEmbed answer, which frames the board.
	const href = await page
		.locator('link[rel="alternate"][type="application/json+oembed"]')
		.getAttribute('href');
	const answer = await (await page.request.get(href!)).json();
	expect(answer.title).toBe(`Bảng xếp hạng: ${CLOSED_CONTEST} — Tuần 1`);
	expect(answer.html).toContain(`/nhung${boardPath}"`);

	// The frame's own response names the portal.
	const response = await page.goto(`/nhung${boardPath}`);
	expect(response!.headers()['x-frame-options']).toBeUndefined();
	expect(response!.headers()['content-security-policy']).toContain(
		`frame-ancestors 'self' ${allowed}`
	);
});

test('a site not on the list cannot frame the round board', async ({ browser }) => {
	const context = await browser.newContext();
	const portal = await context.newPage();
	const refusal = portal.waitForEvent('console', (m) => m.text().includes('frame-ancestors'));
	await portal.goto(`${refused}/`);
	expect((await refusal).text()).toContain('The request has been blocked');
	const inside = portal.frameLocator('iframe[data-guong-sang]');
	await expect(inside.getByTestId('round-board')).toHaveCount(0);
	await context.close();
});

test('the round board’s frame is accessible and fits a 360 px portal column', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 740 });
	await page.goto(`/nhung${boardPath}`);
	await hydrated(page);
	await expect(page.getByRole('banner')).toHaveCount(0);
	await expectFitsPhone(page, 360);
	await expectNoSeriousA11yViolations(page);
});
