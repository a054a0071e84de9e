import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import jsQR from 'jsqr';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { AppProcesses, waitHealthy, type AppProcess } from './app-process';
import { ports } from './ports';
import { fillLiveGame, hydrated, pdfText, signIn } from './support';

// `npm run hall` in a hall without internet. 127.0.0.2 stands in for the laptop's LAN address
// (any address of loopback's /8 is this machine, and hall mode may advertise it); the host's own
// browser uses 127.0.0.1, the big screen localhost: three origins of one server. Every request to
// anything but this machine is blocked and recorded, so the game is played offline.
// Demo bank: Q1 right "26/3/1931", Q2 right "Hội Việt Nam Cách mạng Thanh niên".

const LAN = '127.0.0.2';
const port = ports.hall;
const lanOrigin = `http://${LAN}:${port}`;
const Q1 = { right: '26/3/1931', wrong: '19/5/1931' };
const Q2 = { right: 'Hội Việt Nam Cách mạng Thanh niên', wrong: 'Tâm tâm xã' };

const apps = new AppProcesses();
let dataDir = '';
/** Requests that tried to leave the machine. */
const blocked: string[] = [];

test.describe.configure({ mode: 'serial', timeout: 300_000 });

async function startHall(): Promise<AppProcess> {
	const hall = apps.start('scripts/hall.js', {
		port,
		dataDir,
		env: { HALL_ADDRESS: LAN, ORIGIN: '', EXTRA_ORIGINS: '', HOST: '' }
	});
	await waitHealthy(hall);
	// The banner comes once the server listens.
	await expect
		.poll(() => hall.output(), { timeout: 30_000 })
		.toContain('Rung chuông vàng tại hội trường');
	return hall;
}

const isLocal = (url: URL) =>
	url.hostname === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);

/** A browser context that may reach this machine only. */
async function offline(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}) {
	const context = await browser.newContext(options);
	await context.route(
		(url) => !isLocal(url) && url.protocol.startsWith('http'),
		(route) => {
			blocked.push(route.request().url());
			return route.abort('internetdisconnected');
		}
	);
	return context;
}

const following = (page: Page) =>
	page.waitForFunction(() => document.documentElement.dataset.live === 'on', null, {
		timeout: 60_000
	});

/** What a screen's stream says first: the game as it stands. */
async function streamedGame(code: string) {
	const controller = new AbortController();
	const response = await fetch(`http://127.0.0.1:${port}/man-hinh/${code}/su-kien`, {
		signal: controller.signal
	});
	const reader = response.body!.getReader();
	let text = '';
	while (!/\n\n/.test(text.slice(text.indexOf('event: state')))) {
		const { value, done } = await reader.read();
		if (done) break;
		text += new TextDecoder().decode(value);
	}
	controller.abort();
	const data = text.slice(text.indexOf('event: state')).match(/^data: (.*)$/m)![1]!;
	return JSON.parse(data) as { question: { number: number; deadlineAt: number | null } };
}

/** The QR on the big screen, decoded from its pixels as a phone's camera would. */
async function scanQr(screen: Page): Promise<string> {
	const shot = await screen.getByRole('img', { name: 'Mã QR để tham gia' }).screenshot();
	const png = PNG.sync.read(shot);
	const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
	expect(code, 'a readable QR on the big screen').not.toBeNull();
	return code!.data;
}

async function joinFromLink(context: BrowserContext, link: string, name: string) {
	const page = await context.newPage();
	await page.goto(link);
	await hydrated(page);
	await page.getByLabel('Tên hiển thị').fill(name);
	await page.getByLabel('Đơn vị (chi đoàn, lớp…)').fill('Chi đoàn thôn Đường Nhạn');
	await page.getByRole('button', { name: 'Vào phòng chờ' }).click();
	await expect(page.getByText('Đã vào phòng chờ')).toBeVisible();
	await following(page);
	return page;
}

async function choose(page: Page, option: string) {
	await page.getByRole('button', { name: option }).click();
	await expect(page.getByText('Đã gửi câu trả lời')).toBeVisible();
}

test.beforeAll(() => {
	dataDir = mkdtempSync(join(tmpdir(), 'guong-sang-e2e-hall-'));
});

test.afterAll(async () => {
	await apps.stopAll();
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('a hall plays offline from the big screen’s QR, through a crash of the host’s laptop', async ({
	browser
}) => {
	let hall = await startHall();
	expect(hall.output()).toContain(`${lanOrigin}/choi`);

	// The host on this laptop's own browser (127.0.0.1) creates a game of two questions.
	const hostContext = await offline(browser, { baseURL: hall.url });
	const host = await hostContext.newPage();
	// The block is real: a page that reaches for the internet is stopped and recorded.
	const probe = await hostContext.newPage();
	await expect(probe.goto('https://fonts.example.com/be-vietnam-pro.woff2')).rejects.toThrow();
	expect(blocked).toEqual(['https://fonts.example.com/be-vietnam-pro.woff2']);
	blocked.length = 0;
	await probe.close();
	await signIn(host, 'tochuc@guongsang.vn');
	await host.goto('/quan-tri/rung-chuong-vang');
	await hydrated(host);
	await fillLiveGame(host, 'Rung chuông vàng hội trường xã');
	await host.getByLabel('Thời gian mỗi câu (giây)').fill('150');
	await host.getByRole('button', { name: 'Tạo trò chơi' }).click();
	await following(host);
	const code = (await host.locator('strong.code').textContent())!.trim();
	// The console gives the hall's address, not the one the host typed.
	await expect(host.getByText(`${lanOrigin}/choi/${code}`)).toBeVisible();
	// So does the join poster printed from it.
	const poster = await host.request.get(`/quan-tri/rung-chuong-vang/${code}/in/ap-phich`);
	expect(await pdfText(new Uint8Array(await poster.body()))).toContain(`${lanOrigin}/choi/${code}`);

	// The projector's browser opens the big screen through yet another name of the machine.
	const screenContext = await offline(browser, {
		baseURL: `http://localhost:${port}`,
		viewport: { width: 1280, height: 720 }
	});
	const screen = await screenContext.newPage();
	await screen.goto(`/man-hinh/${code}`);
	await following(screen);
	const link = await scanQr(screen);
	expect(link).toBe(`${lanOrigin}/choi/${code}`);

	// Three phones join through the scanned link, on the hall's address.
	const phones: Page[] = [];
	for (const name of ['Lò Văn Sáng', 'Hà Thị Mai', 'Vi Văn Tùng']) {
		const context = await offline(browser, { viewport: { width: 360, height: 780 } });
		phones.push(await joinFromLink(context, link, name));
	}
	const [sang, mai, tung] = phones as [Page, Page, Page];
	await expect(screen.getByText('3 người đã tham gia')).toBeVisible();

	await host.getByRole('button', { name: 'Bắt đầu (mở câu 1)', exact: true }).click();
	await expect(screen.getByText('Câu 1/2')).toBeVisible();
	await choose(sang, Q1.right);
	await choose(mai, Q1.wrong);
	const before = await streamedGame(code);
	expect(before.question.deadlineAt).not.toBeNull();

	// The laptop crashes mid-question; the phones notice, and the host starts the hall again.
	hall.proc.kill('SIGKILL');
	await hall.exited;
	await expect
		.poll(() => tung.evaluate(() => document.documentElement.dataset.live))
		.toBe('reconnecting');
	hall = await startHall();

	// Same question, same deadline; every screen reconnects by itself, the last answer is taken.
	const after = await streamedGame(code);
	expect(after.question).toMatchObject({ number: 1, deadlineAt: before.question.deadlineAt });
	for (const page of [host, screen, ...phones]) await following(page);
	await choose(tung, Q1.right);
	await host.getByRole('button', { name: 'Đóng câu hỏi', exact: true }).click();
	await host.getByRole('button', { name: 'Công bố đáp án', exact: true }).click();
	await expect(screen.getByText('1 người bị loại')).toBeVisible();
	await expect(mai.getByText('Bạn đã bị loại ở câu 1')).toBeVisible();
	await expect(tung.getByText('Bạn vẫn còn trên sàn thi đấu')).toBeVisible();

	await host.getByRole('button', { name: 'Mở câu tiếp theo', exact: true }).click();
	await expect(screen.getByText('Câu 2/2')).toBeVisible();
	await choose(sang, Q2.right);
	await choose(tung, Q2.wrong);
	await host.getByRole('button', { name: 'Đóng câu hỏi', exact: true }).click();
	await host.getByRole('button', { name: 'Công bố đáp án', exact: true }).click();
	await expect(sang.getByText('Chúc mừng! Bạn đã rung chuông vàng.')).toBeVisible();
	await expect(screen.getByText(/Lò Văn Sáng/).first()).toBeVisible();

	// Nothing on any of these pages asked for anything beyond this machine.
	expect(blocked).toEqual([]);
});

test('writes through any of the machine’s addresses are the same site; other origins are refused', async () => {
	const post = (origin: string) =>
		fetch(`http://127.0.0.1:${port}/dang-nhap`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ email: 'tochuc@guongsang.vn', password: 'sai-mat-khau' })
		});
	for (const origin of [lanOrigin, `http://127.0.0.1:${port}`, `http://localhost:${port}`])
		expect((await post(origin)).status, origin).not.toBe(403);
	for (const origin of [`http://${LAN}:${port + 1}`, `http://hoi-truong.example:${port}`])
		expect((await post(origin)).status, origin).toBe(403);
});
