// Steps of a live game shared by the live specs: phones joining and answering, the host's
// buttons, the big screen on a window of its own.
import { expect, type Browser, type Page } from '@playwright/test';
import { fillLiveGame, hydrated, signIn } from './support';

/** Hydrated and connected to the game's stream (networkidle never comes with SSE open). */
export async function following(page: Page) {
	await page.waitForFunction(() => document.documentElement.dataset.live === 'on');
}

export async function phone(browser: Browser): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
	return context.newPage();
}

export async function joinAs(page: Page, code: string, name: string, unit: string) {
	await page.goto('/choi');
	await hydrated(page);
	await page.getByLabel('Mã tham gia').fill(code.toLowerCase());
	await page.getByRole('button', { name: 'Vào phòng chơi' }).click();
	await expect(page).toHaveURL(new RegExp(`/choi/${code}$`));
	await hydrated(page);
	await page.getByLabel('Tên hiển thị').fill(name);
	await page.getByLabel('Đơn vị (chi đoàn, lớp…)').fill(unit);
	await page.getByRole('button', { name: 'Vào phòng chờ' }).click();
	await expect(page.getByText('Đã vào phòng chờ')).toBeVisible();
	await following(page);
}

export async function choose(page: Page, option: string) {
	await page.getByRole('button', { name: option }).click();
	await expect(page.getByText('Đã gửi câu trả lời')).toBeVisible();
}

/** The host creates a game of the demo bank's first two questions; `prepare` fills the rest. */
export async function createGame(host: Page, title: string, prepare: () => Promise<void>) {
	await signIn(host, 'tochuc@guongsang.vn');
	await host.goto('/quan-tri/rung-chuong-vang');
	await hydrated(host);
	await fillLiveGame(host, title);
	await prepare();
	await host.getByRole('button', { name: 'Tạo trò chơi' }).click();
	await following(host);
	return (await host.locator('strong.code').textContent())!.trim();
}

/** The big screen of a game, on a 16:9 window of its own (720p unless told). */
export async function bigScreen(
	browser: Browser,
	code: string,
	options: { width?: number; height?: number; reducedMotion?: 'reduce' | 'no-preference' } = {}
) {
	const { width = 1280, height = 720, reducedMotion } = options;
	const context = await browser.newContext({ viewport: { width, height }, reducedMotion });
	const screen = await context.newPage();
	await screen.goto(`/man-hinh/${code}`);
	await following(screen);
	return { screen, close: () => context.close() };
}

export async function hostClick(host: Page, name: string) {
	// Exact: "Cứu trợ" and "Mở câu hỏi cứu trợ" sit side by side.
	await host.getByRole('button', { name, exact: true }).click();
}
